"""Hotline reports name an exam site from the list; free-text places stay for the rest."""

import datetime

import pytest
from django.utils import timezone

from exams.models import ExamSite
from exams.selectors import hotline_counts
from hotline import services
from hotline.forms import QueueFilterForm
from hotline.models import Category, Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def sites():
    return [
        ExamSite.objects.create(year=2021, code="01", name="Điểm thi THPT Mường Tè",
                                school="THPT Mường Tè", address="Mường Tè", district="muong-te",
                                rooms=12),
        ExamSite.objects.create(year=2021, code="02", name="Điểm thi THPT Sìn Hồ",
                                school="THPT Sìn Hồ", address="Sìn Hồ", district="sin-ho",
                                rooms=10),
        ExamSite.objects.create(year=2020, code="01", name="Điểm thi cũ năm 2020",
                                school="THPT cũ", address="Lai Châu", district="sin-ho",
                                rooms=8),
    ]


def test_public_form_offers_current_year_sites(client, sites):
    html = client.get("/duong-day-nong/gui-phan-anh/").content.decode()
    assert "01 — Điểm thi THPT Mường Tè (" in html
    assert "Điểm thi cũ năm 2020" not in html
    assert "Không rõ hoặc không phải điểm thi" in html


def test_report_stores_the_site_and_is_found_by_its_name(sites, make_staff, client):
    report, _key = services.submit_report(
        category=Category.values[0], description="Thí sinh quên giấy tờ.",
        exam_site=sites[1], place="cổng phụ")
    report.refresh_from_db()
    assert report.exam_site == sites[1]
    assert report.place == "cổng phụ"
    client.force_login(make_staff("Thanh tra"))
    html = client.get("/duong-day-nong/thanh-tra/", {"place": "sin ho"}).content.decode()
    assert report.reference in html
    html = client.get("/duong-day-nong/thanh-tra/", {"exam_site": sites[1].pk}).content.decode()
    assert report.reference in html
    html = client.get("/duong-day-nong/thanh-tra/", {"exam_site": sites[0].pk}).content.decode()
    assert report.reference not in html
    detail = client.get(f"/duong-day-nong/thanh-tra/{report.pk}/").content.decode()
    assert "02 — Điểm thi THPT Sìn Hồ" in detail


def test_forged_site_id_is_refused_with_a_message(sites):
    from hotline.forms import PublicReportForm

    form = PublicReportForm(data={"category": Category.values[0], "description": "x",
                                  "exam_site": "999999"})
    assert not form.is_valid()
    assert form.errors["exam_site"] == ["Điểm thi đã chọn không có trong danh sách."]
    old_site = PublicReportForm(data={"exam_site": str(sites[2].pk)})
    old_site.is_valid()
    assert "exam_site" in old_site.errors


def test_reports_without_a_site_are_kept_and_counted(sites):
    services.submit_report(category=Category.values[0], description="Ở nhà trọ.", place="nhà trọ")
    services.submit_report(category=Category.values[0], description="Tại điểm thi.",
                           exam_site=sites[0])
    per_site, total = hotline_counts(timezone.localdate())
    assert total == 2
    assert per_site == {sites[0].pk: 1}
    assert Report.objects.filter(exam_site__isnull=True, place="nhà trọ").exists()


def test_queue_filter_lists_every_site_newest_year_first(sites):
    choices = list(QueueFilterForm().fields["exam_site"].queryset)
    assert choices == [sites[0], sites[1], sites[2]]


def test_deleting_a_site_keeps_the_report(sites):
    report, _ = services.submit_report(category=Category.values[0], description="x",
                                       exam_site=sites[0],
                                       occurred_at=timezone.now() - datetime.timedelta(hours=1))
    sites[0].delete()
    report.refresh_from_db()
    assert report.exam_site is None
