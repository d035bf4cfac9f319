"""Request-size limits for the hotline's public forms.

A file larger than the per-file limit is skipped while the request streams in (it never reaches
the disk) and the form is shown again with everything typed; a body larger than all files at
their limit together is refused before it is read (examportal.uploads).
"""

from examportal.uploads import body_too_large, limit_uploads

from . import conf


def install(request):
    """Put the size-limit handler in front; returns it (its ``skipped`` lists refused names)."""
    return limit_uploads(request, conf.max_attachment_bytes())


def too_large(request):
    return body_too_large(request, conf.max_request_bytes())
