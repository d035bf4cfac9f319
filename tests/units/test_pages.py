import pytest
from django.core import mail

from units import services
from units.models import Difficulty, PreparationReport

from .conftest import figures, post_data, vn

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/don-vi/", "/don-vi/bao-cao/", "/don-vi/bao-cao/1/",
                                 "/don-vi/kho-khan/moi/", "/don-vi/kho-khan/1/",
                                 "/don-vi/tong-hop/", "/don-vi/tong-hop/2021/bao-cao-chuan-bi-thi.xlsx"])
def test_anonymous_goes_to_the_staff_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=")


def test_pages_are_never_cached(client, staff_a, year):
    client.force_login(staff_a)
    response = client.get("/don-vi/")
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_other_staff_get_the_vietnamese_403(client, make_staff, year):
    client.force_login(make_staff("Tổng đài viên", username="tongdai"))
    response = client.get("/don-vi/")
    assert response.status_code == 403
    assert "tongdai" in response.content.decode() or "quyền" in response.content.decode()


def test_unit_staff_without_a_unit_get_403(client, make_staff, year):
    client.force_login(make_staff("Cán bộ đơn vị", username="chuagan"))
    response = client.get("/don-vi/bao-cao/")
    assert response.status_code == 403
    assert "chưa được giao cho đơn vị nào" in response.content.decode()


