"""The good-deeds form: the public-form guard, photos (count, size, kind, metadata), and the
draft that waits in the editors' review queue with the sender's contact kept for staff only."""

import io
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from examportal import formguard
from examportal.protected import private_root
from news.models import Article, SectionRole
from support.models import GoodDeedPhoto, GoodDeedStory
from tests.metadata_images import MARKERS, hostile_jpeg

pytestmark = pytest.mark.django_db

FORM = "/guong-nguoi-tot-viec-tot/gui-bai/"
STORY = ("Sáng 06/7, nước suối dâng cao. Thầy Lò Văn Hưng đã chở từng em trong nhóm năm thí sinh "
         "bản Nậm Pì qua cầu treo rồi đưa các em đến điểm thi kịp giờ làm thủ tục dự thi.")


@pytest.fixture(autouse=True)
def limits(settings, exam_column):
    settings.SUPPORT_STORY_LIMIT_PER_IP = 3
    settings.SUPPORT_STORY_LIMIT_GLOBAL = 100
    settings.SUPPORT_PROOF_BITS = 8
    settings.SUPPORT_MAX_PHOTO_MB = 1


def token(client, ip="203.0.113.5"):
    html = client.get(FORM, REMOTE_ADDR=ip).content.decode()
    return html, re.search(r'name="form_token" value="([^"]+)"', html).group(1)


def payload(client, ip="203.0.113.5", **changes):
    _html, form_token = token(client, ip)
    data = {"title": "Thầy giáo chở học trò vượt suối", "story": STORY,
            "place": "Nậm Nhùn, sáng 06/7", "sender_name": "Tẩn Thị Lan",
            "sender_unit": "Trường THPT Nậm Nhùn", "sender_phone": "0912 345 678",
            "sender_email": "", "consent": "on", "website": "", "proof": "",
            "form_token": form_token}
    data.update(changes)
    return data


def jpeg(name="anh.jpg", size=(64, 48)):
    return SimpleUploadedFile(name, hostile_jpeg(size), content_type="image/jpeg")


