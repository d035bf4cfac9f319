"""Protected files handed to nginx after a view has checked (and counted) the request.

With ``X_ACCEL_REDIRECT_PREFIX`` set (nginx in front, deploy/nginx), a download view answers with
an empty response carrying ``X-Accel-Redirect: <prefix><area>/<stored name>``; nginx sends the
file from an internal location that no client can ask for directly. The areas are the two local
folders nginx knows: ``media`` (MEDIA_ROOT, where document files live) and ``private`` (the
private root: ``private_root()``). Anything else (no prefix, an object store) returns None and the view
streams the file itself, as in development.
"""

from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import HttpResponse

from examportal.registry import contributions


def beside_media(configured, suffix):
    """An app's folder of files no web server serves: ``configured`` when set, else next to
    MEDIA_ROOT, named after it plus ``suffix`` (``media`` → ``media-private``)."""
    if configured:
        return Path(configured)
    media = Path(settings.MEDIA_ROOT)
    return media.with_name(media.name + suffix)


def inside_media(path):
    """Whether ``path`` is MEDIA_ROOT or a folder under it, which nginx serves to anyone."""
    media, path = Path(settings.MEDIA_ROOT).resolve(), Path(path).resolve()
    return path == media or media in path.parents


def private_root():
    """The folder of files no web server may serve directly (today the hotline's attachments):
    the one app that declares ``private_root`` in its ``contributes`` says where it is."""
    (root,) = contributions("private_root")
    return Path(root())


def _area(storage):
    location = Path(storage.location).resolve()
    if location == Path(settings.MEDIA_ROOT).resolve():
        return "media"
    if location == private_root().resolve():
        return "private"
    return None


def accel_response(field_file, content_type):
    """An empty response that has nginx send ``field_file``, or None (stream it yourself).

    Raises FileNotFoundError when the stored file is missing, as opening it would.
    """
    prefix = getattr(settings, "X_ACCEL_REDIRECT_PREFIX", "")
    storage = field_file.storage
    if not prefix or not isinstance(storage, FileSystemStorage):
        return None
    area = _area(storage)
    if area is None:
        return None
    if not storage.exists(field_file.name):
        raise FileNotFoundError(field_file.name)
    response = HttpResponse(content_type=content_type)
    response["X-Accel-Redirect"] = f"/{prefix.strip('/')}/{area}/{quote(field_file.name)}"
    # Small and not streaming, unlike the FileResponse it replaces: the page cache would keep it
    # and answer the next download itself, uncounted.
    response.page_cache_exempt = True
    return response
