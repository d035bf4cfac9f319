"""The exams app's part of an exam year: opening it (a ``year_opening`` contribution) and its
key dates (a ``key_dates`` contribution: the schedule's days, typed once in the schedule)."""

from datetime import date
from itertools import groupby

from django.urls import reverse

from examyears.selectors import KeyDateItem

from .models import ExamComponent, ExamSession, ExamSite

SITE_FIELDS = ("code", "name", "school", "address", "district", "rooms", "candidates", "is_sample")


def _shift(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return date(day.year + years, 3, 1)


def open_year(exam_year, previous, *, copy_schedule=False):
    """The exam sites still open last year, copied; the schedule, on request, shifted by the
    years between and left unconfirmed (hidden) until an editor confirms each session."""
    if previous is None:
        return "Chưa có năm trước: hãy nhập lịch thi và điểm thi của năm mới."
    new = exam_year.year
    have = set(ExamSite.objects.filter(year=new).values_list("code", flat=True))
    sites = [ExamSite(year=new, **{f: getattr(site, f) for f in SITE_FIELDS})
             for site in ExamSite.objects.for_year(previous.year) if site.code not in have]
    ExamSite.objects.bulk_create(sites)
    lines = [f"{len(sites)} điểm thi còn sử dụng năm {previous.year} (kiểm tra lại số phòng, số thí "
             "sinh; gán lại tài khoản cán bộ điểm thi khi phân công)."]
    if copy_schedule and not ExamSession.objects.filter(year=new).exists():
        gap = new - previous.year
        sessions = list(ExamSession.objects.filter(year=previous.year, is_confirmed=True)
                        .prefetch_related("components"))
        for session in sessions:
            copy = ExamSession.objects.create(
                year=new, round=session.round, kind=session.kind, date=_shift(session.date, gap),
                part_of_day=session.part_of_day, title=session.title,
                paper_handout_time=session.paper_handout_time, start_time=session.start_time,
                duration_minutes=session.duration_minutes, note=session.note,
                position=session.position, is_confirmed=False)
            ExamComponent.objects.bulk_create([
                ExamComponent(session=copy, position=c.position, name=c.name,
                              paper_handout_time=c.paper_handout_time, start_time=c.start_time,
                              duration_minutes=c.duration_minutes)
                for c in session.components.all()])
        lines.append(f"{len(sessions)} buổi thi chép từ năm {previous.year}, dời {gap} năm, chưa "
                     "xác nhận: sửa ngày giờ theo lịch của Bộ rồi xác nhận từng buổi.")
    else:
        lines.append("Lịch thi trống: nhập các buổi thi của năm mới.")
    return " ".join(lines)


def _day_title(sessions):
    parts = []
    for session in sessions:
        if session.kind == ExamSession.Kind.EXAM:
            minutes = f" ({session.duration_minutes} phút)" if session.duration_minutes else ""
            parts.append(f"{session.get_part_of_day_display().lower()}: {session.title}{minutes}")
        else:
            parts.append(session.title)
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]


def key_dates(exam_year):
    """One key date per day of the confirmed schedule, linked to that day in the schedule."""
    sessions = ExamSession.objects.for_year(exam_year.year).order_by(
        "round", "date", "position", "start_time")
    url = reverse("exams:schedule-year", kwargs={"year": exam_year.year})
    items = []
    for (rnd, day), day_sessions in groupby(sessions, key=lambda s: (s.round, s.date)):
        title = _day_title(list(day_sessions))
        if rnd > 1:
            title = f"Đợt {rnd} — {title}"
        items.append(KeyDateItem(day, title, f"{url}#ngay-{day:%Y-%m-%d}"))
    return items
