"""The import: every validation rule with a bad file, header spellings, personal columns, all or
nothing, the staging table."""

import io
from decimal import Decimal
from pathlib import Path

import pytest

from results import importing, services
from results.models import CandidateResult, PendingImport, PendingRow, ResultVersion

from .conftest import HEADER, csv_file, csv_line

pytestmark = pytest.mark.django_db
SAMPLE = Path(__file__).resolve().parents[2] / "results" / "samples" / "diem-thi-mau-2021.csv"


def parse(data, **kw):
    return importing.parse("t.csv", data, council_code="07", **kw)


def problems(data, **kw):
    return [(p.row, p.column) for p in parse(data, **kw).problems]


def test_good_row_and_derived_values():
    parsed = parse(csv_file("07000001,0101,01,8.2,7.5,6.25,N1,7,8.25,6.5,,,"))
    assert parsed.ok
    row = parsed.rows[0]
    assert row["toan"] == Decimal("8.20") and row["statuses"] == "SSSSSS---"
    assert row["a00"] == Decimal("23.45")  # 8.2 + 7 + 8.25
    assert row["a01"] == Decimal("21.45") and row["b00"] == Decimal("22.95")
    assert row["d01"] == Decimal("21.95") and row["c00"] is None
    assert row["khtn"] == Decimal("7.25") and row["khxh"] is None


@pytest.mark.parametrize("cell,column", [
    ("7000001", None),  # 7 digits: the lost leading 0 is given back
    ("0700 0001", None),  # spaces forgiven
    ("070000011", "Số báo danh"),  # 9 digits
    ("0700A001", "Số báo danh"),
    ("08000001", "Số báo danh"),  # another council
    ("", "Số báo danh"),
])
def test_candidate_number(cell, column):
    found = problems(csv_file(f"{cell},,,8,,,,,,,,,"))
    assert found == ([] if column is None else [(2, column)])


def test_duplicates_name_both_rows():
    parsed = parse(csv_file("07000001,,,8,,,,,,,,,", "07000002,,,8,,,,,,,,,", "07000001,,,7,,,,,,,,,"))
    assert [(p.row, p.column) for p in parsed.problems] == [(4, "Số báo danh")]
    assert "dòng 2" in parsed.problems[0].message


@pytest.mark.parametrize("toan,van,ok", [
    ("8.2", "7.25", True), ("8,4", "7,5", True), ("10", "0", True),
    ("8.25", "7.5", False),  # Toán steps 0.2
    ("8.2", "7.3", False),  # Ngữ văn quarters
    ("10.2", "7", False), ("-1", "7", False), ("abc", "7", False),
])
def test_scores_on_the_subjects_step(toan, van, ok):
    found = problems(csv_file(f'07000001,,,"{toan}","{van}",,,,,,,,'))
    assert (found == []) is ok


def test_forty_question_subjects_step_quarter():
    assert problems(csv_file("07000001,,,,,,,7.2,,,,,")) == [(2, "Vật lí")]
    assert problems(csv_file("07000001,,,,,,,,,,,,7.75")) == []


def test_absent_and_suspended_are_not_zero():
    row = parse(csv_file("07000001,,,V,Vắng,ĐC,N1,0,,,,,")).rows[0]
    assert row["statuses"][:4] == "VVDS"
    assert row["toan"] is None and row["ngoai_ngu"] is None and row["ly"] == Decimal("0.00")


@pytest.mark.parametrize("language,code,ok", [
    ("6.5", "N1", True), ("6.5", "", False), ("", "N1", False), ("6.5", "N9", False),
    ("V", "N1", True), ("", "", True),
])
def test_language_code_exactly_with_a_language_score(language, code, ok):
    found = problems(csv_file(f"07000001,,,8,,{language},{code},,,,,,"))
    assert (found == []) is ok
    if not ok:
        assert found == [(2, "Mã môn ngoại ngữ")]


