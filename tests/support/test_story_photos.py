"""A story's photos stay in the private folder, seen by editors only through the staff view,
until an editor publishes the article; then they are copied to public media as its images.
Returning or deleting a story leaves no public copy; a story sent under load is marked."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse
from django.views.static import serve
from PIL import Image

from examportal.protected import private_root
from news import services as news_services
from news.models import Article
from support.models import GoodDeedPhoto, GoodDeedStory
from tests.metadata_images import hostile_jpeg

pytestmark = pytest.mark.django_db

FORM = "/guong-nguoi-tot-viec-tot/gui-bai/"
QUEUE = "/guong-nguoi-tot-viec-tot/quan-ly/"
STORY = ("Sáng 06/7, nước suối dâng cao. Thầy Lò Văn Hưng đã chở từng em trong nhóm năm thí sinh "
         "bản Nậm Pì qua cầu treo rồi đưa các em đến điểm thi kịp giờ làm thủ tục dự thi.")


@pytest.fixture(autouse=True)
def limits(settings, exam_column):
    settings.SUPPORT_STORY_LIMIT_PER_IP = 20
    settings.SUPPORT_PROOF_BITS = 8


def send(client, title="Thầy giáo chở học trò vượt suối", photos=2, ip="203.0.113.5"):
    html = client.get(FORM, REMOTE_ADDR=ip).content.decode()
    form_token = re.search(r'name="form_token" value="([^"]+)"', html).group(1)
    files = [SimpleUploadedFile(f"anh-{i}.jpg", hostile_jpeg((64 + i, 48)), "image/jpeg")
             for i in range(photos)]
    response = client.post(FORM, {
        "title": title, "story": STORY, "place": "Nậm Nhùn", "sender_name": "Tẩn Thị Lan",
        "sender_unit": "", "sender_phone": "0912 345 678", "sender_email": "",
        "consent": "on", "website": "", "proof": "", "form_token": form_token,
        "photos": files}, REMOTE_ADDR=ip)
    assert response.status_code == 200, response.content.decode()[:500]
    return GoodDeedStory.objects.get(title=title)


def media_answer(url):
    """What the public media server (nginx; django.views.static in development) answers."""
    assert url.startswith(settings.MEDIA_URL), url
    request = RequestFactory().get(url)
    try:
        response = serve(request, url.removeprefix(settings.MEDIA_URL),
                         document_root=settings.MEDIA_ROOT)
    except Http404:
        return 404, b""
    return response.status_code, b"".join(response.streaming_content)


def public_files():
    root = Path(settings.MEDIA_ROOT) / "support"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_photos_wait_in_the_private_folder_and_only_staff_see_them(client, editor, unit_staff):
    before = public_files()
    story = send(client)
    photos = list(story.photos.all())
    assert len(photos) == 2 and public_files() == before
    for photo in photos:
        assert Path(photo.image.path).is_relative_to(private_root())
        # Under its public-media address there is nothing.
        assert media_answer(settings.MEDIA_URL + photo.image.name)[0] == 404
    article = story.article
    assert not article.cover_image and settings.MEDIA_URL not in article.body
    url = photos[0].get_staff_url()
    # Anonymous: sent to sign in, never the picture; a signed-in account without the right: 403.
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/lich-thi/dang-nhap/")
    assert client.get(QUEUE)["Location"].startswith("/lich-thi/dang-nhap/")
    client.force_login(unit_staff["muong-te"])
    assert client.get(url).status_code == 403
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert Image.open(io.BytesIO(b"".join(response.streaming_content))).size == (64, 48)
    assert client.get(f"/guong-nguoi-tot-viec-tot/quan-ly/anh/{photos[-1].pk + 99}/").status_code == 404


def test_behind_nginx_the_photo_is_sent_from_the_private_area(client, editor, settings):
    settings.X_ACCEL_REDIRECT_PREFIX = "/_protected/"
    photo = send(client, photos=1).photos.get()
    client.force_login(editor)
    response = client.get(photo.get_staff_url())
    assert response["X-Accel-Redirect"] == f"/_protected/private/{photo.image.name}"
    assert response.content == b""


def test_editors_queue_shows_the_photos_through_the_staff_view_and_marks_unverified(
        client, editor, settings):
    verified = send(client, title="Câu chuyện có xác minh")
    settings.SUPPORT_STORY_LIMIT_GLOBAL = 1  # the site is busy: the form asks for a proof
    unverified = send(client, title="Câu chuyện gửi khi quá tải", photos=0, ip="198.51.100.2")
    assert unverified.unverified and not verified.unverified
    client.force_login(editor)
    html = client.get(QUEUE).content.decode()
    for photo in verified.photos.all():
        assert f'src="{photo.get_staff_url()}"' in html
    block = html.split(f'id="bai-gui-{unverified.pk}"')[1].split("</li>")[0]
    assert "Gửi khi quá tải, chưa xác minh" in block
    block = html.split(f'id="bai-gui-{verified.pk}"')[1].split('id="bai-gui-')[0]
    assert "chưa xác minh" not in block and "0912 345 678" in block
    start = client.get(reverse("staff:start")).content.decode()
    assert QUEUE in start  # the editor's start page links the stories, with the waiting count


def test_publishing_copies_the_photos_to_public_media_as_the_articles_images(
        client, editor, settings):
    before = public_files()
    story = send(client)
    first, second = story.photos.all()
    article = news_services.publish_article(story.article, editor)
    assert article.status == Article.Status.PUBLISHED
    first.refresh_from_db()
    second.refresh_from_db()
    story.refresh_from_db()
    assert first.public_image and second.public_image and story.photos_released_at
    # The first is the cover (with its renditions), the second is in the body, both public now.
    assert article.cover_image.name == first.public_image.name and article.cover_alt
    assert second.get_staff_url() not in article.body
    assert second.public_image.url in article.body
    # The change is in the article's history, by nobody (the system), as a revision.
    revision = article.revisions.order_by("-number").first()
    assert revision.author is None and story.reference in revision.note
    assert revision.data["cover_image"] == first.public_image.name
    assert len(public_files()) > len(before)
    for url in (article.cover_image.url, second.public_image.url):
        status, data = media_answer(url)
        assert status == 200 and Image.open(io.BytesIO(data)).width > 0
    # The public page names them; the private originals never left the private folder.
    client.logout()
    page = client.get(article.get_absolute_url()).content.decode()
    assert first.public_image.url in page and second.public_image.url in page
    assert "/quan-ly/anh/" not in page
    assert Path(first.image.path).is_relative_to(private_root())
    # Withdrawn and published again: the same copies, no new files.
    files = public_files()
    article = news_services.withdraw_article(article, editor, "Sửa ảnh")
    article = news_services.reopen_article(article, editor)
    news_services.publish_article(article, editor)
    assert public_files() == files


def test_the_editors_choices_are_kept_on_publish(client, editor):
    story = send(client)
    first, second = story.photos.all()
    article = story.article
    article.body = article.body.split("<figure>")[0]  # the editor took the second photo out
    own = default_storage.save("news/covers/editor-chose.jpg",
                               ContentFile(hostile_jpeg((80, 60))))
    Article.objects.filter(pk=article.pk).update(body=article.body, cover_image=own,
                                                 cover_alt="Thầy Hưng bên cầu treo")
    news_services.publish_article(Article.objects.get(pk=article.pk), editor)
    first.refresh_from_db()
    second.refresh_from_db()
    assert not first.public_image and not second.public_image
    assert Article.objects.get(pk=article.pk).cover_image.name == own


def test_returning_or_deleting_a_story_leaves_no_public_copy(
        client, editor, django_capture_on_commit_callbacks):
    before = public_files()
    returned = send(client, title="Bài bị trả lại")
    news_services.return_article(returned.article, editor, "Chưa đủ thông tin")
    deleted = send(client, title="Bài bị xóa")
    private = [Path(p.image.path) for p in deleted.photos.all()]
    assert all(p.exists() for p in private)
    deleted.article.delete()
    deleted.refresh_from_db()
    assert deleted.article is None
    with django_capture_on_commit_callbacks(execute=True):
        deleted.delete()
    assert not GoodDeedPhoto.objects.filter(story_id=deleted.pk).exists()
    assert not any(p.exists() for p in private)  # nothing left, not even privately
    assert public_files() == before
    for photo in returned.photos.all():
        assert not photo.public_image
        assert media_answer(settings.MEDIA_URL + photo.image.name)[0] == 404


def test_photos_stored_in_public_media_before_move_to_the_private_folder(client, editor):
    """Migration 0003: an unpublished story's photo leaves public media (the draft shows it
    through the staff view); a published one's stays as the article's copy."""
    import importlib

    from django.apps import apps

    move = importlib.import_module("support.migrations.0003_move_unreviewed_photos").move_photos
    waiting, published = send(client, title="Đang chờ", photos=1), send(client, title="Đã đăng",
                                                                       photos=1)
    legacy = {}
    for story in (waiting, published):  # as 0001 stored them: public, the cover of the draft
        photo = story.photos.get()
        with photo.image.open("rb") as source:
            name = default_storage.save(photo.image.name, ContentFile(source.read()))
        photo.image.storage.delete(photo.image.name)
        GoodDeedPhoto.objects.filter(pk=photo.pk).update(image=name)
        Article.objects.filter(pk=story.article_id).update(
            cover_image=name, body=f'<p>x</p><figure><img src="{default_storage.url(name)}"></figure>')
        legacy[story.pk] = name
    article = news_services.publish_article(Article.objects.get(pk=published.article_id), editor)
    move(apps, None)
    photo = waiting.photos.get()
    draft = Article.objects.get(pk=waiting.article_id)
    assert not default_storage.exists(legacy[waiting.pk]) and not photo.public_image
    assert Path(photo.image.path).is_relative_to(private_root()) and Path(photo.image.path).exists()
    assert not draft.cover_image and photo.get_staff_url() in draft.body
    assert settings.MEDIA_URL not in draft.body
    photo = published.photos.get()
    assert default_storage.exists(legacy[published.pk]) and photo.public_image.name == legacy[
        published.pk]
    assert Path(photo.image.path).exists()
    assert Article.objects.get(pk=article.pk).cover_image.name == legacy[published.pk]
    move(apps, None)  # run twice: nothing more happens
    assert waiting.photos.get().image.name == GoodDeedPhoto.objects.get(story=waiting).image.name


def test_a_published_article_restored_to_the_sent_version_keeps_public_images(client, editor):
    story = send(client)
    article = news_services.publish_article(story.article, editor)
    first_revision = article.revisions.order_by("number").first()
    assert story.photos.all()[1].get_staff_url() in first_revision.data["body"]
    news_services.restore_revision(article, first_revision, editor)
    article.refresh_from_db()
    second = story.photos.all()[1]
    assert article.status == Article.Status.PUBLISHED
    assert second.get_staff_url() not in article.body and second.public_image.url in article.body


def test_the_stories_list_runs_the_same_queries_whatever_the_number_of_stories(client, editor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    send(client, title="Câu chuyện một", photos=1)
    client.force_login(editor)
    client.get(QUEUE)  # the navigation's own first-request reads are cached after it
    with CaptureQueriesContext(connection) as one:
        assert client.get(QUEUE).status_code == 200
    for n in range(4):
        send(client, title=f"Câu chuyện {n + 2}", photos=2, ip=f"198.51.100.{n + 20}")
    with CaptureQueriesContext(connection) as five:
        html = client.get(QUEUE).content.decode()
    assert html.count('id="bai-gui-') == 5
    assert 0 < len(five.captured_queries) == len(one.captured_queries) <= 8
