"""Request-size limits for the public forms.

A file larger than the per-file limit is skipped while the request streams in (it never reaches
the disk) and the form is shown again with everything typed; a body larger than all files at
their limit together is refused before it is read.
"""

from django.core.files.uploadhandler import FileUploadHandler, SkipFile

from . import conf


class SizeLimitUploadHandler(FileUploadHandler):
    """Placed first in ``request.upload_handlers``: skips files over the limit, remembers them."""

    def __init__(self, request=None):
        super().__init__(request)
        self.limit = conf.max_attachment_bytes()
        self.skipped = []
        self.received = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.skipped.append(self.file_name)
            raise SkipFile()
        return raw_data

    def file_complete(self, file_size):
        return None


def install(request):
    """Put the size-limit handler in front; returns it (its ``skipped`` lists refused names)."""
    handler = SizeLimitUploadHandler(request)
    request.upload_handlers.insert(0, handler)
    return handler


def too_large(request):
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > conf.max_request_bytes()
