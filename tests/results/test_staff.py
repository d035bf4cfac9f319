"""The testing office's screens: upload → preview (errors, counts, means) → confirm; correction;
release time; the article button; who may open them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from results.models import AuditEntry, CandidateResult

from .conftest import csv_file

pytestmark = pytest.mark.django_db
UPLOAD = "/ket-qua-thi/quan-ly/2021/nhap-tep/"


def upload(client, data, **extra):
    return client.post(UPLOAD, {"kind": "scores", "note": "Tệp của Bộ",
                                "file": SimpleUploadedFile("diem.csv", data), **extra})


def test_upload_preview_confirm(client, year, officer):
    client.force_login(officer)
    bad = upload(client, csv_file("07000001,,,8.3,7,,,,,,,,", "07000002,,,8,7,6,,,,,,,"))
    body = bad.content.decode()
    assert "Tệp có 2 lỗi" in body and "Toán" in body and "Mã môn ngoại ngữ" in body
    assert 'value="Tệp của Bộ"' in body  # what was typed is kept
    assert not CandidateResult.objects.exists()
    good = upload(client, csv_file("07000001,,,8.2,7,,,,,,,,", "07000002,,,8,7,6,N1,,,,,,"))
    body = good.content.decode()
    assert "Tệp hợp lệ: 2 thí sinh" in body and "8,10" in body  # mean of Toán
    assert not CandidateResult.objects.exists()
    pk = good.context["pending"].pk
    done = client.post(f"{UPLOAD}{pk}/xac-nhan/", follow=True)
    assert "Đã lưu 2 thí sinh thành phiên bản 1" in done.content.decode()
    assert CandidateResult.objects.count() == 2
    assert {"uploaded", "confirmed"} <= set(AuditEntry.objects.values_list("action", flat=True))


def test_personal_columns_on_the_screen(client, year, officer):
    client.force_login(officer)
    data = csv_file("07000001,Mẫu,8", header="SBD,Họ và tên,Toán")
    assert "thông tin cá nhân" in upload(client, data).content.decode()
    body = upload(client, data, drop_personal="on").content.decode()
    assert "Đã bỏ các cột thông tin cá nhân: Họ và tên" in body


def test_correction_screen(client, seeded, officer):
    client.force_login(officer)
    page = client.post("/ket-qua-thi/quan-ly/2021/sua-diem/",
                       {"number": "07000003", "toan": "9.4", "reason": ""})
    assert "Hãy ghi lý do sửa điểm" in page.content.decode()
    done = client.post("/ket-qua-thi/quan-ly/2021/sua-diem/",
                       {"number": "07000003", "toan": "9.4", "reason": "Phúc khảo"}, follow=True)
    assert "phiên bản 2" in done.content.decode()
    compare = client.get("/ket-qua-thi/quan-ly/2021/so-sanh/", {"a": 1, "b": 2})
    assert "07000003" in compare.content.decode()


def test_who_may_open_the_screens(client, year, editor, make_staff):
    assert client.get(UPLOAD).status_code == 302  # to sign in
    client.force_login(make_staff(None, username="nobody"))
    assert client.get(UPLOAD).status_code == 403
    client.force_login(editor)
    assert client.get(UPLOAD).status_code == 403
    assert client.get("/ket-qua-thi/quan-ly/2021/").status_code == 200
    response = client.post("/ket-qua-thi/quan-ly/2021/cong-bo/",
                           {"release_at": "26/07/2021 00:00"}, follow=True)
    assert "Đã đặt giờ công bố" in response.content.decode()
    assert AuditEntry.objects.filter(action="release").exists()


def test_article_button(client, seeded, editor):
    client.force_login(editor)
    response = client.post("/ket-qua-thi/quan-ly/2021/tao-bai-viet/")
    assert response.status_code == 302 and "/admin/news/article/" in response["Location"]
