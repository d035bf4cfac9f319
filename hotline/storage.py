"""Private storage for hotline attachments: never a public URL, only the download view."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages

from . import conf


class PrivateFileSystemStorage(FileSystemStorage):
    """Files on local disk outside MEDIA_ROOT; ``url()`` refuses, so no template can link them."""

    def url(self, name):
        raise NotImplementedError("Hotline attachments are served only by hotline:attachment.")


def private_storage():
    """The ``hotline`` entry of STORAGES (an object store, say) or a private local folder."""
    if "hotline" in settings.STORAGES:
        return storages["hotline"]
    return PrivateFileSystemStorage(location=conf.private_root())
