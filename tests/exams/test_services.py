import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from exams import services
from exams.formatting import vn_decimal, vn_number, vn_percent
from exams.models import ExamComponent, ExamSession, SessionReport, SessionReportVersion
from exams.selectors import hotline_counts, session_overview

from .conftest import figures, vn

pytestmark = pytest.mark.django_db


def test_2021_schedule_is_seeded_from_design(schedule):
    sessions = list(ExamSession.objects.for_year(2021))
    round1 = [s for s in sessions if s.round == 1]
    round2 = [s for s in sessions if s.round == 2]
    assert {s.date for s in round1} == {datetime.date(2021, 7, d) for d in (6, 7, 8, 9)}
    assert {s.date for s in round2} == {datetime.date(2021, 8, 6), datetime.date(2021, 8, 7)}
    lit = schedule["literature"]
    assert (lit.date, lit.part_of_day, lit.duration_minutes) == (datetime.date(2021, 7, 7), "morning", 120)
    assert lit.starts_at == vn(2021, 7, 7, 7, 35) and lit.handout_at == vn(2021, 7, 7, 7, 30)
    assert schedule["maths"].duration_minutes == 90
    combined = schedule["combined"]
    assert combined.duration_minutes == 150
    assert ExamComponent.objects.filter(session=combined).count() == 3
    assert all(c.duration_minutes == 50 for c in combined.components.all())
    assert ExamSession.objects.get(round=1, title="Ngoại ngữ").duration_minutes == 60
    assert schedule["registration"].date == datetime.date(2021, 7, 6)
    assert schedule["reserve"].date == datetime.date(2021, 7, 9) and schedule["reserve"].is_all_day


def test_vietnamese_number_formatting():
    assert vn_number(3214) == "3.214"
    assert vn_number(1234567) == "1.234.567"
    assert vn_number(12) == "12"
    assert vn_percent(3214, 3243) == "99,11%"
    assert vn_percent(991200, 1000000) == "99,12%"
    assert vn_percent(1, 0) == "—"
    assert vn_decimal("1234.5") == "1.234,50"


def test_submit_report(schedule, officer, sites, clock):
    clock(vn(2021, 7, 7, 9, 50))
    report = services.submit_session_report(user=officer, session=schedule["literature"],
                                            site=sites[0], data=figures())
    assert (report.present, report.absent, report.version, report.is_late) == (238, 2, 1, False)
    assert report.versions.count() == 1


@pytest.mark.parametrize(("data", "field", "message"), [
    (figures(present=230, absent=2), "absent", "phải bằng số thí sinh phải có mặt"),
    (figures(present=-1, absent=241), "present", "không được là số âm"),
    (figures(expected=None), "expected", "Hãy nhập số thí sinh phải có mặt"),
    (figures(expected="abc"), "expected", "phải là một số nguyên"),
    (figures(suspended=200, disciplined=100), "suspended", "không thể nhiều hơn"),
    (figures(incident_severity="serious"), "incident_text", "Có sự cố thì hãy mô tả"),
    (figures(incident_severity="bogus"), "incident_severity", "Hãy chọn mức độ sự cố"),
])
def test_validation_messages_are_vietnamese_and_nothing_is_saved(
        schedule, officer, sites, clock, data, field, message):
    clock(vn(2021, 7, 7, 9, 50))
    with pytest.raises(ValidationError) as info:
        services.submit_session_report(user=officer, session=schedule["literature"], site=sites[0],
                                       data=data)
    assert message in " ".join(info.value.message_dict[field])
    assert not SessionReport.objects.exists() and not SessionReportVersion.objects.exists()


def test_no_report_before_the_session_starts(schedule, officer, sites, clock):
    clock(vn(2021, 7, 7, 7, 34))
    with pytest.raises(ValidationError, match="chỉ gửi báo cáo sau khi buổi thi đã bắt đầu"):
        services.submit_session_report(user=officer, session=schedule["literature"], site=sites[0],
                                       data=figures())
    clock(vn(2021, 7, 7, 7, 35))
    assert services.submit_session_report(user=officer, session=schedule["literature"],
                                          site=sites[0], data=figures())


