import csv
import io

import pytest
from openpyxl import load_workbook

from exams import services
from exams.models import SessionReport

from .conftest import figures, vn

pytestmark = pytest.mark.django_db


def form_url(session):
    return f"/lich-thi/bao-cao/buoi-thi/{session.pk}/"


def dash_url(session, suffix=""):
    return f"/lich-thi/tong-hop/{session.pk}/{suffix}"


@pytest.fixture
def reported(schedule, sites, officer, make_officer, clock):
    """Ngữ văn: site 01 on time, site 02 late with an incident, site 03 missing."""
    lit = schedule["literature"]
    clock(vn(2021, 7, 7, 9, 50))
    services.submit_session_report(user=officer, session=lit, site=sites[0], data=figures(240, 238, 2))
    clock(vn(2021, 7, 7, 11, 0))
    services.submit_session_report(
        user=make_officer(sites[1]), session=lit, site=sites[1],
        data=figures(352, 349, 3, suspended=1, incident_severity="serious",
                     incident_text="Thí sinh mang điện thoại vào phòng 07"))
    return lit


@pytest.mark.parametrize("url", ["/lich-thi/bao-cao/", "/lich-thi/bao-cao/buoi-thi/1/",
                                 "/lich-thi/tong-hop/1/", "/lich-thi/tong-hop/1/bao-cao.xlsx"])
def test_anonymous_goes_to_the_exams_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/lich-thi/dang-nhap/?next=")


def test_site_officer_signs_in_without_admin_rights(client, schedule, officer, clock):
    officer.is_staff = False
    officer.save()
    clock(vn(2021, 7, 7, 8, 0))  # during Ngữ văn: the officer lands on its report form
    response = client.post("/lich-thi/dang-nhap/", {"username": "canbo01", "password": "test-password-123"})
    assert response.status_code == 302 and response["Location"] == form_url(schedule["literature"])
    html = client.get("/lich-thi/bao-cao/").content.decode()
    assert "Điểm thi số 01" in html and "Ngữ văn, sáng 07/07/2021" in html
    assert client.get("/admin/").status_code == 302  # not a staff (admin) account


def test_officer_submits_and_corrects(client, schedule, officer, sites, clock):
    lit = schedule["literature"]
    client.force_login(officer)
    clock(vn(2021, 7, 7, 7, 0))
    html = client.get(form_url(lit)).content.decode()
    assert "Chỉ gửi báo cáo sau khi buổi thi đã bắt đầu" in html
    assert 'class="exams-form"' not in html
    clock(vn(2021, 7, 7, 9, 45))
    html = client.get(form_url(lit)).content.decode()
    assert 'value="240"' in html  # prefilled with the site's registered candidates
    bad = figures(240, 230, 2)
    response = client.post(form_url(lit), bad)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Báo cáo chưa được lưu" in html and "phải bằng số thí sinh phải có mặt (240)" in html
    assert 'value="230"' in html  # what was typed is kept
    assert not SessionReport.objects.exists()
    response = client.post(form_url(lit), figures(240, 238, 2))
    report = SessionReport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/lich-thi/bao-cao/{report.pk}/"
    html = client.get(response["Location"]).content.decode()
    assert "Đã gửi báo cáo buổi thi" in html and "99,17%" in html
    html = client.get(form_url(lit)).content.decode()
    assert "Điều chỉnh báo cáo" in html and 'name="reason"' in html
    response = client.post(form_url(lit), {**figures(240, 237, 3), "version": 1, "reason": ""})
    assert response.status_code == 200 and "Hãy ghi lý do điều chỉnh báo cáo." in response.content.decode()
    response = client.post(form_url(lit), {**figures(240, 237, 3), "version": 1,
                                           "reason": "Phòng 03 vắng thêm 1"})
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "phiên bản 2" in html and "Phòng 03 vắng thêm 1" in html
    report.refresh_from_db()
    assert report.version == 2 and report.versions.count() == 2


def test_another_sites_report_by_id_is_refused(client, reported, make_officer, sites):
    other = SessionReport.objects.get(site=sites[1])
    client.force_login(SessionReport.objects.get(site=sites[0]).submitted_by)
    response = client.get(f"/lich-thi/bao-cao/{other.pk}/")
    assert response.status_code == 404
    assert "điện thoại vào phòng 07" not in response.content.decode()
    # a third site's officer sees neither
    client.force_login(make_officer(sites[2]))
    assert client.get(f"/lich-thi/bao-cao/{other.pk}/").status_code == 404
    assert client.get(dash_url(reported)).status_code == 403
    assert client.get(dash_url(reported, "bao-cao.xlsx")).status_code == 403


