"""CSV and XLSX of a filtered queue. Reporter identity only for users with the permission."""

import csv
import io

from django.http import HttpResponse
from django.utils import timezone

from .models import HIDDEN_IDENTITY
from .templatetags.hotline import staff_name

HEADERS = ["Mã số", "Tiếp nhận lúc", "Kênh", "Loại phản ánh", "Điểm thi, địa điểm",
           "Xảy ra lúc", "Trạng thái", "Người xử lý", "Hạn phản hồi", "Quá hạn", "Nội dung"]
IDENTITY_HEADERS = ["Họ tên người phản ánh", "Điện thoại", "Thư điện tử", "Địa chỉ IP"]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _when(value):
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else ""


def safe(value):
    """Neutralise spreadsheet formulas in text typed by the public (CSV/formula injection)."""
    value = "" if value is None else str(value)
    return "'" + value if value.startswith(_FORMULA_START) else value


def rows(reports, *, identity):
    header = HEADERS + (IDENTITY_HEADERS if identity else [])
    table = [header]
    for r in reports:
        row = [
            r.reference, _when(r.received_at), r.get_channel_display(), r.get_category_display(),
            "; ".join(filter(None, [str(r.exam_site) if r.exam_site else "", r.place])),
            _when(r.occurred_at), r.get_status_display(),
            staff_name(r.assigned_to),
            _when(r.first_response_due), "Có" if r.is_overdue else "", r.description,
        ]
        if identity:
            row += [r.reporter_name, r.reporter_phone, r.reporter_email, r.reporter_ip or ""]
            if not any(row[-4:]):
                row[-4] = HIDDEN_IDENTITY
        table.append([safe(cell) for cell in row])
    return table


def csv_response(table, filename):
    buffer = io.StringIO()
    buffer.write("\ufeff")  # BOM: spreadsheet programs then read Vietnamese as UTF-8
    csv.writer(buffer).writerows(table)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(table, filename):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Phản ánh"
    for row in table:
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for column, width in zip("ABCDEFGHIJKLMNO", [18, 17, 13, 24, 30, 17, 20, 20, 17, 9, 60, 24, 15,
                                                 26, 16], strict=False):
        sheet.column_dimensions[column].width = width
    output = io.BytesIO()
    workbook.save(output)
    response = HttpResponse(
        output.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