def test_unit_sends_a_report_with_bad_input_kept_then_updates(client, staff_a, units, year,
                                                              deadline):
    client.force_login(staff_a)
    html = client.get("/don-vi/").content.decode()
    assert "Trường THPT Chuyên Lê Quý Đôn" in html and "Đơn vị chưa gửi báo cáo năm 2021" in html
    html = client.get("/don-vi/bao-cao/").content.decode()
    assert ">Tổng số CBQL, GV, NV của đơn vị</label>" in html  # abbreviations keep their case
    bad = post_data(informed_students="-5", trained_teachers="abc", lodging_covered="900",
                    communication_methods="<script>alert(1)</script> họp phụ huynh")
    response = client.post("/don-vi/bao-cao/", bad)
    html = response.content.decode()
    assert response.status_code == 200 and "Báo cáo chưa được lưu" in html
    assert "không được là số âm" in html and "phải là một số nguyên" in html
    assert 'value="-5"' in html and 'value="abc"' in html  # what was typed is kept
    assert "&lt;script&gt;alert(1)&lt;/script&gt; họp phụ huynh" in html
    assert "<script>alert(1)" not in html
    assert not PreparationReport.objects.exists()
    response = client.post("/don-vi/bao-cao/", post_data(lodging_covered="900"))
    html = response.content.decode()
    assert "Số thí sinh được hỗ trợ chỗ ở (900) không thể nhiều hơn" in html
    assert not PreparationReport.objects.exists()
    response = client.post("/don-vi/bao-cao/", post_data(
        communication_methods="<b>Họp</b> phụ huynh"))
    assert response.status_code == 302 and response["Location"] == "/don-vi/"
    report = PreparationReport.objects.get()
    assert report.unit == units[0] and report.communication_methods == "<b>Họp</b> phụ huynh"
    html = client.get("/don-vi/").content.decode()
    assert "Đã gửi báo cáo chuẩn bị thi năm 2021" in html
    assert "&lt;b&gt;Họp&lt;/b&gt; phụ huynh" in html
    html = client.get("/don-vi/bao-cao/").content.decode()
    assert "Cập nhật báo cáo chuẩn bị thi" in html and 'value="20/05/2021"' in html
    response = client.post("/don-vi/bao-cao/", {**post_data(informed_parents="320"), "version": "1",
                                                 "note": "Thêm cha mẹ học sinh"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.version == 2 and report.informed_parents == 320
    html = client.get(f"/don-vi/bao-cao/{report.pk}/").content.decode()
    assert "Lịch sử cập nhật" in html and "Phiên bản 2" in html and "Thêm cha mẹ học sinh" in html
    assert "Số cha mẹ học sinh được tuyên truyền" in html and "<td>300</td><td>320</td>" in html


def test_huge_text_is_refused_and_kept(client, staff_a, units, year):
    client.force_login(staff_a)
    response = client.post("/don-vi/bao-cao/", post_data(support_notes="á" * 5000))
    html = response.content.decode()
    assert "dài quá 4.000 ký tự" in html and not PreparationReport.objects.exists()


def test_a_unit_sees_and_changes_only_its_own(client, staff_a, staff_b, units, year):
    other = services.save_report(user=staff_b, unit=units[1], year=year, data=figures(),
                                 now=vn(2021, 6, 1, 9, 0))
    theirs = services.raise_difficulty(user=staff_b, unit=units[1], year=year, kind="difficulty",
                                       text="Việc của trường Phong Thổ")
    client.force_login(staff_a)
    assert client.get(f"/don-vi/bao-cao/{other.pk}/").status_code == 404
    assert client.get(f"/don-vi/kho-khan/{theirs.pk}/").status_code == 404
    assert client.post(f"/don-vi/kho-khan/{theirs.pk}/", {"action": "urgent"}).status_code == 404
    assert client.post(f"/don-vi/kho-khan/{theirs.pk}/", {"action": "close"}).status_code == 404
    # A forged unit in the form changes nothing: the unit comes from the account.
    response = client.post("/don-vi/bao-cao/", {**post_data(), "unit": units[1].pk,
                                                "unit_id": units[1].pk})
    assert response.status_code == 302
    mine = PreparationReport.objects.exclude(pk=other.pk).get()
    assert mine.unit == units[0]
    other.refresh_from_db()
    assert other.version == 1
    html = client.get("/don-vi/").content.decode()
    assert "Việc của trường Phong Thổ" not in html
    theirs.refresh_from_db()
    assert not theirs.is_urgent
    # Department pages are not theirs.
    assert client.get("/don-vi/tong-hop/").status_code == 403


def test_difficulty_round_trip_through_the_pages(client, staff_a, editor, units, year,
                                                 django_capture_on_commit_callbacks):
    client.force_login(staff_a)
    response = client.post("/don-vi/kho-khan/moi/", {"kind": "difficulty", "text": ""})
    assert "Hãy nhập nội dung." in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/don-vi/kho-khan/moi/", {
            "kind": "difficulty", "text": "Sạt lở đường, 23 thí sinh chưa có xe", "urgent": "on"})
    item = Difficulty.objects.get()
    assert response["Location"] == f"/don-vi/kho-khan/{item.pk}/"
    assert item.is_urgent and len(mail.outbox) == 1
    html = client.get(response["Location"]).content.decode()
    assert "Sở chưa trả lời" in html and "Đánh dấu khẩn (báo Văn phòng Sở)" not in html
    assert 'name="answer"' not in html  # unit staff do not answer
    assert client.post(response["Location"], {"action": "answer", "answer": "x"}).status_code == 403
    item.refresh_from_db()
    assert item.answer == ""

    client.force_login(editor)
    html = client.get(f"/don-vi/kho-khan/{item.pk}/").content.decode()
    assert 'name="answer"' in html
    response = client.post(f"/don-vi/kho-khan/{item.pk}/", {"action": "answer", "answer": ""})
    assert "Hãy nhập nội dung trả lời." in response.content.decode()
    response = client.post(f"/don-vi/kho-khan/{item.pk}/", {
        "action": "answer", "answer": "Sở đã đề nghị huyện bố trí 2 xe."})
    assert response.status_code == 302

    client.force_login(staff_a)
    html = client.get("/don-vi/").content.decode()
    assert "Sở đã đề nghị huyện bố trí 2 xe." in html and "Sở đã trả lời" in html
    client.post(f"/don-vi/kho-khan/{item.pk}/", {"action": "close"})
    item.refresh_from_db()
    assert item.status == "closed"
    html = client.get(f"/don-vi/kho-khan/{item.pk}/").content.decode()
    assert "Đơn vị gửi" in html and "Đánh dấu khẩn" in html and "Sở trả lời" in html
    assert "Đóng" in html


