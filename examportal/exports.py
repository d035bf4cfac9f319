"""CSV and XLSX downloads shared by the staff exports (hotline queue, exam-session reports)."""

import csv
import io

from django.http import HttpResponse

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def spreadsheet_safe(value):
    """Neutralise spreadsheet formulas in text typed by people (CSV/formula injection)."""
    if value is None:
        return ""
    if isinstance(value, int | float):
        return value
    value = str(value)
    return "'" + value if value.startswith(_FORMULA_START) else value


def _attachment(response, filename):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(rows, filename):
    buffer = io.StringIO()
    buffer.write("\ufeff")  # BOM: spreadsheet programs then read Vietnamese as UTF-8
    csv.writer(buffer).writerows(rows)
    return _attachment(HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8"),
                       filename)


def xlsx_response(rows, filename, *, sheet_title, widths=(), freeze="A2", bold_last_row=False,
                  title=""):
    """An XLSX of ``rows`` (the first is the header, in bold)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title
    for row in rows:
        sheet.append(row)
    bold_rows = [1, sheet.max_row] if bold_last_row else [1]
    for number in bold_rows:
        for cell in sheet[number]:
            cell.font = Font(bold=True)
    sheet.freeze_panes = freeze
    for index, width in enumerate(widths[: len(rows[0]) if rows else 0], start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
    workbook.properties.title = title or sheet_title
    workbook.properties.creator = "Sở GDĐT Lai Châu"
    output = io.BytesIO()
    workbook.save(output)
    return _attachment(HttpResponse(output.getvalue(), content_type=XLSX_TYPE), filename)
