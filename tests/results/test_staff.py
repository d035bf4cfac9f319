"""The testing office's screens: upload → preview (errors, counts, means) → confirm; correction;
release time; the article button; who may open them."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from examportal.roles import EDITORS, GROUPS, TESTING_OFFICE, permission_table, setup_roles
from examyears.models import ExamYear
from results import services
from results.models import AuditEntry, CandidateResult, ResultSet, ResultVersion

from .conftest import csv_file

pytestmark = pytest.mark.django_db
UPLOAD = "/ket-qua-thi/quan-ly/2021/nhap-tep/"
User = get_user_model()


def year_of():
    return ExamYear.objects.get(year=2021)


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


def test_who_may_open_the_screens(client, year, editor, officer, make_staff):
    assert client.get(UPLOAD).status_code == 302  # to sign in
    client.force_login(make_staff(None, username="nobody"))
    assert client.get(UPLOAD).status_code == 403
    client.force_login(editor)
    assert client.get(UPLOAD).status_code == 403
    assert client.get("/ket-qua-thi/quan-ly/2021/").status_code == 200  # the article button
    assert client.post("/ket-qua-thi/quan-ly/2021/cong-bo/",
                       {"release_at": "26/07/2021 00:00"}).status_code == 403
    client.force_login(officer)
    response = client.post("/ket-qua-thi/quan-ly/2021/cong-bo/",
                           {"release_at": "26/07/2021 00:00"}, follow=True)
    assert "Đã đặt giờ công bố" in response.content.decode()
    assert AuditEntry.objects.filter(action="release", user=officer).exists()


@pytest.mark.parametrize("group", [g for g in GROUPS if g != TESTING_OFFICE])
def test_only_the_testing_office_imports(client, seeded, make_staff, group):
    """Every other group: no upload, confirm, correction, restore or release, by screen or by a
    forged POST, and the services refuse too."""
    from results.models import PendingImport

    user = make_staff(group, username="khac")
    client.force_login(user)
    pending = PendingImport.objects.create(result_set=ResultSet.objects.get(exam_year=year_of()),
                                           kind="import", file_name="x.csv", created_by=user)
    assert client.get(UPLOAD).status_code == 403
    assert upload(client, csv_file("07000001,,,8,7,,,,,,,,")).status_code == 403
    assert client.post(f"{UPLOAD}{pending.pk}/xac-nhan/").status_code == 403
    assert client.post("/ket-qua-thi/quan-ly/2021/sua-diem/",
                       {"number": "07000003", "toan": "9.4", "reason": "x"}).status_code == 403
    assert client.post("/ket-qua-thi/quan-ly/2021/phien-ban/1/khoi-phuc/").status_code == 403
    assert client.post("/ket-qua-thi/quan-ly/2021/cong-bo/",
                       {"release_at": "26/07/2021 00:00"}).status_code == 403
    assert client.get("/ket-qua-thi/quan-ly/ten-truong/").status_code == 403
    with pytest.raises(PermissionDenied):
        services.stage_upload(user=user, exam_year=year_of(), name="a.csv",
                              data=csv_file("07000001,,,8,7,,,,,,,,"))
    with pytest.raises(PermissionDenied):
        services.confirm_import(user=user, pending=pending)
    assert ResultVersion.objects.count() == 1
    assert not AuditEntry.objects.filter(user=user).exists()


def test_the_testing_office_group_rights():
    table = permission_table()
    office = table[TESTING_OFFICE]
    assert {"results.import_results", "results.release_results", "results.preview_results",
            "results.add_nationalfigure", "results.change_schoolname"} <= office
    for group, perms in table.items():
        if group != TESTING_OFFICE:
            assert "results.import_results" not in perms and "results.release_results" not in perms
    assert "results.create_results_article" in table[EDITORS]


def test_demo_account_of_the_testing_office(client, exam_column):
    from examportal.demo import DEMO_PASSWORD
    from results import demo

    demo.seed(io.StringIO())
    user = User.objects.get(username=demo.DEMO_USERNAME)
    assert user.check_password(DEMO_PASSWORD) and user.is_staff
    assert list(user.groups.values_list("name", flat=True)) == [TESTING_OFFICE]
    setup_roles()
    assert client.login(username=demo.DEMO_USERNAME, password=DEMO_PASSWORD)
    assert client.get(UPLOAD).status_code == 200


def test_article_button(client, seeded, editor):
    client.force_login(editor)
    response = client.post("/ket-qua-thi/quan-ly/2021/tao-bai-viet/")
    assert response.status_code == 302 and "/admin/news/article/" in response["Location"]