def test_both_combined_tests_allowed():
    assert problems(csv_file("07000001,,,8,7,,,6,6,6,6,6,6")) == []


def test_headers_without_diacritics_and_xlsx():
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["SoBaoDanh", "Toan", "NguVan", "NgoaiNgu", "MaMonNgoaiNgu", "VatLy", "HoaHoc",
                  "SinhHoc", "LichSu", "DiaLy", "GDCD"])
    sheet.append([7000001, 8.4, 7, 5.5, "N1", 6, 6.25, 7, None, None, None])
    out = io.BytesIO()
    book.save(out)
    parsed = importing.parse("diem.xlsx", out.getvalue(), council_code="07")
    assert parsed.ok, parsed.problems
    assert parsed.rows[0]["number"] == "07000001" and parsed.rows[0]["toan"] == Decimal("8.40")


def test_every_error_listed_with_row_and_column():
    found = problems(csv_file("07000001,,,8.3,,,,,,,,,", "1234,,,8,,,,,,,,,",
                              "07000003,,,8,,5,,,,,,,"))
    assert found == [(2, "Toán"), (3, "Số báo danh"), (4, "Mã môn ngoại ngữ")]


def test_personal_columns_refused_unless_dropped():
    data = csv_file("07000001,Nguyễn Văn Mẫu,01/01/2003,8,,,,,,,,,,",
                    header="SBD,Họ và tên,Ngày sinh,Toán,Ngữ văn,Ngoại ngữ,Mã môn ngoại ngữ,"
                           "Vật lí,Hóa học,Sinh học,Lịch sử,Địa lí,GDCD")
    with pytest.raises(importing.FileRefused, match="Họ và tên.*Ngày sinh"):
        parse(data)
    parsed = parse(data, drop_personal=True)
    assert parsed.ok and parsed.dropped == ["Họ và tên", "Ngày sinh"]
    assert "Nguyễn" not in repr(parsed.rows)


def test_wrong_format_and_missing_number_column():
    with pytest.raises(importing.FileRefused):
        importing.parse("diem.pdf", b"%PDF", council_code="07")
    with pytest.raises(importing.FileRefused, match="số báo danh"):
        parse(b"Toan,Van\n8,7\n")


def test_preview_stores_nothing_and_confirm_stores_all(year, officer):
    parsed, pending = services.stage_upload(user=officer, exam_year=year, name="a.csv",
                                            data=csv_file("07000001,,,8,7,,,,,,,,"))
    assert parsed.ok and CandidateResult.objects.count() == 0
    bad, none = services.stage_upload(user=officer, exam_year=year, name="b.csv",
                                      data=csv_file("07000001,,,8.1,7,,,,,,,,"))
    assert none is None and PendingImport.objects.count() == 1
    version = services.confirm_import(user=officer, pending=pending)
    assert version.number == 1 and CandidateResult.objects.filter(version=version).count() == 1
    assert not PendingImport.objects.exists()


def test_all_or_nothing(year, officer, monkeypatch):
    rows = [f"07{n:06d},,,8,7,,,,,,,," for n in range(1, 51)]
    _, pending = services.stage_upload(user=officer, exam_year=year, name="a.csv",
                                       data=csv_file(*rows))
    real = services._insert_from_pending

    def all_then_fail(version, pending):
        real(version, pending)
        assert CandidateResult.objects.filter(version=version).count() == 50
        raise RuntimeError("mất kết nối giữa chừng")

    monkeypatch.setattr(services, "_insert_from_pending", all_then_fail)
    with pytest.raises(RuntimeError):
        services.confirm_import(user=officer, pending=pending)
    assert CandidateResult.objects.count() == 0 and ResultVersion.objects.count() == 0
    assert PendingImport.objects.count() == 1  # still there to confirm again
    assert PendingRow.objects.count() == 50


