"""The editor's image library: contributors see their own uploads, editors see every one.

Security review, issue 14, item 9: ``/ckeditor/browse/`` used to show every contributor the
images of every staff member, drafts' images included.
"""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from .conftest import image_file

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def earlier_upload():
    """An image uploaded before per-person folders, still used by a published article."""
    output = io.BytesIO()
    Image.new("RGB", (8, 8)).save(output, format="JPEG")
    return default_storage.save("editor/2021/05/0123456789abcdef.jpg", ContentFile(output.getvalue()))


def upload(client, user):
    client.force_login(user)
    response = client.post("/ckeditor/upload/", {"upload": image_file()})
    assert response.status_code == 200, response.content
    return response.json()["url"]


def library(client, user, **search):
    client.force_login(user)
    response = client.post("/ckeditor/browse/", search) if search else client.get("/ckeditor/browse/")
    assert response.status_code == 200
    return response.content.decode()


def test_each_contributor_browses_only_their_own_uploads(client, contributor, contributor2, editor,
                                                         earlier_upload):
    mine, theirs = upload(client, contributor), upload(client, contributor2)
    assert mine != theirs
    page = library(client, contributor)
    assert mine in page and theirs not in page
    page = library(client, contributor2)
    assert theirs in page and mine not in page
    assert default_storage.url(earlier_upload) not in page
    # A search lists from the same, restricted set.
    assert theirs not in library(client, contributor, q=theirs.rsplit("/", 1)[-1][:6])


def test_editors_browse_every_upload(client, contributor, contributor2, editor, earlier_upload):
    urls = [upload(client, contributor), upload(client, contributor2), upload(client, editor)]
    page = library(client, editor)
    for url in [*urls, default_storage.url(earlier_upload)]:
        assert url in page
    assert "_thumb" not in page  # uploads have no generated thumbnails: the image itself is shown


def test_uploads_go_to_the_uploaders_folder_and_earlier_urls_still_work(client, contributor,
                                                                       earlier_upload):
    url = upload(client, contributor)
    assert url.startswith(f"/media/editor/u{contributor.pk}/")
    assert default_storage.exists(earlier_upload)
    assert default_storage.url(earlier_upload) == "/media/editor/2021/05/0123456789abcdef.jpg"
