"""A session's overview as CSV or XLSX: the report to the Ministry's office (Kế hoạch, II.4)."""

from django.utils import timezone

from examportal.exports import csv_response  # noqa: F401 - the session report's CSV download
from examportal.exports import spreadsheet_safe as safe
from examportal.exports import xlsx_response as _xlsx_response
from examportal.text import slugify_vi

from .formatting import percentage


def _when(value):
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else ""


def table(overview, *, incidents):
    """Header, one row per site, then the province's totals."""
    header = ["Mã điểm thi", "Điểm thi", "Huyện, thành phố", "Tình trạng báo cáo",
              "Phải có mặt", "Dự thi", "Vắng thi", "Tỷ lệ dự thi (%)", "Đình chỉ thi",
              "Kỷ luật khác", "Sự cố"]
    if incidents:
        header.append("Mô tả sự cố")
    header += ["Gửi lần đầu lúc", "Phiên bản", "Phản ánh đường dây nóng trong ngày"]
    rows = [header]
    for row in overview.rows:
        r = row.report
        line = [row.site.code, row.site.name, row.site.get_district_display(), row.status_label]
        if r:
            rate = percentage(r.present, r.expected)
            line += [r.expected, r.present, r.absent, float(rate) if rate is not None else "",
                     r.suspended, r.disciplined, r.get_incident_severity_display()]
        else:
            line += ["", "", "", "", "", "", ""]
        if incidents:
            line.append(r.incident_text if r else "")
        line += [_when(r.submitted_at) if r else "", r.version if r else "",
                 row.hotline]
        rows.append([safe(cell) for cell in line])
    t = overview.totals
    total = ["", "Toàn tỉnh", f"{t['reported']}/{t['sites']} điểm thi đã báo cáo", "",
             t["expected"], t["present"], t["absent"],
             float(t["attendance"]) if t["attendance"] is not None else "",
             t["suspended"], t["disciplined"], f"{t['incidents']} điểm thi có sự cố"]
    if incidents:
        total.append("")
    total += ["", "", overview.hotline_total]
    rows.append(total)
    return rows


def filename(session, ext):
    """"bao-cao-buoi-thi-20210707-sang-ngu-van-12.xlsx": Vietnamese words, no diacritics."""
    part = slugify_vi(session.get_part_of_day_display())
    return (f"bao-cao-buoi-thi-{session.date:%Y%m%d}-{part}-{slugify_vi(session.title, 40)}"
            f"-{session.pk}.{ext}")


def xlsx_response(rows, name, title):
    return _xlsx_response(rows, name, sheet_title="Báo cáo buổi thi", title=title, freeze="C2",
                          bold_last_row=True,
                          widths=[8, 36, 20, 22, 11, 9, 9, 12, 10, 10, 30, 40, 17, 9, 14])
