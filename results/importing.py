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
import gc
import io
import re
import unicodedata
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from itertools import repeat
from operator import add

from .subjects import (
    ABSENT,
    COMBINATIONS,
    ENGLISH,
    GROUPS,
    LANGUAGES,
    NOT_REGISTERED,
    SCORED,
    SUBJECT_KEYS,
    SUBJECTS,
    SUSPENDED,
    derived,
)

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
MEMO_SIZE = 20000  # distinct cells per subject whose outcome is kept while reading one file
PROGRESS_EVERY = 20000
CHECKED_EVERY = 20000

# A checked score cell becomes a small code, the same for every subject: 0 not registered (or
# wrong: the row has a problem), 1 absent, 2 suspended, 3 + n the subject's n-th step from 0.
NULL = "\\N"  # COPY's text format for NULL
TAB = "\t"
_STATUS_CODES = {NOT_REGISTERED: 0, ABSENT: 1, SUSPENDED: 2}
_STATUS_OF = bytes(NOT_REGISTERED + ABSENT + SUSPENDED + SCORED * 253, "ascii")
_MISSING = -100000  # the hundredths of a code without a score: any sum with it is negative


def _cents_text(cents):
    return f"{cents // 100}.{cents % 100:02d}"


class _Scale:
    """One subject's codes: their stored values, hundredths and COPY text."""

    def __init__(self, subject):
        self.subject = subject
        step = int(subject.step * 100)
        self.step = step
        self.values = [None, None, None] + [(Decimal(c) / 100).quantize(TWO)
                                             for c in range(0, 1001, step)]
        self.cents = [_MISSING] * 3 + list(range(0, 1001, step))
        self.texts = [NULL] * 3 + [_cents_text(c) for c in range(0, 1001, step)]

    def code(self, status, value):
        if status != SCORED:
            return _STATUS_CODES[status]
        return 3 + int(value * 100) // self.step


_SCALES = tuple(_Scale(subject) for subject in SUBJECTS)
# The derived columns (results.subjects.derived) from hundredths: a combination's total, a
# group's average of three rounded to 0.01 (a third of a whole number of hundredths is never a
# half, so rounding to nearest is the Decimal's own result).
_TOTALS = {c: _cents_text(c) for c in range(0, 3001)}
_AVERAGES = {c: str((Decimal(c) / 100 / 3).quantize(TWO)) for c in range(0, 3001)}
_DERIVED = tuple([(*(SUBJECT_KEYS.index(k) for k in combo.subjects), _TOTALS)
                  for combo in COMBINATIONS]
                 + [(*(SUBJECT_KEYS.index(k) for k in parts), _AVERAGES) for _, _, parts in GROUPS])
_ENGLISH_ONLY = tuple(i for i, combo in enumerate(COMBINATIONS) if combo.needs_english)
_COPY_SAFE = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


