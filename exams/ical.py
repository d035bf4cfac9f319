"""The exam schedule as an iCalendar file (RFC 5545) that phones and calendar programs import.

Times are local Vietnam time with a VTIMEZONE for Asia/Ho_Chi_Minh (UTC+7 all year, no
daylight saving since 1975); lines end with CRLF and are folded at 75 octets.
"""

from datetime import UTC, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone

TZID = "Asia/Ho_Chi_Minh"
VTIMEZONE = [
    "BEGIN:VTIMEZONE",
    f"TZID:{TZID}",
    "X-LIC-LOCATION:Asia/Ho_Chi_Minh",
    "BEGIN:STANDARD",
    "DTSTART:19700101T000000",
    "TZOFFSETFROM:+0700",
    "TZOFFSETTO:+0700",
    "TZNAME:+07",
    "END:STANDARD",
    "END:VTIMEZONE",
]


def escape_text(value):
    """TEXT value escaping (RFC 5545 §3.3.11)."""
    return (
        str(value).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
        .replace("\r\n", "\\n").replace("\n", "\\n")
    )


def fold(line):
    """Fold a content line into chunks of at most 75 octets, never inside a UTF-8 character."""
    out, current, size = [], "", 0
    limit = 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            out.append(current)
            current, size, limit = " ", 1, 75
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def _local(value):
    return timezone.localtime(value, timezone.get_default_timezone()).strftime("%Y%m%dT%H%M%S")


def _utc(value):
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def event_lines(session, *, stamp, host, url):
    lines = [
        "BEGIN:VEVENT",
        f"UID:ky-thi-{session.year}-buoi-{session.pk}@{host}",
        f"DTSTAMP:{_utc(stamp)}",
    ]
    if session.is_all_day:
        lines += [
            f"DTSTART;VALUE=DATE:{session.date:%Y%m%d}",
            f"DTEND;VALUE=DATE:{session.date + timedelta(days=1):%Y%m%d}",
            "TRANSP:TRANSPARENT",
        ]
    else:
        lines.append(f"DTSTART;TZID={TZID}:{_local(session.starts_at)}")
        if session.duration_minutes:
            lines.append(f"DTEND;TZID={TZID}:{_local(session.ends_at)}")
    round_note = f" (đợt {session.round})" if session.round > 1 else ""
    summary = session.title if session.kind != "exam" else f"Thi {session.title}"
    lines.append("SUMMARY:" + escape_text(f"{summary}{round_note} — Kỳ thi tốt nghiệp THPT {session.year}"))
    details = [f"{session.get_kind_display()}, buổi {session.get_part_of_day_display().lower()}."]
    if session.paper_handout_time:
        details.append(f"Phát đề cho thí sinh: {session.paper_handout_time:%H:%M}.")
    if session.start_time and session.kind == "exam":
        details.append(f"Bắt đầu làm bài: {session.start_time:%H:%M}.")
    elif session.start_time:
        details.append(f"Bắt đầu: {session.start_time:%H:%M}.")
    if session.duration_minutes:
        details.append(f"Thời gian làm bài: {session.duration_minutes} phút.")
    for component in session.components.all():
        details.append(
            f"{component.name}: phát đề {component.paper_handout_time:%H:%M}, làm bài từ "
            f"{component.start_time:%H:%M}, {component.duration_minutes} phút."
            if component.paper_handout_time else
            f"{component.name}: làm bài từ {component.start_time:%H:%M}, {component.duration_minutes} phút."
        )
    if session.note:
        details.append(session.note)
    lines += [
        "DESCRIPTION:" + escape_text("\n".join(details)),
        "LOCATION:" + escape_text("Các điểm thi trên địa bàn tỉnh Lai Châu"),
        f"URL:{url}",
        "END:VEVENT",
    ]
    return lines


def calendar(sessions, year, now=None):
    """The whole iCalendar object as bytes (UTF-8, CRLF)."""
    now = now or timezone.now()
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    from django.urls import reverse

    url = settings.SITE_URL + reverse("exams:schedule-year", kwargs={"year": year})
    name = f"Lịch thi tốt nghiệp THPT {year} — Sở GDĐT Lai Châu"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//So GDDT Lai Chau//Cong thong tin Ky thi//VI",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:" + escape_text(name),
        f"X-WR-TIMEZONE:{TZID}",
        *VTIMEZONE,
    ]
    for session in sessions:
        lines += event_lines(session, stamp=now, host=host, url=f"{url}#buoi-{session.pk}")
    lines.append("END:VCALENDAR")
    return ("\r\n".join(fold(line) for line in lines) + "\r\n").encode("utf-8")