def test_a_story_with_photos_lands_in_the_review_queue_with_the_contact_for_staff_only(client):
    response = client.post(FORM, payload(client, photos=[jpeg("a.jpg"), jpeg("b.jpg")]),
                           REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 200
    story = GoodDeedStory.objects.get()
    assert story.reference in response.content.decode()
    assert story.consent_to_publish and "đồng ý" in story.consent_text
    article = story.article
    assert article.status == Article.Status.PENDING  # the editors' review queue
    assert article.section.role == SectionRole.GOOD_DEEDS and article.section.column.year == 2021
    assert article.title == "Thầy giáo chở học trò vượt suối"
    # The contact is not in anything that would be published.
    for text in (article.title, article.lead, article.body, article.byline, article.source):
        assert "0912 345 678" not in text and "Tẩn Thị Lan" not in text
    # Staff see it in the article's history (admin) and the story's record.
    event = article.events.get()
    assert "Tẩn Thị Lan" in event.comment and "0912 345 678" in event.comment
    assert "Đã đồng ý cho đăng" in event.comment
    assert article.revisions.count() == 1
    # Photos: re-encoded without metadata, in the private folder until the article is published;
    # the draft shows the second through the staff view and has no cover yet (test_story_photos).
    photos = list(story.photos.all())
    assert len(photos) == 2 and not article.cover_image
    assert photos[1].get_staff_url() in article.body and "/media/" not in article.body
    for photo in photos:
        assert Path(photo.image.path).is_relative_to(private_root()) and not photo.public_image
        data = photo.image.read()
        assert not [m for m in MARKERS if m in data], photo.image.name
        assert Image.open(io.BytesIO(data)).getexif() == {}
    assert not Article.objects.published().exists()


def test_html_in_a_story_is_never_markup(client):
    data = payload(client, title="<b>Việc tốt</b>",
                   story=STORY + '\n\n<script>alert(1)</script><img src=x onerror="alert(1)">')
    assert client.post(FORM, data, REMOTE_ADDR="203.0.113.5").status_code == 200
    article = GoodDeedStory.objects.get().article
    assert "<script>" not in article.body and "<img src=x" not in article.body
    assert "&lt;script&gt;" in article.body


def test_bad_input_gets_vietnamese_messages_and_keeps_what_was_typed(client):
    data = payload(client, title="", story="Ngắn quá", sender_name="", sender_phone="abc",
                   sender_email="khong-hop-le", consent="")
    response = client.post(FORM, data, REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 400
    html = response.content.decode()
    for message in ("Vui lòng đặt tiêu đề cho câu chuyện.", "Câu chuyện quá ngắn",
                    "Vui lòng nhập họ và tên của bạn.", "Số điện thoại chỉ gồm chữ số",
                    "Địa chỉ thư điện tử không hợp lệ", "Cần bạn đồng ý để Sở được đăng"):
        assert message in html, message
    assert "Ngắn quá" in html and 'value="khong-hop-le"' in html
    assert not GoodDeedStory.objects.exists() and not Article.objects.exists()


def test_a_contact_is_required(client):
    response = client.post(FORM, payload(client, sender_phone=""), REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 400
    assert "Vui lòng để lại số điện thoại hoặc thư điện tử" in response.content.decode()


def test_too_many_photos_a_huge_photo_and_a_fake_photo_are_refused(client):
    six = [jpeg(f"{n}.jpg") for n in range(6)]
    response = client.post(FORM, payload(client, photos=six), REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 400
    assert "Chỉ được gửi tối đa 5 ảnh (bạn đã chọn 6)" in response.content.decode()
    huge = SimpleUploadedFile("lon.jpg", b"\xff\xd8\xff" + b"0" * (1024 * 1024 + 10))
    response = client.post(FORM, payload(client, photos=[huge]), REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ảnh “lon.jpg” lớn hơn 1 MB nên không được nhận." in html
    assert "vui lòng chọn lại ảnh" in html and STORY in html
    fake = SimpleUploadedFile("anh.jpg", b"<html><script>alert(1)</script></html>")
    response = client.post(FORM, payload(client, photos=[fake]), REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 400
    assert "không phải là tệp hợp lệ" in response.content.decode()
    assert not GoodDeedStory.objects.exists() and not GoodDeedPhoto.objects.exists()


def test_a_body_over_every_photo_at_its_limit_is_refused_before_it_is_read(client, settings):
    settings.SUPPORT_MAX_PHOTOS = 1
    response = client.post(FORM, payload(client, photos=[SimpleUploadedFile(
        "x.jpg", b"\xff\xd8\xff" + b"0" * (4 * 1024 * 1024))]), REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 413
    assert "vượt quá 3 MB" in response.content.decode()


def test_honeypot_too_fast_and_forged_token_are_refused(client, settings):
    response = client.post(FORM, payload(client, website="http://spam.example"),
                           REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 400
    response = client.post(FORM, payload(client, form_token="gia-mao"), REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 400 and "Biểu mẫu không hợp lệ." in response.content.decode()
    settings.SUPPORT_MIN_FILL_SECONDS = 30
    response = client.post(FORM, payload(client), REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 400 and "được gửi quá nhanh" in response.content.decode()
    assert not GoodDeedStory.objects.exists()


def test_the_same_form_sent_twice_is_filed_once(client):
    data = payload(client)
    first = client.post(FORM, data, REMOTE_ADDR="203.0.113.5")
    again = client.post(FORM, data, REMOTE_ADDR="203.0.113.5")
    reference = GoodDeedStory.objects.get().reference
    assert reference in first.content.decode() and reference in again.content.decode()
    assert "đã được gửi trước đó" in again.content.decode()


def test_per_address_limit_with_the_true_wait(client):
    for _ in range(3):
        assert client.post(FORM, payload(client), REMOTE_ADDR="203.0.113.5").status_code == 200
    refused = client.post(FORM, payload(client), REMOTE_ADDR="203.0.113.5")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    html = refused.content.decode()
    assert "tối đa 3 câu chuyện trong 1 giờ" in html and STORY in html
    # Another address is not affected.
    assert client.post(FORM, payload(client, ip="198.51.100.7"),
                       REMOTE_ADDR="198.51.100.7").status_code == 200
    assert GoodDeedStory.objects.count() == 4


def test_under_pressure_a_story_without_proof_is_filed_marked_unverified(client, settings):
    """As the hotline does: a browser without JavaScript can still send; editors see the mark."""
    settings.SUPPORT_STORY_LIMIT_GLOBAL = 1
    assert client.post(FORM, payload(client), REMOTE_ADDR="203.0.113.5").status_code == 200
    assert not GoodDeedStory.objects.get().unverified  # below the level: no proof asked
    html, form_token = token(client, "198.51.100.8")
    bits = int(re.search(r'data-proof-bits="(\d+)"', html).group(1))
    assert bits == 8 and "proof-of-work.js" in html
    unproven = client.post(FORM, payload(client, ip="198.51.100.8", title="Không có JavaScript"),
                           REMOTE_ADDR="198.51.100.8")
    assert unproven.status_code == 200
    story = GoodDeedStory.objects.get(title="Không có JavaScript")
    assert story.reference in unproven.content.decode()
    assert story.unverified and story.article.status == Article.Status.PENDING
    assert "chưa xác minh" in story.article.events.get().comment
    data = payload(client, ip="198.51.100.8", title="Có phép tính")
    data["proof"] = formguard.solve(data["form_token"], bits)
    assert client.post(FORM, data, REMOTE_ADDR="198.51.100.8").status_code == 200
    assert not GoodDeedStory.objects.get(title="Có phép tính").unverified
    # A forged proof counts as none: filed, and marked.
    data = payload(client, ip="198.51.100.9", title="Phép tính giả")
    data["proof"] = "12345"
    assert client.post(FORM, data, REMOTE_ADDR="198.51.100.9").status_code == 200
    assert GoodDeedStory.objects.get(title="Phép tính giả").unverified


def test_the_form_page_is_never_cached(client):
    response = client.get(FORM)
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_the_story_is_in_the_editors_queue_and_its_sender_in_the_articles_history(
        client, make_staff):
    from examportal.roles import EDITORS

    client.post(FORM, payload(client), REMOTE_ADDR="203.0.113.5")
    article = GoodDeedStory.objects.get().article
    client.force_login(make_staff(EDITORS, username="bientap"))
    assert "Thầy giáo chở học trò vượt suối" in client.get("/admin/").content.decode()
    change = client.get(f"/admin/news/article/{article.pk}/change/").content.decode()
    assert "Tẩn Thị Lan" in change and "0912 345 678" in change
    client.logout()
    assert client.get(article.get_absolute_url()).status_code == 404


def test_without_a_good_deeds_section_the_sender_is_told_and_nothing_is_kept(client):
    from news.models import Section

    Section.objects.filter(role=SectionRole.GOOD_DEEDS).update(role="")
    response = client.post(FORM, payload(client), REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 400
    assert "chưa mở để nhận bài" in response.content.decode()
    assert not GoodDeedStory.objects.exists()
