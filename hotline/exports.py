"""CSV and XLSX of a filtered queue. Reporter identity only for users with the permission."""

from django.utils import timezone

from examportal.exports import csv_response  # noqa: F401 - the hotline's CSV download
from examportal.exports import spreadsheet_safe as safe
from examportal.exports import xlsx_response as _xlsx_response
from examportal.text import person_name

from .models import HIDDEN_IDENTITY

HEADERS = ["Mã số", "Tiếp nhận lúc", "Kênh", "Loại phản ánh", "Điểm thi, địa điểm",
           "Xảy ra lúc", "Trạng thái", "Người xử lý", "Hạn phản hồi", "Quá hạn", "Chưa xác minh",
           "Nội dung"]
IDENTITY_HEADERS = ["Họ tên người phản ánh", "Điện thoại", "Thư điện tử", "Địa chỉ IP"]


def _when(value):
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else ""


def rows(reports, *, identity):
    header = HEADERS + (IDENTITY_HEADERS if identity else [])
    table = [header]
    for r in reports:
        row = [
            r.reference, _when(r.received_at), r.get_channel_display(), r.get_category_display(),
            "; ".join(filter(None, [str(r.exam_site) if r.exam_site else "", r.place])),
            _when(r.occurred_at), r.get_status_display(),
            person_name(r.assigned_to),
            _when(r.first_response_due), "Có" if r.is_overdue else "",
            "Gửi khi quá tải" if r.unverified else "", r.description,
        ]
        if identity:
            row += [r.reporter_name, r.reporter_phone, r.reporter_email, r.reporter_ip or ""]
            if not any(row[-4:]):
                row[-4] = HIDDEN_IDENTITY
        table.append([safe(cell) for cell in row])
    return table


def xlsx_response(table, filename):
    return _xlsx_response(table, filename, sheet_title="Phản ánh",
                          widths=[18, 17, 13, 24, 30, 17, 20, 20, 17, 9, 15, 60, 24, 15, 26, 16])