class ScoreRows(Sequence):
    """The checked rows of a score file, kept compactly: a column per field, one byte per
    subject and row (its code). Reading a row gives the cleaned dict (results.subjects.derived
    included); ``copy_text`` gives the rows as COPY text for the staging table, and
    ``summary()`` the preview's figures, without building a dict per row."""

    FIELDS = ("number", "school_code", "district_code", *SUBJECT_KEYS, "language_code",
              "statuses", *(c.key for c in COMBINATIONS), "khtn", "khxh", "graduation",
              "before_remarking")

    def __init__(self):
        self.numbers, self.schools, self.districts, self.languages = [], [], [], []
        self.codes = [bytearray() for _ in SUBJECTS]

    def __len__(self):
        return len(self.numbers)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        codes = [column[index] for column in self.codes]
        language = self.languages[index]
        scores = {scale.subject.key: scale.values[code]
                  for scale, code in zip(_SCALES, codes, strict=True)}
        row = {"number": self.numbers[index], "school_code": self.schools[index],
               "district_code": self.districts[index], "language_code": language,
               "statuses": bytes(codes).translate(_STATUS_OF).decode(), **scores}
        row.update(derived(scores, language))
        return row

    def __iter__(self):
        return (self[i] for i in range(len(self)))

    def __repr__(self):
        shown = ", ".join(repr(self[i]) for i in range(min(3, len(self))))
        return f"<ScoreRows {len(self)}: {shown}{', …' if len(self) > 3 else ''}>"

    def copy_text(self, owner, start=0, stop=None, chunk=10000):
        """Rows ``start`` to ``stop`` as lines of COPY's text format, ``owner`` then FIELDS,
        ``chunk`` rows per string. For checked rows only: the codes, any text of the file, are
        escaped; numbers and language codes, checked, are written as they are."""
        stop = len(self) if stop is None else min(stop, len(self))
        for first in range(start, stop, chunk):
            yield self._copy_part(str(owner), first, min(first + chunk, stop))

    def _copy_part(self, owner, start, stop):
        """copy_text's lines, a column at a time: every step a lookup, a sum or a join mapped over
        a column (no Python code per row)."""
        part, size = slice(start, stop), stop - start
        codes = [column[part] for column in self.codes]
        cents = [list(map(scale.cents.__getitem__, column))
                 for scale, column in zip(_SCALES, codes, strict=True)]
        english = list(map({ENGLISH: 0}.get, self.languages[part], repeat(_MISSING, size)))
        totals = []
        for index, (a, b, c, table) in enumerate(_DERIVED):
            sums = map(add, map(add, cents[a], cents[b]), cents[c])
            if index in _ENGLISH_ONLY:  # any other language: a sum below 0, no total
                sums = map(add, sums, english)
            totals.append(map(table.get, sums, repeat(NULL, size)))
        places = []
        for column in (self.schools[part], self.districts[part]):
            escaped = {text: text.translate(_COPY_SAFE) for text in set(column)}
            places.append(map(escaped.__getitem__, column))
        statuses = map("".join, zip(*(column.translate(_STATUS_OF).decode() for column in codes),
                                    strict=True))
        columns = [repeat(owner, size), self.numbers[part], *places,
                   *(map(scale.texts.__getitem__, column)
                     for scale, column in zip(_SCALES, codes, strict=True)),
                   self.languages[part], statuses, *totals, repeat("", size), repeat(NULL, size)]
        return "\n".join(map(TAB.join, zip(*columns, strict=True))) + "\n"

    def summary(self):
        out = []
        for scale, column in zip(_SCALES, self.codes, strict=True):
            counts = [column.count(code) for code in range(len(scale.values))]
            count = sum(counts[3:])
            total = sum(n * cents for n, cents in zip(counts[3:], scale.cents[3:], strict=True))
            out.append({"label": scale.subject.label, "count": count, "absent": counts[1],
                        "suspended": counts[2],
                        "mean": Decimal(total).scaleb(-2) / count if count else None})
        return out


