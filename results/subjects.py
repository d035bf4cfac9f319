"""The subjects and admission combinations of the graduation exam, as the results store them."""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Subject:
    key: str  # model field
    label: str
    step: Decimal
    group: str = ""  # "khtn" / "khxh" for the combined tests' parts


SUBJECTS = (
    Subject("toan", "Toán", Decimal("0.2")),
    Subject("van", "Ngữ văn", Decimal("0.25")),
    Subject("ngoai_ngu", "Ngoại ngữ", Decimal("0.25")),
    Subject("ly", "Vật lí", Decimal("0.25"), "khtn"),
    Subject("hoa", "Hóa học", Decimal("0.25"), "khtn"),
    Subject("sinh", "Sinh học", Decimal("0.25"), "khtn"),
    Subject("su", "Lịch sử", Decimal("0.25"), "khxh"),
    Subject("dia", "Địa lí", Decimal("0.25"), "khxh"),
    Subject("gdcd", "Giáo dục công dân", Decimal("0.25"), "khxh"),
)
BY_KEY = {s.key: s for s in SUBJECTS}
SUBJECT_KEYS = tuple(s.key for s in SUBJECTS)

# Per subject, one character of CandidateResult.statuses (in SUBJECTS order).
NOT_REGISTERED, SCORED, ABSENT, SUSPENDED = "-", "S", "V", "D"
STATUS_LABELS = {NOT_REGISTERED: "Không đăng ký", SCORED: "", ABSENT: "Vắng thi",
                 SUSPENDED: "Đình chỉ thi"}

LANGUAGES = {"N1": "Tiếng Anh", "N2": "Tiếng Nga", "N3": "Tiếng Pháp", "N4": "Tiếng Trung Quốc",
             "N5": "Tiếng Đức", "N6": "Tiếng Nhật", "N7": "Tiếng Hàn"}
ENGLISH = "N1"


@dataclass(frozen=True)
class Combination:
    key: str  # model field
    code: str
    subjects: tuple
    needs_english: bool = False

    @property
    def label(self):
        names = {"ngoai_ngu": "Anh"}
        return f"{self.code} ({'–'.join(names.get(k, BY_KEY[k].label) for k in self.subjects)})"


COMBINATIONS = (
    Combination("a00", "A00", ("toan", "ly", "hoa")),
    Combination("a01", "A01", ("toan", "ly", "ngoai_ngu"), needs_english=True),
    Combination("b00", "B00", ("toan", "hoa", "sinh")),
    Combination("c00", "C00", ("van", "su", "dia")),
    Combination("d01", "D01", ("van", "toan", "ngoai_ngu"), needs_english=True),
)
GROUPS = (("khtn", "Khoa học tự nhiên", ("ly", "hoa", "sinh")),
          ("khxh", "Khoa học xã hội", ("su", "dia", "gdcd")))

TWO = Decimal("0.01")


def derived(scores, language_code):
    """The stored derived values of one row: combination totals and group averages (None when a
    part is missing: not registered, absent or suspended)."""
    values = {}
    for combo in COMBINATIONS:
        parts = [scores.get(k) for k in combo.subjects]
        ok = all(p is not None for p in parts) and (not combo.needs_english
                                                     or language_code == ENGLISH)
        values[combo.key] = sum(parts).quantize(TWO) if ok else None
    for key, _, parts in GROUPS:
        found = [scores.get(k) for k in parts]
        values[key] = ((sum(found) / 3).quantize(TWO) if all(p is not None for p in found)
                       else None)
    return values