def test_only_exam_sessions_take_reports(schedule, officer, sites, clock):
    clock(vn(2021, 7, 9, 12, 0))
    with pytest.raises(ValidationError, match="Chỉ gửi báo cáo cho buổi thi"):
        services.submit_session_report(user=officer, session=schedule["reserve"], site=sites[0],
                                       data=figures())


@pytest.mark.parametrize(("minutes", "late"), [(60, False), (61, True)])
def test_late_after_configurable_deadline(schedule, officer, sites, clock, settings, minutes, late):
    settings.EXAMS_REPORT_DEADLINE_MINUTES = 60
    # Ngữ văn ends at 09:35; the deadline is 10:35.
    clock(vn(2021, 7, 7, 9, 35) + datetime.timedelta(minutes=minutes))
    report = services.submit_session_report(user=officer, session=schedule["literature"],
                                            site=sites[0], data=figures())
    assert report.is_late is late
    settings.EXAMS_REPORT_DEADLINE_MINUTES = 120
    assert schedule["literature"].report_deadline == vn(2021, 7, 7, 11, 35)


def test_second_submission_is_refused(schedule, officer, sites, clock):
    clock(vn(2021, 7, 7, 9, 50))
    services.submit_session_report(user=officer, session=schedule["literature"], site=sites[0],
                                   data=figures())
    with pytest.raises(ValidationError, match="đã gửi báo cáo"):
        services.submit_session_report(user=officer, session=schedule["literature"], site=sites[0],
                                       data=figures(present=240, absent=0))
    assert SessionReport.objects.count() == 1


def test_correction_keeps_earlier_versions(schedule, officer, sites, clock):
    clock(vn(2021, 7, 7, 9, 50))
    report = services.submit_session_report(user=officer, session=schedule["literature"],
                                            site=sites[0], data=figures())
    with pytest.raises(ValidationError) as info:
        services.correct_session_report(user=officer, report=report, data=figures(239, 237, 2),
                                        reason="  ")
    assert "lý do" in info.value.message_dict["reason"][0]
    with pytest.raises(ValidationError, match="không khác"):
        services.correct_session_report(user=officer, report=report, data=figures(), reason="x")
    clock(vn(2021, 7, 7, 11, 0))  # after the deadline: the report stays on time
    services.correct_session_report(user=officer, report=report, data=figures(239, 237, 2),
                                    reason="Phòng 05 nhập nhầm", expected_version=1)
    report.refresh_from_db()
    assert (report.expected, report.version, report.is_late) == (239, 2, False)
    versions = list(report.versions.order_by("number"))
    assert [(v.number, v.expected, v.is_late) for v in versions] == [(1, 240, False), (2, 239, True)]
    assert versions[1].reason == "Phòng 05 nhập nhầm"
    with pytest.raises(ValidationError, match="sau khi bạn mở trang"):
        services.correct_session_report(user=officer, report=report, data=figures(238, 236, 2),
                                        reason="lại", expected_version=1)
    assert report.versions.count() == 2


def test_staff_act_only_for_their_own_site(schedule, officer, make_officer, sites, clock, editor):
    clock(vn(2021, 7, 7, 9, 50))
    report = services.submit_session_report(user=officer, session=schedule["literature"],
                                            site=sites[0], data=figures())
    other = make_officer(sites[1])
    with pytest.raises(PermissionDenied):
        services.correct_session_report(user=other, report=report, data=figures(240, 240, 0), reason="x")
    with pytest.raises(PermissionDenied):
        services.submit_session_report(user=other, session=schedule["literature"], site=sites[0],
                                       data=figures())
    with pytest.raises(PermissionDenied):
        services.submit_session_report(user=editor, session=schedule["literature"], site=sites[0],
                                       data=figures())
    assert SessionReport.objects.visible_to(other).count() == 0
    assert SessionReport.objects.visible_to(officer).count() == 1
    assert SessionReport.objects.visible_to(editor).count() == 1


