"""Reading and checking the Ministry's score file (CSV or XLSX) before anything is stored.

Expected columns (one header row; spellings with or without diacritics, any case, spaces or
underscores ignored):

=====================  ===========================================================
column                 accepted headers
=====================  ===========================================================
candidate number       Số báo danh, SBD, SoBaoDanh
school code            Mã trường, MaTruong (optional)
district code          Mã quận huyện, Mã huyện, MaHuyen (optional)
Toán                   Toán, Toan
Ngữ văn                Ngữ văn, NguVan, Văn
Ngoại ngữ              Ngoại ngữ, NgoaiNgu
language code          Mã môn ngoại ngữ, MaMonNgoaiNgu, Mã ngoại ngữ (N1–N7)
Vật lí … GDCD          Vật lí/Vật lý/VatLy/VatLi, Hóa học/HoaHoc, Sinh học/SinhHoc,
                       Lịch sử/LichSu, Địa lí/Địa lý/DiaLy/DiaLi, GDCD/Giáo dục công dân
graduation (its own    Tốt nghiệp, TotNghiep, KetQuaTotNghiep ("Đỗ"/"Đạt"/"1" or
file)                  "Trượt"/"Không đạt"/"0")
=====================  ===========================================================

A score cell is empty (not registered), a number from 0 to 10 on the subject's step (comma or
point), "V"/"Vắng" (absent) or "ĐC"/"Đình chỉ" (suspended). Personal columns (name, birth date,
ID numbers, gender, phone, address) are refused unless the officer ticks "drop them".
"""

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from .subjects import ABSENT, LANGUAGES, NOT_REGISTERED, SCORED, SUBJECT_KEYS, SUBJECTS, SUSPENDED, derived

MAX_BYTES = 200 * 1024 * 1024
TWO = Decimal("0.01")


def max_request_bytes():
    """The largest upload request of the import screen (``request_body_limits``): the file and
    the form's few fields."""
    return MAX_BYTES + 64 * 1024


def header_key(text):
    """"Mã môn ngoại ngữ" -> "mamonngoaingu"; "Vật lý" -> "vatly"."""
    text = str(text or "").replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFD", text)
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return re.sub(r"[^a-z0-9]", "", text.lower())


HEADERS = {
    "number": ["sobaodanh", "sbd"],
    "school_code": ["matruong", "truong"],
    "district_code": ["maquanhuyen", "mahuyen", "huyen", "maquan"],
    "toan": ["toan"],
    "van": ["nguvan", "van"],
    "ngoai_ngu": ["ngoaingu"],
    "language_code": ["mamonngoaingu", "mangoaingu", "mamonnn", "mann"],
    "ly": ["vatli", "vatly", "li", "ly"],
    "hoa": ["hoahoc", "hoa"],
    "sinh": ["sinhhoc", "sinh"],
    "su": ["lichsu", "su"],
    "dia": ["diali", "dialy", "dia"],
    "gdcd": ["gdcd", "giaoduccongdan"],
    "graduation": ["totnghiep", "ketquatotnghiep", "xettotnghiep"],
}
LABELS = {"number": "Số báo danh", "school_code": "Mã trường", "district_code": "Mã huyện",
          "language_code": "Mã môn ngoại ngữ", "graduation": "Tốt nghiệp",
          **{s.key: s.label for s in SUBJECTS}}
PERSONAL = ["hovaten", "hoten", "ten", "hodem", "ho", "ngaysinh", "namsinh", "ngaythangnamsinh",
            "cccd", "cmnd", "socccd", "socmnd", "socancuoc", "cancuoccongdan", "sodinhdanh",
            "madinhdanh", "gioitinh", "phai", "sodienthoai", "dienthoai", "diachi", "noisinh",
            "email", "hokhau", "quequan", "dantoc"]
_LOOKUP = {alias: key for key, aliases in HEADERS.items() for alias in aliases}

ABSENT_WORDS = {"v", "vang", "vangthi", "absent"}
SUSPENDED_WORDS = {"dc", "dinhchi", "dinhchithi"}
PASSED_WORDS = {"do", "dat", "1", "x", "dotn", "dototnghiep", "dattotnghiep"}
FAILED_WORDS = {"truot", "khongdat", "0", "kdat", "truottotnghiep", "khongdo"}


@dataclass
class Problem:
    row: int  # the file's row number (the header is row 1)
    column: str
    message: str


@dataclass
class Parsed:
    rows: list = field(default_factory=list)  # cleaned dicts, ready for storage
    problems: list = field(default_factory=list)
    dropped: list = field(default_factory=list)  # personal columns left out, as in the file
    columns: list = field(default_factory=list)  # recognised fields
    ignored: list = field(default_factory=list)  # other columns, not read

    @property
    def ok(self):
        return not self.problems