def test_officer_without_site_is_told_so(client, make_staff, schedule):
    client.force_login(make_staff("Cán bộ điểm thi"))
    response = client.get("/lich-thi/bao-cao/")
    assert response.status_code == 403
    assert "chưa được giao cho điểm thi nào" in response.content.decode()


def test_editor_sees_totals_not_incidents(client, reported, editor, clock):
    clock(vn(2021, 7, 7, 11, 0))
    client.force_login(editor)
    response = client.get(dash_url(reported))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] or "private" in response["Cache-Control"]
    html = response.content.decode()
    assert "2/3" in html and "592" in html and "99,16%" in html
    assert "1 điểm thi chưa báo cáo — đã quá hạn" in html and "Điểm thi số 03" in html
    assert "site-row--overdue" in html and "Nộp muộn" in html
    assert "điện thoại vào phòng 07" not in html
    assert "Tạo bài viết" in html
    assert "Đường dây nóng: 0 phản ánh" in html


def test_inspector_sees_incidents_and_cannot_create_article(client, reported, inspector, clock, exam_column):
    clock(vn(2021, 7, 7, 11, 0))
    client.force_login(inspector)
    html = client.get(dash_url(reported)).content.decode()
    assert "Thí sinh mang điện thoại vào phòng 07" in html and "Tạo bài viết" not in html
    assert client.post(dash_url(reported, "tao-bai-viet/")).status_code == 403
    other = SessionReport.objects.exclude(site__code="01").get()
    assert "phòng 07" in client.get(f"/lich-thi/bao-cao/{other.pk}/").content.decode()


def test_live_fragment_and_print(client, reported, editor):
    client.force_login(editor)
    fragment = client.get(dash_url(reported), {"phan": "so-lieu"}).content.decode()
    assert "<html" not in fragment and "Báo cáo của từng điểm thi" in fragment
    html = client.get(dash_url(reported, "ban-in/")).content.decode()
    assert "Báo cáo tình hình tổ chức buổi thi" in html and "HỘI ĐỒNG THI TỈNH LAI CHÂU" in html


def test_exports(client, reported, inspector, editor, clock):
    clock(vn(2021, 7, 7, 11, 0))
    client.force_login(inspector)
    response = client.get(dash_url(reported, "bao-cao.xlsx"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Mã điểm thi", "Điểm thi", "Huyện, thành phố", "Tình trạng báo cáo")
    assert rows[1][0] == "01" and rows[1][4:7] == (240, 238, 2)
    assert rows[3][3] == "Chưa báo cáo — quá hạn"
    assert rows[-1][1] == "Toàn tỉnh" and rows[-1][4:7] == (592, 587, 5)
    assert "Mô tả sự cố" in rows[0]
    client.force_login(editor)
    response = client.get(dash_url(reported, "bao-cao.csv"))
    text = response.content.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0][0] == "Mã điểm thi" and "Mô tả sự cố" not in table[0]
    assert "điện thoại" not in text


def test_editor_creates_the_article_in_one_action(client, reported, editor, exam_column):
    from news.models import Article

    client.force_login(editor)
    response = client.post(dash_url(reported, "tao-bai-viet/"))
    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/news/article/{article.pk}/change/"
    assert article.status == "draft" and "587 thí sinh dự thi" in article.title
    assert client.get(dash_url(reported, "tao-bai-viet/")).status_code == 405


def test_staff_home_for_the_department(client, reported, editor):
    client.force_login(editor)
    html = client.get("/lich-thi/bao-cao/").content.decode()
    assert "Tổng hợp toàn tỉnh" in html and "2/3" in html


def test_dashboard_counts_hotline_reports_per_site_once_reports_name_a_site(
        client, reported, editor, sites, monkeypatch):
    monkeypatch.setattr("exams.selectors.hotline_counts",
                        lambda day, *args: ({sites[0].pk: 2, sites[2].pk: 1}, 4))
    client.force_login(editor)
    html = client.get(dash_url(reported)).content.decode()
    assert "Phản ánh đường dây nóng</th>" in html
    assert "Đường dây nóng: 4 phản ánh tiếp nhận trong ngày 07/07/2021." in html


def test_dashboard_and_export_queries_do_not_grow_with_sites(client, reported, editor, make_site,
                                                              make_officer, clock):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(editor)

    def count(url):
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    urls = [dash_url(reported), dash_url(reported, "bao-cao.xlsx"), dash_url(reported, "ban-in/")]
    before = [count(url) for url in urls]
    clock(vn(2021, 7, 7, 9, 50))
    for n in range(40):
        site = make_site(code=f"{n + 10}")
        services.submit_session_report(user=make_officer(site), session=reported, site=site,
                                       data=figures())
    assert [count(url) for url in urls] == before
    print("queries per dashboard page", dict(zip(urls, before, strict=True)))
