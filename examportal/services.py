"""The one error class of the portal's services."""

from django.core.exceptions import ValidationError


class ServiceError(ValidationError):
    """A change the rules refuse, with a Vietnamese message shown to the user as is.

    Every app's services raise it (or ``PermissionDenied`` for missing rights); being a
    ``ValidationError``, a form shows it like any other error."""

    def __init__(self, message, code=None, params=None):
        super().__init__(message, code=code, params=params)

    def __str__(self):
        return " ".join(self.messages)