class FileRefused(Exception):
    """The file cannot be read at all (format, encoding, personal columns, no number column)."""


def read_table(name, data):
    """The file's cells as lists of strings (first list: the header)."""
    if len(data) > MAX_BYTES:
        raise FileRefused("Tệp quá lớn (tối đa 200 MB).")
    lower = name.lower()
    if lower.endswith(".xlsx") or data[:2] == b"PK":
        return _read_xlsx(data)
    if lower.endswith((".csv", ".txt")):
        return _read_csv(data)
    raise FileRefused("Chỉ nhận tệp CSV hoặc XLSX (Excel).")


def _read_csv(data):
    for encoding in ("utf-8-sig", "cp1258", "latin-1"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _read_xlsx(data):
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise FileRefused("Không đọc được tệp Excel: hãy lưu lại dưới dạng .xlsx.") from exc
    sheet = book.worksheets[0]
    rows = []
    for values in sheet.iter_rows(values_only=True):
        rows.append(["" if v is None else (_number_text(v) if isinstance(v, float | int) else str(v))
                     for v in values])
    book.close()
    return rows


def _number_text(value):
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def normalize_number(text):
    """The candidate number as typed: spaces and dots removed, a lost leading 0 given back."""
    digits = re.sub(r"[\s.\-]", "", str(text or ""))
    if len(digits) == 7 and digits.isdigit():
        digits = "0" + digits
    return digits


def _score(text, subject):
    """(status, Decimal score or None, error message or None)."""
    raw = str(text or "").strip()
    if not raw:
        return NOT_REGISTERED, None, None
    if raw[0].isdigit():
        try:
            value = Decimal(raw.replace(",", "."))
        except InvalidOperation:
            value = None
        if value is not None and value.is_finite() and 0 <= value <= 10 and not value % subject.step:
            return SCORED, value.quantize(TWO), None
    word = header_key(raw)
    if word in ABSENT_WORDS:
        return ABSENT, None, None
    if word in SUSPENDED_WORDS:
        return SUSPENDED, None, None
    try:
        value = Decimal(raw.replace(",", "."))
    except InvalidOperation:
        return None, None, f"“{raw}” không phải là điểm (số từ 0 đến 10, “V” vắng thi, “ĐC” đình chỉ)."
    if not value.is_finite() or value < 0 or value > 10:
        return None, None, f"Điểm {raw} nằm ngoài khoảng 0–10."
    if value % subject.step:
        return None, None, (f"Điểm {raw} không đúng bước điểm của môn {subject.label} "
                            f"({str(subject.step).replace('.', ',')} điểm).")
    return SCORED, value.quantize(TWO), None


CHECKING_TEXT = "Đang đọc và kiểm tra từng dòng"
MEMO_SIZE = 20000  # distinct (cell, subject) results kept while reading one file
PROGRESS_EVERY = 20000


def parse(name, data, *, council_code, drop_personal=False, graduation=False, progress=None):
    """Read and check every row; return Parsed (its rows are stored only when it is ok).
    ``progress(done, total, text)`` is called every PROGRESS_EVERY rows."""
    table = read_table(name, data)
    while table and not any(str(c).strip() for c in table[0]):
        table.pop(0)
    if not table:
        raise FileRefused("Tệp không có dữ liệu.")
    header = table[0]
    result = Parsed()
    positions = {}
    personal = []
    for index, title in enumerate(header):
        key = header_key(title)
        if not key:
            continue
        if key in _LOOKUP:
            target = _LOOKUP[key]
            if target in positions:
                raise FileRefused(f"Cột “{title}” trùng với một cột khác ({LABELS[target]}).")
            positions[target] = index
        elif key in PERSONAL or key.startswith(("hoten", "hovaten", "ngaysinh", "socccd")):
            personal.append(str(title).strip())
        else:
            result.ignored.append(str(title).strip())
    if personal and not drop_personal:
        raise FileRefused(
            "Tệp có cột thông tin cá nhân: " + ", ".join(f"“{p}”" for p in personal) + ". Cổng "
            "không lưu họ tên, ngày sinh hay số định danh (Nghị định 13/2023/NĐ-CP). Hãy xóa các cột "
            "này, hoặc đánh dấu “Bỏ các cột thông tin cá nhân” để cổng bỏ qua chúng.")
    result.dropped = personal
    if "number" not in positions:
        raise FileRefused("Không tìm thấy cột số báo danh (“Số báo danh” hoặc “SBD”).")
    if graduation:
        if "graduation" not in positions:
            raise FileRefused("Tệp kết quả tốt nghiệp cần cột “Tốt nghiệp”.")
    elif not any(k in positions for k in SUBJECT_KEYS):
        raise FileRefused("Không tìm thấy cột điểm nào (Toán, Ngữ văn, Ngoại ngữ…).")
    result.columns = [LABELS[k] for k in positions]
    seen = {}
    total = len(table) - 1
    width = len(header)
    number_at = positions["number"]
    subject_at = [(subject, positions.get(subject.key)) for subject in SUBJECTS]
    memo = {}
    for line, cells in enumerate(table[1:], start=2):
        if progress and not (line - 1) % PROGRESS_EVERY:
            progress(line - 1, total, CHECKING_TEXT)
        cells = [str(c).strip() for c in cells]
        if not any(cells):
            continue
        cells += [""] * (width - len(cells))

        def cell(key, cells=cells):
            index = positions.get(key)
            return cells[index] if index is not None else ""

        problems = result.problems
        number = cells[number_at]
        if not (len(number) == 8 and number.isdigit()):
            number = normalize_number(number)
        if not number:
            problems.append(Problem(line, "Số báo danh", "Thiếu số báo danh."))
        elif not number.isdigit() or len(number) != 8:
            problems.append(Problem(line, "Số báo danh",
                                    f"“{cell('number')}” không phải số báo danh 8 chữ số."))
        elif number[:2] != council_code:
            problems.append(Problem(line, "Số báo danh",
                                    f"Số báo danh {number} không thuộc Hội đồng thi {council_code}."))
        elif number in seen:
            problems.append(Problem(line, "Số báo danh",
                                    f"Số báo danh {number} trùng với dòng {seen[number]}."))
        else:
            seen[number] = line
        row = {"number": number}
        if graduation:
            word = header_key(cell("graduation"))
            if word in PASSED_WORDS:
                row["graduation"] = "dat"
            elif word in FAILED_WORDS:
                row["graduation"] = "truot"
            elif not word:
                row["graduation"] = ""
            else:
                problems.append(Problem(line, "Tốt nghiệp", f"“{cell('graduation')}” không rõ: "
                                        "ghi “Đỗ” hoặc “Trượt”."))
            result.rows.append(row)
            continue
        row["school_code"] = cell("school_code")[:10]
        row["district_code"] = cell("district_code")[:10]
        statuses = []
        scores = {}
        for subject, index in subject_at:
            raw = cells[index] if index is not None else ""
            found = memo.get((raw, subject.key))
            if found is None:
                found = _score(raw, subject)
                if len(memo) < MEMO_SIZE:
                    memo[raw, subject.key] = found
            status, value, error = found
            if error:
                problems.append(Problem(line, subject.label, error))
                status = NOT_REGISTERED
            statuses.append(status)
            scores[subject.key] = value
        code = cell("language_code").upper().replace(" ", "")
        has_language = statuses[SUBJECT_KEYS.index("ngoai_ngu")] != NOT_REGISTERED
        if has_language and not code:
            problems.append(Problem(line, "Mã môn ngoại ngữ",
                                    "Có điểm Ngoại ngữ nhưng thiếu mã môn ngoại ngữ (N1–N7)."))
        elif code and not has_language:
            problems.append(Problem(line, "Mã môn ngoại ngữ",
                                    f"Có mã ngoại ngữ {code} nhưng không có điểm Ngoại ngữ."))
        elif code and code not in LANGUAGES:
            problems.append(Problem(line, "Mã môn ngoại ngữ",
                                    f"Mã ngoại ngữ “{code}” không hợp lệ (N1–N7)."))
        row["language_code"] = code
        row["statuses"] = "".join(statuses)
        row.update(scores)
        row.update(derived(scores, code))
        result.rows.append(row)
    if not result.rows:
        raise FileRefused("Tệp chỉ có dòng tiêu đề, không có thí sinh nào.")
    return result


def summary(rows):
    """Counts and means per subject of cleaned rows (for the preview)."""
    out = []
    for index, subject in enumerate(SUBJECTS):
        values = [r[subject.key] for r in rows if r.get(subject.key) is not None]
        absent = sum(1 for r in rows if r["statuses"][index] == ABSENT)
        suspended = sum(1 for r in rows if r["statuses"][index] == SUSPENDED)
        mean = sum(values) / len(values) if values else None
        out.append({"label": subject.label, "count": len(values), "absent": absent,
                    "suspended": suspended, "mean": mean})
    return out



