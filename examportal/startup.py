"""What the web server entry points check before they serve anything."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def require_secret_key():
    """Refuse to start without SECRET_KEY (settings only fill in a development key with DEBUG)."""
    try:
        key = settings.SECRET_KEY
    except ImproperlyConfigured:  # Django refuses to hand out an empty key
        key = ""
    if not key:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