def test_sample_file_imports_clean(year, officer):
    parsed, pending = services.stage_upload(user=officer, exam_year=year, name=SAMPLE.name,
                                            data=SAMPLE.read_bytes())
    assert parsed.ok and len(parsed.rows) == 300


def test_3214_rows_import_through_the_staging_table(year, officer):
    """The demo's size end to end (its time is measured by a command, README: results)."""
    from results import demo

    data = csv_file(*(csv_line(r) for r in demo.generate()))
    parsed, pending = services.stage_upload(user=officer, exam_year=year, name="all.csv", data=data)
    assert parsed.ok, parsed.problems[:3]
    assert PendingRow.objects.filter(pending=pending).count() == 3214
    version = services.confirm_import(user=officer, pending=pending)
    assert version.rows.count() == 3214 and version.row_count == 3214
    assert not PendingRow.objects.exists()
    stored = {r.number: r for r in version.rows.all()}
    for row in demo.generate()[:300]:
        got = stored[row["number"]]
        assert got.statuses == row["statuses"] and got.toan == row["toan"]
        assert got.a00 == row["a00"] and got.khxh == row["khxh"]


def test_header_documentation_matches():
    assert HEADER.startswith("SBD")


def test_compact_rows_read_as_the_cleaned_dicts():
    """A score file's rows are kept compactly (importing.ScoreRows); each reads back as the
    cleaned dict, with the derived values of results.subjects.derived, and the preview's summary
    from the compact columns equals the one computed from the dicts."""
    from results import demo
    from results.subjects import derived

    generated = demo.generate(400)
    parsed = parse(csv_file(*(csv_line(r) for r in generated), "07000999,,,10,0,V,N3,ĐC,,,,,"))
    assert parsed.ok and len(parsed.rows) == 401
    for row, read in zip(generated, parsed.rows, strict=False):
        assert read == {k: v for k, v in row.items() if k not in ("graduation", "before_remarking")}
    last = parsed.rows[-1]
    assert last == {"number": "07000999", "school_code": "", "district_code": "",
                    "language_code": "N3", "statuses": "SSVD-----", "toan": Decimal("10.00"),
                    "van": Decimal("0.00"), "ngoai_ngu": None, "ly": None, "hoa": None,
                    "sinh": None, "su": None, "dia": None, "gdcd": None,
                    **derived({"toan": Decimal(10), "van": Decimal(0)}, "N3")}
    assert parsed.rows[-2:] == [parsed.rows[-2], last] and parsed.rows[399] == parsed.rows[-2]
    fast, slow = importing.summary(parsed.rows), importing.summary(list(parsed.rows))
    assert fast == slow and [str(s["mean"]) for s in fast] == [str(s["mean"]) for s in slow]
    assert fast[0]["count"] == sum(1 for r in generated if r["toan"] is not None) + 1


def test_rows_with_problems_keep_their_place():
    parsed = parse(csv_file("07000001,,,8,7,,,,,,,,", "07000002,,,8.3,x,,,,,,,,",
                            ",,,,,,,,,,,,", "07000003,,,9,,,,,,,,,"))
    assert [r["number"] for r in parsed.rows] == ["07000001", "07000002", "07000003"]
    assert parsed.rows[1]["statuses"] == "---------" and parsed.rows[1]["toan"] is None
    assert [(p.row, p.column) for p in parsed.problems] == [(3, "Toán"), (3, "Ngữ văn")]
    assert "Nguyễn" not in repr(parsed.rows) and "07000002" in repr(parsed.rows)


