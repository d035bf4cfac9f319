"""The exam schedule as an iCalendar file (RFC 5545) that phones and calendar programs import,
written with the ``icalendar`` package (escaping, folding at 75 octets, CRLF, the VTIMEZONE).

Times are local Vietnam time (TZID Asia/Ho_Chi_Minh, UTC+7 all year, no daylight saving since
1975); all-day sessions (the reserve day) are dates.
"""

from datetime import timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, Timezone

TZID = "Asia/Ho_Chi_Minh"


def _details(session):
    details = [f"{session.get_kind_display()}, buổi {session.get_part_of_day_display().lower()}."]
    if session.paper_handout_time:
        details.append(f"Phát đề cho thí sinh: {session.paper_handout_time:%H:%M}.")
    if session.start_time:
        label = "Bắt đầu làm bài" if session.kind == "exam" else "Bắt đầu"
        details.append(f"{label}: {session.start_time:%H:%M}.")
    if session.duration_minutes:
        details.append(f"Thời gian làm bài: {session.duration_minutes} phút.")
    for c in session.components.all():
        handout = f"phát đề {c.paper_handout_time:%H:%M}, " if c.paper_handout_time else ""
        details.append(f"{c.name}: {handout}làm bài từ {c.start_time:%H:%M}, "
                       f"{c.duration_minutes} phút.")
    if session.note:
        details.append(session.note)
    return "\n".join(details)


def event(session, *, stamp, host, url):
    item = Event()
    item.add("uid", f"ky-thi-{session.year}-buoi-{session.pk}@{host}")
    item.add("dtstamp", stamp)
    tz = ZoneInfo(TZID)
    if session.is_all_day:
        item.add("dtstart", session.date)
        item.add("dtend", session.date + timedelta(days=1))
        item.add("transp", "TRANSPARENT")
    else:
        item.add("dtstart", session.starts_at.astimezone(tz))
        if session.duration_minutes:
            item.add("dtend", session.ends_at.astimezone(tz))
    round_note = f" (đợt {session.round})" if session.round > 1 else ""
    summary = session.title if session.kind != "exam" else f"Thi {session.title}"
    item.add("summary", f"{summary}{round_note} — Kỳ thi tốt nghiệp THPT {session.year}")
    item.add("description", _details(session))
    item.add("location", "Các điểm thi trên địa bàn tỉnh Lai Châu")
    item.add("url", url)
    return item


def calendar(sessions, year, now=None):
    """The whole iCalendar object as bytes (UTF-8, CRLF)."""
    now = now or timezone.now()
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    url = settings.SITE_URL + reverse("exams:schedule-year", kwargs={"year": year})
    cal = Calendar()
    cal.add("prodid", "-//So GDDT Lai Chau//Cong thong tin Ky thi//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"Lịch thi tốt nghiệp THPT {year} — Sở GDĐT Lai Châu")
    cal.add("x-wr-timezone", TZID)
    cal.add_component(Timezone.from_tzid(TZID))
    for session in sessions:
        cal.add_component(event(session, stamp=now, host=host, url=f"{url}#buoi-{session.pk}"))
    return cal.to_ical()
