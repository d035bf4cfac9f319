import re

import pytest
from django.core import mail
from django.urls import reverse
from PIL import Image

from hotline import services
from hotline.models import Attachment, Report, ReportEvent, Status

from .conftest import PDF_BYTES, jpeg_bytes, png_bytes, upload

pytestmark = pytest.mark.django_db


def form_data(client, **overrides):
    html = client.get(reverse("hotline:report")).content.decode()
    token = re.search(r'name="form_token" value="([^"]+)"', html).group(1)
    data = {
        "form_token": token,
        "category": "leak",
        "place": "Điểm thi Trường THPT Tam Đường",
        "occurred_date": "07/07/2021",
        "occurred_time": "07:40",
        "description": "Có ảnh chụp đề Ngữ văn lan truyền trên mạng xã hội lúc 7 giờ 40.",
        "reporter_name": "",
        "reporter_phone": "",
        "reporter_email": "",
        "website": "",
    }
    data.update(overrides)
    return data


def receipt(response):
    html = response.content.decode()
    reference = re.search(r'id="reference">([^<]+)<', html).group(1)
    key = re.search(r'id="access-key">([^<]+)<', html).group(1)
    return reference, key


def test_info_page_has_contacts_no_form_no_cookie(client):
    response = client.get("/duong-day-nong/")
    html = response.content.decode()
    assert response.status_code == 200
    assert not response.cookies
    assert "<form" not in html.split('role="search"')[1].split("</form>", 1)[1]
    for text in ["02133799569", "02133876961", "vp.sogddt@laichau.gov.vn", "Giờ tiếp nhận",
                 "Lộ, lọt đề thi", reverse("hotline:report"), reverse("hotline:lookup")]:
        assert text in html