def test_cells_copy_cannot_read_are_stored_as_typed(year, officer):
    """Codes are any text of the file: a tab, a backslash or a line break in them goes through
    the staging (COPY text on PostgreSQL) and the confirmation as typed."""
    odd = ["a\tb", "c\\d", "e\nf", "g\\.\rh"]
    lines = [f'07{n:06d},"{code}","{code}",8,7,,,,,,,,' for n, code in enumerate(odd, start=1)]
    parsed, pending = services.stage_upload(user=officer, exam_year=year, name="a.csv",
                                            data=csv_file(*lines))
    assert parsed.ok, parsed.problems
    staged = dict(PendingRow.objects.values_list("number", "school_code"))
    assert staged == {f"07{n:06d}": code for n, code in enumerate(odd, start=1)}
    version = services.confirm_import(user=officer, pending=pending)
    stored = {r.number: (r.school_code, r.district_code, r.toan, r.a00) for r in version.rows.all()}
    assert stored["07000003"] == ("e\nf", "e\nf", Decimal("8.00"), None)
    assert [stored[f"07{n:06d}"][0] for n in range(1, 5)] == odd


def test_staged_rows_are_the_checked_rows(year, officer):
    """What the staging stores (COPY text on PostgreSQL, INSERT elsewhere) is exactly the
    checked rows, derived values included."""
    from results import demo

    generated = demo.generate(500, seed=7)
    parsed, pending = services.stage_upload(user=officer, exam_year=year, name="a.csv",
                                            data=csv_file(*(csv_line(r) for r in generated)))
    fields = [f for f in services.ROW_FIELDS if f not in ("graduation", "before_remarking")]
    staged = {r["number"]: r for r in PendingRow.objects.values(*services.ROW_FIELDS)}
    for row in generated:
        assert {f: staged[row["number"]][f] for f in fields} == {f: row[f] for f in fields}
        assert staged[row["number"]]["graduation"] == "" and staged[row["number"]]["before_remarking"] is None


@pytest.mark.parametrize("count", [20, 21, 27])
def test_checked_rows_handed_over_in_parts(monkeypatch, count):
    """parse(checked=…) hands every row over once, in order, the subjects without a column
    included (results.services stages a score file on PostgreSQL meanwhile)."""
    monkeypatch.setattr(importing, "CHECKED_EVERY", 7)
    parts = []
    data = csv_file(*(f"07{n:06d},,,8,,,,,,,,," for n in range(1, count + 1)),
                    header="SBD,Mã trường,Mã huyện,Toán" + ",x" * 9)
    parsed = parse(data, checked=lambda p, start, stop: parts.append(
        (start, stop, len(list(p.rows.copy_text(1, start, stop, chunk=3))))))
    assert [(a, b) for a, b, _ in parts] == [(a, min(a + 7, count)) for a in range(0, count, 7)]
    assert sum(pieces for *_, pieces in parts) == sum(-(-(b - a) // 3) for a, b, _ in parts)
    text = "".join(parsed.rows.copy_text(1))
    assert text.count("\n") == count and text.split("\n")[0].split("\t")[4:6] == ["8.00", "\\N"]


def test_a_problem_after_the_first_rows_stages_nothing(year, officer, monkeypatch):
    monkeypatch.setattr(importing, "CHECKED_EVERY", 5)
    lines = [f"07{n:06d},,,8,7,,,,,,,," for n in range(1, 31)]
    lines[22] = "07000023,,,8.1,7,,,,,,,,"
    parsed, pending = services.stage_upload(user=officer, exam_year=year, name="a.csv",
                                            data=csv_file(*lines))
    assert pending is None and [(p.row, p.column) for p in parsed.problems] == [(24, "Toán")]
    assert not PendingImport.objects.exists() and not PendingRow.objects.exists()
    with pytest.raises(importing.FileRefused):
        services.stage_upload(user=officer, exam_year=year, name="a.csv", data=csv_file())
    assert not PendingImport.objects.exists() and not PendingRow.objects.exists()
    lines[22] = "07000023,,,8.2,7,,,,,,,,"
    parsed, pending = services.stage_upload(user=officer, exam_year=year, name="a.csv",
                                            data=csv_file(*lines))
    assert parsed.ok and pending.row_count == 30 and PendingRow.objects.count() == 30
    assert PendingImport.objects.get().dropped == []