def test_start_section_for_unit_staff_and_department(staff_a, editor, make_staff, units, year):
    from units.start import section

    mine = section(staff_a)
    assert mine.landing == "/don-vi/" and mine.priority < 100
    assert [link.url for link in mine.links][:2] == ["/don-vi/", "/don-vi/kho-khan/moi/"]
    assert "Chưa gửi báo cáo năm nay." in mine.links[0].description
    services.raise_difficulty(user=staff_a, unit=units[0], year=year, kind="proposal", text="x")
    dept = section(editor)
    assert dept.landing is None
    assert dept.links[0].url == "/don-vi/tong-hop/"
    assert dept.links[0].description == "0/3 đơn vị đã báo cáo."
    assert dept.links[1].count == 1
    assert section(make_staff("Tổng đài viên", username="td")) is None
    from django.contrib.auth.models import AnonymousUser

    assert section(AnonymousUser()) is None


def test_units_declare_their_start_section(settings):
    from examportal.registry import contributions
    from units.start import section

    assert section in contributions("staff_start")


def test_unit_staff_sign_in_and_land_on_their_unit(client, staff_a, year):
    response = client.post("/admin/login/", {"username": "truong1",
                                             "password": "test-password-123"})
    assert response.status_code == 302 and response["Location"] == "/don-vi/"
    html = client.get("/quan-ly/").content.decode()
    assert "Đơn vị: báo cáo chuẩn bị thi" in html and 'href="/don-vi/kho-khan/moi/"' in html


def test_department_start_page_lists_the_overview(client, editor, year):
    client.force_login(editor)
    html = client.get("/quan-ly/").content.decode()
    assert 'href="/don-vi/tong-hop/"' in html


def test_signing_out_from_a_unit_page(client, staff_a, year):
    client.force_login(staff_a)
    html = client.get("/don-vi/").content.decode()
    assert 'action="/quan-ly/dang-xuat/"' in html and 'href="/quan-ly/"' in html
    client.post("/quan-ly/dang-xuat/")
    assert client.get("/don-vi/").status_code == 302


def test_difficulty_form_bad_input_is_kept_and_html_shown_as_text(client, staff_a, editor, year):
    client.force_login(staff_a)
    huge = "Đường " * 1000
    response = client.post("/don-vi/kho-khan/moi/", {"kind": "nonsense", "text": huge})
    html = response.content.decode()
    assert "Hãy chọn loại: khó khăn, vướng mắc hay đề xuất." in html
    assert "Nội dung dài quá 4.000 ký tự." in html and huge.strip() in html
    assert not Difficulty.objects.exists()
    client.post("/don-vi/kho-khan/moi/", {"kind": "proposal",
                                          "text": '<img src=x onerror="alert(1)">Xin thêm xe'})
    item = Difficulty.objects.get()
    html = client.get(f"/don-vi/kho-khan/{item.pk}/").content.decode()
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;Xin thêm xe" in html
    assert "<img src=x" not in html
    client.force_login(editor)
    response = client.post(f"/don-vi/kho-khan/{item.pk}/", {"action": "answer", "answer": "ý" * 4001})
    assert "Nội dung trả lời dài quá 4.000 ký tự." in response.content.decode()
    response = client.post(f"/don-vi/kho-khan/{item.pk}/", {"action": "bogus"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.answer == "" and item.status == "open"
    assert client.get("/don-vi/kho-khan/999999/").status_code == 404


def test_asking_again_through_the_page(client, staff_a, editor, units, year):
    item = services.raise_difficulty(user=staff_a, unit=units[0], year=year, kind="proposal",
                                     text="Xin thêm xe")
    services.answer_difficulty(user=editor, difficulty=item, text="Huyện bố trí 1 xe.")
    client.force_login(staff_a)
    html = client.get(f"/don-vi/kho-khan/{item.pk}/").content.decode()
    assert "Chưa rõ? Hỏi thêm Sở" in html
    response = client.post(f"/don-vi/kho-khan/{item.pk}/", {"action": "ask", "text": ""})
    html = client.get(response["Location"]).content.decode()
    assert "Hãy nhập nội dung hỏi thêm." in html
    client.post(f"/don-vi/kho-khan/{item.pk}/", {"action": "ask", "text": "Cần 2 xe."})
    html = client.get(f"/don-vi/kho-khan/{item.pk}/").content.decode()
    assert "Đơn vị hỏi thêm" in html and "Cần 2 xe." in html and "Chờ Sở trả lời" in html