def test_form_page_is_never_cached_and_sets_only_csrf(client):
    response = client.get(reverse("hotline:report"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert set(response.cookies) <= {"csrftoken"}
    html = response.content.decode()
    for text in ["Lộ, lọt đề thi", "Gian lận thi cử", "Sự cố tại điểm thi", "Y tế, dịch bệnh",
                 "Hỗ trợ thí sinh", "Phản ánh cán bộ coi thi", "Khác", 'type="file"', "multiple",
                 'class="hp" aria-hidden="true"', "02133799569"]:
        assert text in html


def test_anonymous_submission_with_photo_gives_reference_and_key(client, settings):
    data = form_data(client)
    data["attachments"] = [upload("IMG_2021_nguyenvana.jpg", jpeg_bytes(), "image/jpeg")]
    response = client.post(reverse("hotline:report"), data)
    assert response.status_code == 200, response.content.decode()[:3000]
    reference, key = receipt(response)
    assert re.fullmatch(r"DDN-\d{4}-\d{6}", reference)
    groups = key.split(" ")
    assert all(len(g) == 4 for g in groups) and len("".join(groups)) * 5 >= 128
    assert "no-store" in response["Cache-Control"]
    report = Report.objects.get(reference=reference)
    assert report.access_key_hash and "".join(groups) not in report.access_key_hash
    assert report.reporter_name == "" and report.channel == "web" and report.status == Status.NEW
    assert report.occurred_at is not None
    attachment = report.attachments.get()
    assert attachment.kind == "jpeg"
    assert "nguyenvana" not in attachment.file.name and attachment.file.name.endswith(".jpg")
    with attachment.file.open("rb") as stored, Image.open(stored) as image:
        assert not image.getexif()
    with attachment.file.open("rb") as stored:
        raw = stored.read()
    assert b"SecretCam" not in raw and b"Model-of-phone" not in raw
    assert services.find_report_by_key(reference, key) == report
    # The stored file has no public URL.
    with pytest.raises(NotImplementedError):
        attachment.file.url  # noqa: B018


def test_references_are_sequential_per_year(make_report):
    first, _ = make_report()
    second, _ = make_report()
    assert second.number == first.number + 1
    assert second.reference == f"DDN-{second.year}-{second.number:06d}"


def test_invalid_submission_keeps_typed_text_and_says_files_were_dropped(client):
    data = form_data(client, description="", reporter_name="Người Giữ Lại",
                     place="Điểm thi Sìn Hồ")
    data["attachments"] = [upload("a.png", png_bytes(), "image/png")]
    response = client.post(reverse("hotline:report"), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Vui lòng mô tả sự việc." in html
    assert 'value="Người Giữ Lại"' in html and 'value="Điểm thi Sìn Hồ"' in html
    assert "các tệp đã chọn chưa được lưu" in html
    assert Report.objects.count() == 0


def test_honeypot_refuses(client):
    response = client.post(reverse("hotline:report"), form_data(client, website="http://spam"))
    assert response.status_code == 400
    assert Report.objects.count() == 0


def test_minimum_fill_time(client, settings):
    settings.HOTLINE_MIN_FILL_SECONDS = 60
    data = form_data(client, description="Nội dung cần giữ lại")
    response = client.post(reverse("hotline:report"), data)
    assert response.status_code == 400
    assert "gửi quá nhanh" in response.content.decode()
    assert "Nội dung cần giữ lại" in response.content.decode()
    assert Report.objects.count() == 0


def test_forged_token_refused(client):
    response = client.post(reverse("hotline:report"), form_data(client, form_token="abc:def"))
    assert response.status_code == 400 and Report.objects.count() == 0


def test_resubmitting_the_same_form_does_not_duplicate(client):
    data = form_data(client)
    assert client.post(reverse("hotline:report"), data).status_code == 200
    response = client.post(reverse("hotline:report"), data)
    assert "đã được gửi" in response.content.decode()
    assert Report.objects.count() == 1


def test_submission_limit_per_ip_refuses_and_global_level_only_asks_for_proof(client, settings):
    settings.HOTLINE_SUBMIT_LIMIT_PER_IP = 2
    for _ in range(2):
        assert client.post(reverse("hotline:report"), form_data(client)).status_code == 200
    response = client.post(reverse("hotline:report"), form_data(client, place="Giữ tôi"))
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    html = response.content.decode()
    assert "nhiều phản ánh" in html and "Vui lòng thử lại sau" in html and "Giữ tôi" in html
    # Past the site-wide level nobody is refused: reports are filed, those without the proof of
    # work the form now asks for are marked unverified.
    settings.HOTLINE_SUBMIT_LIMIT_GLOBAL = 3
    assert client.post(reverse("hotline:report"), form_data(client),
                       REMOTE_ADDR="10.1.1.1").status_code == 200
    assert client.post(reverse("hotline:report"), form_data(client),
                       REMOTE_ADDR="10.1.1.2").status_code == 200
    assert Report.objects.count() == 4
    assert list(Report.objects.order_by("pk").values_list("unverified", flat=True)) == [
        False, False, False, True]


@pytest.mark.parametrize(("name", "content"), [
    ("photo.jpg", b"MZ\x90\x00 this is a windows executable"),
    ("doc.pdf", b"<html><script>alert(1)</script></html>"),
    ("page.png", b"GIF89a\x01\x00\x01\x00"),
    ("broken.jpg", b"\xff\xd8\xff\xe0 not really a jpeg"),
    ("report.docx", b"PK\x03\x04 zip"),
])
def test_forged_uploads_are_refused_and_nothing_saved(client, name, content):
    data = form_data(client)
    data["attachments"] = [upload(name, content)]
    response = client.post(reverse("hotline:report"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "không phải là tệp hợp lệ" in html or "bị hỏng" in html
    assert Report.objects.count() == 0 and Attachment.objects.count() == 0


def test_more_than_three_files_refused(client):
    data = form_data(client)
    data["attachments"] = [upload(f"f{i}.pdf", PDF_BYTES) for i in range(4)]
    response = client.post(reverse("hotline:report"), data)
    assert response.status_code == 400
    assert "tối đa 3 tệp" in response.content.decode()


def test_oversized_file_is_skipped_and_text_kept(client, settings):
    settings.HOTLINE_MAX_ATTACHMENT_MB = 1
    data = form_data(client, description="Mô tả phải được giữ")
    data["attachments"] = [upload("big.pdf", PDF_BYTES + b"0" * (1024 * 1024 + 10))]
    response = client.post(reverse("hotline:report"), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "big.pdf" in html and "lớn hơn 1 MB" in html
    assert "Mô tả phải được giữ" in html
    assert Report.objects.count() == 0


def test_oversized_request_is_refused_before_reading(client, settings):
    settings.HOTLINE_MAX_ATTACHMENT_MB = 1
    response = client.generic("POST", reverse("hotline:report"), b"x" * 10,
                              content_type="multipart/form-data; boundary=xyz",
                              CONTENT_LENGTH=str(10 * 1024 * 1024))
    assert response.status_code == 413
    assert "quá lớn" in response.content.decode()


def test_mail_failure_does_not_lose_or_block_the_report(client, settings, inspector,
                                                         django_capture_on_commit_callbacks,
                                                         caplog):
    settings.EMAIL_BACKEND = "tests.hotline.failing_backend.FailingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("hotline:report"),
                               form_data(client, **{"reporter_name": "Tên Không Được Lộ"}))
    assert response.status_code == 200
    assert Report.objects.count() == 1
    assert "was not sent" in caplog.text
    assert "Tên Không Được Lộ" not in caplog.text


def test_notification_has_reference_and_link_only(client, inspector, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("hotline:report"), form_data(
            client, reporter_name="Tên Bí Mật", reporter_email="bimat@example.com",
            description="Nội dung tuyệt mật về đề thi"))
    reference, _key = receipt(response)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    text = message.subject + message.body
    assert reference in text
    report = Report.objects.get(reference=reference)
    assert f"/duong-day-nong/thanh-tra/{report.pk}/" in message.body
    assert inspector.email in message.bcc and not message.to
    for secret in ["Tên Bí Mật", "bimat@example.com", "tuyệt mật", "Tam Đường"]:
        assert secret not in text


# --- Status page --------------------------------------------------------------------------------

def lookup(client, reference, key, **extra):
    return client.post(reverse("hotline:lookup"), {"reference": reference, "access_key": key},
                       **extra)


def test_lookup_shows_status_and_public_replies_only(client, make_report, inspector):
    report, key = make_report()
    services.add_public_reply(report, "Thanh tra đã xác minh, cảm ơn bạn.", by=inspector)
    services.add_internal_note(report, "Nghi vấn giám thị phòng 12 — NỘI BỘ", by=inspector)
    services.move_report(report, Status.VERIFYING, by=inspector)
    # The key may be typed in lower case, without spaces, with O for 0.
    typed = key.lower().replace("0", "o")
    response = lookup(client, report.reference.lower(), typed)
    assert response.status_code == 302 and response["Location"] == reverse("hotline:status")
    page = client.get(reverse("hotline:status"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert "Thanh tra đã xác minh" in html and "Đang xác minh" in html
    assert "NỘI BỘ" not in html and inspector.get_username() not in html
    assert key not in html


def test_key_and_reference_never_in_urls(client, make_report):
    report, key = make_report()
    response = lookup(client, report.reference, key)
    assert key not in response["Location"] and report.reference not in response["Location"]
    html = client.get(reverse("hotline:lookup")).content.decode()
    assert 'method="post"' in html


def test_wrong_pairs_get_one_generic_message(client, make_report):
    report, key = make_report()
    other, other_key = make_report()
    answers = set()
    for reference, attempt in [(report.reference, other_key), ("DDN-2021-999999", key),
                               ("khong-phai-ma", key), (report.reference, "A" * 28)]:
        response = lookup(client, reference, attempt)
        assert response.status_code == 400
        html = response.content.decode()
        answers.add("Mã số hoặc mã truy cập không đúng" in html)
    assert answers == {True}
    assert client.get(reverse("hotline:status")).status_code == 302


def test_brute_force_limit_per_ip(client, make_report, settings):
    settings.HOTLINE_LOOKUP_LIMIT_PER_IP = 10
    report, key = make_report()
    for i in range(10):
        assert lookup(client, report.reference, f"WRONG{i:023d}").status_code == 400
    # Even the right key is refused now, from this IP...
    response = lookup(client, report.reference, key)
    assert response.status_code == 429
    assert "quá nhiều lần" in response.content.decode()
    assert int(response["Retry-After"]) <= 15 * 60
    # ...but another IP still works.
    assert lookup(client, report.reference, key, REMOTE_ADDR="198.51.100.9").status_code == 302


def test_site_wide_failed_lookups_never_refuse_the_right_key(client, make_report, settings):
    settings.HOTLINE_LOOKUP_LIMIT_GLOBAL = 5
    report, key = make_report()
    for i in range(5):
        lookup(client, report.reference, "X" * 28, REMOTE_ADDR=f"192.0.2.{i + 1}")
    # The page now asks browsers for a proof of work...
    assert "data-proof-bits" in client.get(reverse("hotline:lookup")).content.decode()
    # ...and the right key is accepted without one.
    assert lookup(client, report.reference, key, REMOTE_ADDR="192.0.2.200").status_code == 302


def test_followup_with_file(client, make_report):
    report, key = make_report()
    lookup(client, report.reference, key)
    response = client.post(reverse("hotline:status"), {
        "text": "Bổ sung: thêm một ảnh chụp màn hình.",
        "attachments": [upload("x.png", png_bytes(), "image/png")],
    })
    assert response.status_code == 302
    event = report.events.get(kind=ReportEvent.Kind.FOLLOWUP)
    assert event.attachments.count() == 1
    assert "Đã gửi thông tin bổ sung" in client.get(reverse("hotline:status")).content.decode()


def test_followup_forged_file_refused(client, make_report):
    report, key = make_report()
    lookup(client, report.reference, key)
    response = client.post(reverse("hotline:status"), {
        "text": "Giữ lại dòng này", "attachments": [upload("x.png", b"not an image")]})
    assert response.status_code == 400
    assert "Giữ lại dòng này" in response.content.decode()
    assert report.events.filter(kind=ReportEvent.Kind.FOLLOWUP).count() == 0


def test_status_session_ends_on_logout(client, make_report):
    report, key = make_report()
    lookup(client, report.reference, key)
    client.post(reverse("hotline:status"), {"logout": "1"})
    assert client.get(reverse("hotline:status")).status_code == 302


def test_parallel_submissions_cannot_slip_under_the_limit(settings):
    from concurrent.futures import ThreadPoolExecutor

    from examportal.formguard import take_slot
    from hotline import ratelimit

    settings.HOTLINE_SUBMIT_LIMIT_PER_IP = 10
    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(lambda _: take_slot(ratelimit.submit_limit(), "192.0.2.50").allowed,
                                range(60)))
    assert results.count(True) == 10


def test_client_ip_behind_a_trusted_proxy(settings, rf):
    from examportal.formguard import client_ip

    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7")
    assert client_ip(request) == "10.0.0.1"  # headers are ignored unless configured
    settings.HOTLINE_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    assert client_ip(request) == "198.51.100.7"  # the entry our proxy added, not the forged one
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="not-an-ip")
    assert client_ip(request) is None
