"""Names instead of codes on the statistics (districts from exams.District, schools from the
names staff import) and the national figures beside the province's: page, CSV, XLSX, staff
screen, admin validation, constant queries."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from results import demo, services
from results.models import AuditEntry, NationalFigure, SchoolName
from results.statistics import district_name, statistics_for

pytestmark = pytest.mark.django_db
STATS = "/ket-qua-thi/2021/thong-ke/"
SCHOOLS = "/ket-qua-thi/quan-ly/ten-truong/"


def csv_rows(client, table):
    response = client.get(f"{STATS}{table}.csv")
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def send_names(client, text):
    return client.post(SCHOOLS, {"file": SimpleUploadedFile("truong.csv", text.encode("utf-8"))},
                       follow=True)


def test_district_names_instead_of_codes(client, seeded):
    assert district_name("01") == "Thành phố Lai Châu" and district_name("08") == "Nậm Nhùn"
    assert district_name("tam-duong") == "Tam Đường" and district_name("99") == "Mã 99"
    rows = csv_rows(client, "huyen")
    assert rows[0][0] == "Huyện"
    assert "Thành phố Lai Châu" in [r[0] for r in rows] and "01" not in [r[0] for r in rows]
    assert "Sìn Hồ" in client.get(STATS).content.decode()


def test_school_names_from_a_csv_codes_where_missing(client, seeded, officer):
    client.force_login(officer)
    page = send_names(client, "Mã trường,Tên trường\n0101,Trường THPT Chuyên Lê Quý Đôn\n"
                              "0201,Trường THPT Tam Đường\n")
    assert "Đã thêm 2 trường, đổi tên 0 trường" in page.content.decode()
    page = send_names(client, "0201,Trường THPT Tam Đường (đổi tên)\n0101,Trường THPT Chuyên Lê "
                              "Quý Đôn\n")
    assert "Đã thêm 0 trường, đổi tên 1 trường" in page.content.decode()
    client.logout()
    rows = {r[0] for r in csv_rows(client, "truong")}
    assert "Trường THPT Chuyên Lê Quý Đôn" in rows and "Trường THPT Tam Đường (đổi tên)" in rows
    assert "Mã 0102" in rows  # no name yet: the code
    assert "Trường THPT Chuyên Lê Quý Đôn" in client.get(STATS).content.decode()
    assert AuditEntry.objects.filter(action="schools", user=officer).count() == 2


@pytest.mark.parametrize("text,message", [
    ("", "Hãy chọn tệp CSV"),
    ("0101\n", "cần hai cột"),
    ("0101,<script>alert(1)</script>\n", "tên trường không hợp lệ"),
    ("0101,=HYPERLINK(\"x\")\n", "tên trường không hợp lệ"),
    ("01 01,Trường\n", "mã trường “01 01” không hợp lệ"),
    ("0101,A\n0101,B\n", "lặp lại"),
    ("0101," + "x" * 201 + "\n", "tên trường không hợp lệ"),
])
def test_bad_school_name_files_store_nothing(client, year, officer, text, message):
    client.force_login(officer)
    if text:
        body = send_names(client, "0999,Trường tốt\n" + text).content.decode()
    else:
        body = client.post(SCHOOLS, {}).content.decode()
    assert message in body and "&lt;script&gt;" not in body.split("Tệp có lỗi")[0][-50:]
    assert not SchoolName.objects.exists()


def test_school_names_screen_is_the_testing_offices(client, year, editor, administrator):
    for user in (editor, administrator):
        client.force_login(user)
        assert client.get(SCHOOLS).status_code == 403
        assert send_names(client, "0101,Trường\n").status_code == 403
    assert not SchoolName.objects.exists()


def national(year, **values):
    figures = {"candidates": 980000, "mean": "6.61", "median": "6.80", "le1": 1100,
               "lt5": 145000, "ge8": 270000, "tens": 54, **values}
    return NationalFigure.objects.create(exam_year=year, subject="toan", **figures)


def test_national_figures_beside_the_provinces(client, seeded, year):
    assert "So sánh với cả nước" not in client.get(STATS).content.decode()
    national(year)
    body = client.get(STATS).content.decode()
    assert "So sánh với cả nước" in body and "980000" in body
    rows = csv_rows(client, "ca-nuoc")
    assert rows[0][:5] == ["Môn", "Số bài thi (Lai Châu)", "Số bài thi (cả nước)",
                           "Điểm trung bình (Lai Châu)", "Điểm trung bình (cả nước)"]
    assert len(rows) == 2  # Toán only: the other subjects have no national figures
    values = [r["toan"] for r in seeded if r["toan"] is not None]
    mine = statistics_for(services.ResultSet.objects.get(exam_year=year).current_version_id)
    assert rows[1][0] == "Toán" and int(rows[1][1]) == len(values) == mine["subjects"][0]["count"]
    assert rows[1][2] == "980000" and float(rows[1][4]) == 6.61 and float(rows[1][6]) == 6.8
    below = sum(1 for v in values if v < 5)
    assert float(rows[1][9]) == round(100 * below / len(values), 2)
    assert float(rows[1][10]) == round(100 * 145000 / 980000, 2)
    xlsx = client.get(f"{STATS}ca-nuoc.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_national_figures_checked_in_the_admin(client, year, officer):
    from examportal.roles import setup_roles

    setup_roles()
    client.force_login(officer)
    url = "/admin/results/nationalfigure/add/"
    assert client.get(url).status_code == 200
    form = {"exam_year": 2021, "subject": "toan", "candidates": 100, "mean": "11", "median": "6",
            "le1": 5, "lt5": 4, "ge8": 20, "tens": 30, "source": ""}
    body = client.post(url, form).content.decode()
    assert "Điểm từ 0 đến 10" in body and "Số bài ≤ 1 không thể lớn hơn số bài dưới 5" in body
    assert "Số điểm 10 không thể lớn hơn số bài từ 8 trở lên" in body
    assert not NationalFigure.objects.exists()
    form.update(mean="6.5", le1=3, tens=2)
    assert client.post(url, form).status_code == 302
    assert NationalFigure.objects.count() == 1


def test_statistics_queries_constant_with_names_and_figures(client, year, officer, exam_column):
    def count():
        client.get(STATS)  # figures computed and cached
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(STATS).status_code == 200
        return len(ctx)

    services.import_rows(user=officer, exam_year=year, rows=demo.generate(40))
    small = count()
    services.import_rows(user=officer, exam_year=year, rows=demo.generate(1500))
    for code in {r["school_code"] for r in demo.generate(1500)}:
        SchoolName.objects.create(code=code, name=f"Trường {code}")
    for key in ("toan", "van", "ngoai_ngu"):
        NationalFigure.objects.create(exam_year=year, subject=key, candidates=10, mean=5,
                                      median=5, le1=0, lt5=1, ge8=1, tens=0)
    assert count() == small


def test_imported_school_names_reach_the_cached_statistics_page(client, seeded, officer,
                                                                 settings):
    """The names are written in bulk (no model signals): the import itself empties the page
    cache, or the statistics page would show codes for up to PAGE_CACHE_SECONDS."""
    settings.PAGE_CACHE_SECONDS = 300
    first = client.get(STATS)
    assert "Mã 0101" in first.content.decode()
    assert client.get(STATS)["X-Page-Cache"] == "hit"
    services.import_school_names(user=officer, data="0101,Trường THPT Chuyên Lê Quý Đôn\n"
                                 .encode())
    page = client.get(STATS).content.decode()
    assert "Trường THPT Chuyên Lê Quý Đôn" in page and "Mã 0101" not in page
    services.import_school_names(user=officer, data="0101,Trường THPT Lê Quý Đôn\n"
                                 .encode())
    assert "Trường THPT Lê Quý Đôn<" in client.get(STATS).content.decode()
