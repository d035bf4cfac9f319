"""Issue 14, item 7: article covers, their renditions and editor images carry no metadata."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from news.models import Article
from tests.metadata_images import HOSTILE, has_all_metadata, metadata_problems

from .test_admin import change_url, editor_data

pytestmark = pytest.mark.django_db
KINDS = ["jpeg", "png", "webp"]


def hostile_upload(kind, size=(64, 48)):
    data = HOSTILE[kind](size=size)
    assert has_all_metadata(data)
    return SimpleUploadedFile(f"IMG_0001.{kind}", data, content_type=f"image/{kind}")


def stored(name):
    with default_storage.open(name) as file:
        return file.read()


@pytest.mark.parametrize("kind", KINDS)
def test_cover_and_its_renditions_carry_no_metadata(client, editor, make_article, kind):
    article = make_article(title=f"Ảnh bìa {kind}", author=editor)
    client.force_login(editor)
    response = client.post(change_url(article), {
        **editor_data(article, cover_alt="Thí sinh vào phòng thi"),
        "cover_image": hostile_upload(kind, size=(1000, 600))})
    assert response.status_code == 302
    article = Article.objects.get(pk=article.pk)
    assert metadata_problems(stored(article.cover_image.name)) == []
    assert [r["width"] for r in article.cover_renditions] == [320, 640, 960]
    for rendition in article.cover_renditions:
        assert metadata_problems(stored(rendition["name"])) == [], rendition["name"]


@pytest.mark.parametrize("kind", KINDS)
def test_editor_upload_carries_no_metadata(client, contributor, kind):
    client.force_login(contributor)
    response = client.post("/ckeditor/upload/", {"upload": hostile_upload(kind)})
    assert response.status_code == 200, response.content
    url = response.json()["url"]
    assert metadata_problems(stored(url.removeprefix("/media/"))) == []
