"""A session's overview as CSV or XLSX: the report to the Ministry's office (Kế hoạch, II.4)."""

import csv
import io

from django.http import HttpResponse
from django.utils import timezone

from .formatting import percentage

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe(value):
    """Neutralise spreadsheet formulas in typed text (CSV/formula injection)."""
    if value is None:
        return ""
    if isinstance(value, int | float):
        return value
    value = str(value)
    return "'" + value if value.startswith(_FORMULA_START) else value


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
                 row.hotline if row.hotline is not None else ""]
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
    return f"bao-cao-buoi-thi-{session.date:%Y%m%d}-{session.part_of_day}-{session.pk}.{ext}"


def csv_response(rows, name):
    buffer = io.StringIO()
    buffer.write("\ufeff")  # BOM: spreadsheet programs then read Vietnamese as UTF-8
    csv.writer(buffer).writerows(rows)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def xlsx_response(rows, name, title):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Báo cáo buổi thi"
    for row in rows:
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "C2"
    widths = [8, 36, 20, 22, 11, 9, 9, 12, 10, 10, 30, 40, 17, 9, 14]
    for index, width in enumerate(widths[: len(rows[0])], start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
    workbook.properties.title = title
    workbook.properties.creator = "Sở GDĐT Lai Châu"
    output = io.BytesIO()
    workbook.save(output)
    response = HttpResponse(
        output.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
