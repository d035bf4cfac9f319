"""The province's preparation reports as XLSX for the steering committee's meeting: one sheet
of units (status, date, figures, the totals row), one of the difficulties still waiting."""

import io

from django.http import HttpResponse
from django.utils import timezone

from examportal.exports import XLSX_TYPE
from examportal.exports import spreadsheet_safe as safe

from .selectors import TOTAL_FIELDS

HEADER_FIGURES = [
    "Tuyên truyền: CBQL, GV, NV", "Tuyên truyền: học sinh", "Tuyên truyền: cha mẹ HS",
    "Tập huấn: CBQL", "Tập huấn: giáo viên", "Tập huấn: nhân viên", "Phổ biến Quy chế: học sinh",
    "Thí sinh đăng ký", "Thí sinh khó khăn", "Thí sinh ở xa", "Hỗ trợ chỗ ở", "Hỗ trợ ăn uống",
    "Hỗ trợ đi lại",
]
assert len(HEADER_FIGURES) == len(TOTAL_FIELDS)


def _when(value):
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else ""


def status_label(row):
    if row.report is None:
        return "Quá hạn, chưa báo cáo" if row.overdue else "Chưa báo cáo"
    return "Đã báo cáo (sau hạn)" if row.late else "Đã báo cáo"


def unit_rows(overview):
    rows = [["Mã đơn vị", "Đơn vị", "Huyện, thành phố", "Tình trạng", "Gửi lần đầu",
             "Cập nhật lần cuối", "Phiên bản", *HEADER_FIGURES, "Khó khăn chờ trả lời"]]
    for row in overview.rows:
        r = row.report
        line = [row.unit.code, row.unit.name, row.unit.get_district_display(), status_label(row),
                _when(r.submitted_at) if r else "", _when(r.updated_at) if r else "",
                r.version if r else ""]
        line += [getattr(r, name) for name in TOTAL_FIELDS] if r else [""] * len(TOTAL_FIELDS)
        line.append(row.open_difficulties)
        rows.append([safe(cell) for cell in line])
    t = overview.totals
    rows.append(["", "Toàn tỉnh", f"{t['reported']}/{t['units']} đơn vị đã báo cáo",
                 f"{t['missing']} chưa báo cáo", "", "", "",
                 *[t[name] for name in TOTAL_FIELDS], t["open_difficulties"]])
    return rows


def difficulty_rows(overview):
    rows = [["Huyện, thành phố", "Đơn vị", "Loại", "Khẩn", "Gửi lúc", "Số ngày chờ", "Nội dung"]]
    for district, items in overview.open_by_district:
        for item in items:
            rows.append([safe(cell) for cell in [
                district, item.unit.name, item.get_kind_display(), "Khẩn" if item.is_urgent else "",
                _when(item.created_at), item.age_days, item.text]])
    return rows


def xlsx_response(overview, year):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheets = [(workbook.active, "Báo cáo các đơn vị", unit_rows(overview), True,
               [9, 34, 18, 22, 16, 16, 9] + [12] * len(TOTAL_FIELDS) + [12]),
              (workbook.create_sheet(), "Khó khăn chờ trả lời", difficulty_rows(overview), False,
               [18, 34, 12, 7, 16, 10, 80])]
    for sheet, title, rows, bold_last, widths in sheets:
        sheet.title = title
        for row in rows:
            sheet.append(row)
        for number in ([1, sheet.max_row] if bold_last else [1]):
            for cell in sheet[number]:
                cell.font = Font(bold=True)
        sheet.freeze_panes = "C2" if bold_last else "A2"
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
    workbook.properties.title = f"Báo cáo công tác chuẩn bị Kỳ thi tốt nghiệp THPT năm {year}"
    workbook.properties.creator = "Sở GDĐT Lai Châu"
    output = io.BytesIO()
    workbook.save(output)
    response = HttpResponse(output.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="bao-cao-chuan-bi-thi-{year}.xlsx"'
    return response