@contextmanager
def _without_cycle_collector():
    """The cycle collector paused: reading a file makes a list per row, millions of objects the
    collector would otherwise walk over and over (a third of the reading time), none of them in
    a cycle; reference counting still frees everything."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def parse(name, data, *, council_code, drop_personal=False, graduation=False, progress=None,
          checked=None):
    """Read and check every row; return Parsed (its rows are stored only when it is ok).
    ``progress(done, total, text)`` is called every PROGRESS_EVERY rows. For a score file,
    ``checked(parsed, start, stop)`` is called with each CHECKED_EVERY rows read (ScoreRows
    ``start`` to ``stop``) and with the last ones, while the rest is still unread (results.services
    stages them meanwhile)."""
    with _without_cycle_collector():
        return _parse(name, data, council_code, drop_personal, graduation, progress, checked)


def _parse(name, data, council_code, drop_personal, graduation, progress, checked):
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
    if graduation:
        _check_graduation(table, positions, council_code, result, progress)
    else:
        _check_scores(table, positions, council_code, result, progress, checked)
    if not result.rows:
        raise FileRefused("Tệp chỉ có dòng tiêu đề, không có thí sinh nào.")
    return result


def _rows_of(table, progress):
    """(line, stripped number cell, cells padded to the header's width) of every non-empty row."""
    total = len(table) - 1
    width = len(table[0])
    for line, cells in enumerate(table[1:], start=2):
        if progress and not (line - 1) % PROGRESS_EVERY:
            progress(line - 1, total, CHECKING_TEXT)
        if len(cells) < width:
            cells = cells + [""] * (width - len(cells))
        yield line, cells


def _check_number(line, raw, council_code, seen, problems):
    """The candidate number of one row (its problem, if any, added to ``problems``)."""
    number = raw
    if not (len(number) == 8 and number.isdigit()):
        number = normalize_number(number)
    if not number:
        problems.append(Problem(line, "Số báo danh", "Thiếu số báo danh."))
    elif not number.isdigit() or len(number) != 8:
        problems.append(Problem(line, "Số báo danh",
                                f"“{raw}” không phải số báo danh 8 chữ số."))
    elif number[:2] != council_code:
        problems.append(Problem(line, "Số báo danh",
                                f"Số báo danh {number} không thuộc Hội đồng thi {council_code}."))
    elif number in seen:
        problems.append(Problem(line, "Số báo danh",
                                f"Số báo danh {number} trùng với dòng {seen[number]}."))
    else:
        seen[number] = line
    return number


def _check_graduation(table, positions, council_code, result, progress):
    seen = {}
    problems = result.problems
    number_at, outcome_at = positions["number"], positions["graduation"]
    for line, cells in _rows_of(table, progress):
        cells = [str(c).strip() for c in cells]
        if not any(cells):
            continue
        row = {"number": _check_number(line, cells[number_at], council_code, seen, problems)}
        word = header_key(cells[outcome_at])
        if word in PASSED_WORDS:
            row["graduation"] = "dat"
        elif word in FAILED_WORDS:
            row["graduation"] = "truot"
        elif not word:
            row["graduation"] = ""
        else:
            problems.append(Problem(line, "Tốt nghiệp", f"“{cells[outcome_at]}” không rõ: "
                                    "ghi “Đỗ” hoặc “Trượt”."))
        result.rows.append(row)


def _check_scores(table, positions, council_code, result, progress, checked):
    """Every row of a score file into ScoreRows: a subject's cell is checked once per distinct
    text (up to MEMO_SIZE of them), its outcome kept as a code or the problem's message."""
    rows = result.rows = ScoreRows()
    numbers, schools, districts, languages = rows.numbers, rows.schools, rows.districts, rows.languages
    problems = result.problems
    seen = {}
    number_at = positions["number"]
    school_at, district_at, language_at = (positions.get(k) for k in
                                           ("school_code", "district_code", "language_code"))
    present = [(scale, positions[scale.subject.key], {}, rows.codes[i])
               for i, scale in enumerate(_SCALES) if scale.subject.key in positions]
    absent_columns = [rows.codes[i] for i, scale in enumerate(_SCALES)
                      if scale.subject.key not in positions]
    language_column = next((column for scale, _, _, column in present
                            if scale.subject.key == "ngoai_ngu"), None)
    handed = 0  # rows given to ``checked`` so far
    for line, cells in _rows_of(table, progress):
        raw_number = cells[number_at].strip()
        if not raw_number and not "".join(cells).strip():
            continue
        numbers.append(_check_number(line, raw_number, council_code, seen, problems))
        schools.append(cells[school_at].strip()[:10] if school_at is not None else "")
        districts.append(cells[district_at].strip()[:10] if district_at is not None else "")
        for scale, at, memo, column in present:
            raw = cells[at]
            found = memo.get(raw)
            if found is None:
                status, value, error = _score(raw.strip(), scale.subject)
                found = error or scale.code(status, value)
                if len(memo) < MEMO_SIZE:
                    memo[raw] = found
            if found.__class__ is str:
                problems.append(Problem(line, scale.subject.label, found))
                found = 0
            column.append(found)
        code = cells[language_at].strip().upper().replace(" ", "") if language_at is not None \
            else ""
        has_language = language_column is not None and language_column[-1] != 0
        if has_language and not code:
            problems.append(Problem(line, "Mã môn ngoại ngữ",
                                    "Có điểm Ngoại ngữ nhưng thiếu mã môn ngoại ngữ (N1–N7)."))
        elif code and not has_language:
            problems.append(Problem(line, "Mã môn ngoại ngữ",
                                    f"Có mã ngoại ngữ {code} nhưng không có điểm Ngoại ngữ."))
        elif code and code not in LANGUAGES:
            problems.append(Problem(line, "Mã môn ngoại ngữ",
                                    f"Mã ngoại ngữ “{code}” không hợp lệ (N1–N7)."))
        languages.append(code)
        if checked and len(numbers) - handed == CHECKED_EVERY:
            _fill(absent_columns, len(numbers))
            checked(result, handed, len(numbers))
            handed = len(numbers)
    _fill(absent_columns, len(numbers))
    if checked and len(numbers) > handed:
        checked(result, handed, len(numbers))


def _fill(columns, size):
    """The code columns of the subjects the file has no column for, as long as the others."""
    for column in columns:
        column.extend(bytes(size - len(column)))


def summary(rows):
    """Counts and means per subject of cleaned rows (for the preview)."""
    if isinstance(rows, ScoreRows):
        return rows.summary()
    out = []
    for index, subject in enumerate(SUBJECTS):
        values = [r[subject.key] for r in rows if r.get(subject.key) is not None]
        absent = sum(1 for r in rows if r["statuses"][index] == ABSENT)
        suspended = sum(1 for r in rows if r["statuses"][index] == SUSPENDED)
        mean = sum(values) / len(values) if values else None
        out.append({"label": subject.label, "count": len(values), "absent": absent,
                    "suspended": suspended, "mean": mean})
    return out



