"""Where the photos of good-deeds stories wait for review: the private folder (the private root,
``examportal.protected``), which no web server serves. Editors see them through
``support:story-photo`` (login and permission, then nginx's X-Accel-Redirect); they reach public
media only as copies, when an editor publishes the story's article (``support.publishing``)."""

from functools import cached_property

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages

from examportal.protected import private_root


class PrivatePhotoStorage(FileSystemStorage):
    """The private root on local disk, found when first used; ``url()`` refuses, so no template
    can link a photo that nobody reviewed."""

    @cached_property
    def base_location(self):
        return str(private_root())

    def url(self, name):
        raise NotImplementedError("Good-deeds photos are shown to staff only by support:story-photo.")


_local = PrivatePhotoStorage()


def private_storage():
    """The ``support`` entry of STORAGES (a private bucket of an object store, say) or the private
    root."""
    if "support" in settings.STORAGES:
        return storages["support"]
    return _local
