import datetime
import zoneinfo

import pytest
from icalendar import Calendar

from exams.models import ExamSession

pytestmark = pytest.mark.django_db


def test_ics_is_valid_rfc5545_and_parses_back(client, schedule):
    response = client.get("/lich-thi/2021/lich-thi.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert 'filename="lich-thi-tot-nghiep-thpt-2021.ics"' in response["Content-Disposition"]
    raw = response.content
    assert raw.endswith(b"\r\n")
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75
        assert b"\n" not in line
    calendar = Calendar.from_ical(raw)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    timezones = calendar.walk("VTIMEZONE")
    assert [str(tz["TZID"]) for tz in timezones] == ["Asia/Ho_Chi_Minh"]
    events = calendar.walk("VEVENT")
    assert len(events) == ExamSession.objects.filter(year=2021).count()
    assert len({str(e["UID"]) for e in events}) == len(events)
    by_summary = {str(e["SUMMARY"]): e for e in events}
    literature = next(e for s, e in by_summary.items() if s.startswith("Thi Ngữ văn —"))
    start = literature.decoded("DTSTART")
    assert start == datetime.datetime(2021, 7, 7, 7, 35, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))
    assert start.utcoffset() == datetime.timedelta(hours=7)
    assert literature.decoded("DTEND") - start == datetime.timedelta(minutes=120)
    assert "Phát đề cho thí sinh: 07:30." in str(literature["DESCRIPTION"])
    reserve = next(e for s, e in by_summary.items() if s.startswith("Dự phòng"))
    assert reserve.decoded("DTSTART") == datetime.date(2021, 7, 9)
    combined = next(e for s, e in by_summary.items() if "Khoa học tự nhiên" in s)
    assert "Sinh học (KHTN) / Giáo dục công dân (KHXH): phát đề 09:30" in str(combined["DESCRIPTION"])
    assert combined.decoded("DTEND") == datetime.datetime(
        2021, 7, 8, 10, 25, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))
    assert any("(đợt 2)" in s for s in by_summary)
    for event in events:
        assert event.get("DTSTAMP") is not None


def test_folding_never_splits_a_vietnamese_character(client, schedule):
    """Long Vietnamese descriptions are folded at 75 octets between characters."""
    raw = client.get("/lich-thi/2021/lich-thi.ics").content
    lines = raw.split(b"\r\n")
    assert any(line.startswith(b" ") for line in lines)  # something was folded
    for line in lines:
        assert len(line) <= 75
        line.decode("utf-8")  # a split character would not decode