def test_overview_totals_missing_and_late(schedule, officer, make_officer, sites, clock):
    clock(vn(2021, 7, 7, 9, 50))
    services.submit_session_report(user=officer, session=schedule["literature"], site=sites[0],
                                   data=figures(240, 238, 2))
    clock(vn(2021, 7, 7, 11, 0))
    services.submit_session_report(user=make_officer(sites[1]), session=schedule["literature"],
                                   site=sites[1], data=figures(352, 350, 2, incident_severity="minor",
                                                               incident_text="Mất điện 5 phút"))
    overview = session_overview(schedule["literature"], now=vn(2021, 7, 7, 11, 0))
    t = overview.totals
    assert (t["sites"], t["reported"], t["missing"], t["late"], t["incidents"]) == (3, 2, 1, 1, 1)
    assert (t["expected"], t["present"], t["absent"]) == (592, 588, 4)
    assert str(t["attendance"]) == "99.32"
    assert [r.status for r in overview.rows] == ["submitted", "late", "overdue"]
    assert [r.site.code for r in overview.incidents] == ["02"]


def test_hotline_count_is_the_days_total_until_reports_name_a_site(schedule):
    from hotline.models import Report

    per_site, total = hotline_counts(datetime.date(2021, 7, 7))
    has_link = any(f.name == "exam_site" for f in Report._meta.get_fields())
    assert total == 0
    assert (per_site is None) is (not has_link)


def test_create_session_article_is_a_draft_with_totals(
        schedule, officer, make_officer, sites, clock, editor, exam_column):
    from news import services as news_services
    from news.models import Article

    clock(vn(2021, 7, 7, 9, 50))
    services.submit_session_report(user=officer, session=schedule["literature"], site=sites[0],
                                   data=figures(2900, 2876, 24))
    services.submit_session_report(user=make_officer(sites[1]), session=schedule["literature"],
                                   site=sites[1], data=figures(343, 338, 5))
    article = services.create_session_article(user=editor, session=schedule["literature"])
    assert article.status == Article.Status.DRAFT
    assert article.section.slug == "tinh-hinh-to-chuc-thi" and article.section.column.year == 2021
    assert article.title == "Buổi thi môn Ngữ văn sáng 7/7/2021: 3.214 thí sinh dự thi, đạt 99,11%"
    assert "3.214/3.243 thí sinh" in article.lead
    assert "2/3 điểm thi" in article.body and "29 thí sinh vắng thi" in article.body
    assert "Còn 1 điểm thi chưa gửi báo cáo" in article.body
    assert article.revisions.count() == 1 and article.events.count() == 1
    assert article.author == editor
    schedule["literature"].refresh_from_db()
    assert schedule["literature"].article == article
    assert not Article.objects.published().filter(pk=article.pk).exists()
    news_services.publish_article(article, editor)
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_create_session_article_rules(schedule, sites, clock, editor, inspector, exam_column, officer):
    clock(vn(2021, 7, 7, 9, 50))
    with pytest.raises(PermissionDenied):
        services.create_session_article(user=inspector, session=schedule["literature"])
    with pytest.raises(ValidationError, match="Chưa có điểm thi nào"):
        services.create_session_article(user=editor, session=schedule["literature"])
    with pytest.raises(ValidationError, match="Chỉ tạo bài viết cho buổi thi"):
        services.create_session_article(user=editor, session=schedule["reserve"])


def test_a_combined_test_ends_with_its_last_component(schedule):
    combined = schedule["combined"]
    assert combined.ends_at == vn(2021, 7, 8, 10, 25)
    assert combined.report_deadline == vn(2021, 7, 8, 11, 25)
    assert schedule["literature"].ends_at == vn(2021, 7, 7, 9, 35)
