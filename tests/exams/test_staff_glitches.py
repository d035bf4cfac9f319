"""Issue 17's glitches on the exam-day staff pages: hotline reports per site, names family name
first, the export's Vietnamese file name."""

import pytest
from django.utils import timezone

from exams import exports, services
from exams.selectors import hotline_counts, session_overview
from hotline import services as hotline

from .conftest import figures, vn

pytestmark = pytest.mark.django_db


def report_at(when, **fields):
    report, _ = hotline.submit_report(category="leak", description="[Thử] phản ánh",
                                      received_at=when, **fields)
    return report


def test_hotline_reports_count_on_the_site_they_name_typed_or_chosen(schedule, sites):
    day = vn(2021, 7, 7, 9, 0)
    report_at(day, place="Điểm thi Trường THPT Mường Tè, phòng 3")        # typed, with marks
    report_at(day, place="diem thi truong thpt muong te")                 # typed, no marks
    report_at(day, exam_site=sites[0])                                    # chosen in the list
    report_at(day, place="Điểm thi Trường THPT Tam Đường")                # not one of the sites
    report_at(vn(2021, 7, 8, 9, 0), place="Điểm thi Trường THPT Mường Tè")  # another day
    per_site, total = hotline_counts(schedule["literature"].date, sites)
    assert total == 4
    assert per_site == {sites[2].pk: 2, sites[0].pk: 1}
    overview = session_overview(schedule["literature"], now=vn(2021, 7, 7, 12, 0))
    assert [row.hotline for row in overview.rows] == [1, 0, 2]
    assert sum(row.hotline for row in overview.rows) <= overview.hotline_total == 4


def test_the_longest_name_wins(schedule, sites, make_site):
    longer = make_site(code="04", name="Điểm thi Trường THPT Mường Tè 2")
    report_at(vn(2021, 7, 7, 9, 0), place="Điểm thi Trường THPT Mường Tè 2")
    per_site, _ = hotline_counts(schedule["literature"].date, [*sites, longer])
    assert per_site == {longer.pk: 1}


def test_dashboard_rows_show_the_counts_in_a_fixed_number_of_queries(
        client, schedule, sites, editor, make_site, django_assert_max_num_queries):
    for n in range(20):
        report_at(vn(2021, 7, 7, 9, n), place="Điểm thi Trường THPT Mường Tè")
        make_site(code=f"{n + 10}")
    client.force_login(editor)
    with django_assert_max_num_queries(20):
        html = client.get(f"/lich-thi/tong-hop/{schedule['literature'].pk}/").content.decode()
    assert "<td>20</td>" in html


def test_report_versions_name_the_officer_family_name_first(client, schedule, sites, officer, clock):
    officer.first_name, officer.last_name = "Hoa", "Lường Thị"
    officer.save()
    clock(vn(2021, 7, 7, 9, 50))
    report = services.submit_session_report(user=officer, session=schedule["literature"],
                                            site=sites[0], data=figures())
    client.force_login(officer)
    html = client.get(f"/lich-thi/bao-cao/{report.pk}/").content.decode()
    assert "Lường Thị Hoa" in html and "Hoa Lường Thị" not in html


def test_export_file_name_is_vietnamese(schedule):
    name = exports.filename(schedule["literature"], "xlsx")
    assert name.startswith("bao-cao-buoi-thi-20210707-sang-ngu-van-")
    assert "morning" not in name and name.endswith(".xlsx")
    assert "-chieu-toan-" in exports.filename(schedule["maths"], "csv")


def test_export_download_carries_the_name(client, schedule, editor):
    client.force_login(editor)
    response = client.get(f"/lich-thi/tong-hop/{schedule['literature'].pk}/bao-cao.csv")
    assert "bao-cao-buoi-thi-20210707-sang-ngu-van-" in response["Content-Disposition"]
    assert timezone.is_aware(vn(2021, 7, 7))
