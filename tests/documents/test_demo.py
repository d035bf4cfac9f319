import io

import pytest

from documents import demo
from documents.models import Document, DocumentFile, DocumentType
from examportal.uploads import detect_kind


@pytest.mark.django_db
def test_seed_is_complete_valid_and_idempotent(exam_column):
    out = io.StringIO()
    demo.seed(out)
    assert "17 văn bản mới" in out.getvalue()
    demo.seed(io.StringIO())
    assert Document.objects.count() == 17 and DocumentFile.objects.count() == 17

    expected = {
        ("15/2020/TT-BGDĐT", "Bộ Giáo dục và Đào tạo", DocumentType.CIRCULAR),
        ("05/2021/TT-BGDĐT", "Bộ Giáo dục và Đào tạo", DocumentType.CIRCULAR),
        ("08/CT-UBND", "UBND tỉnh Lai Châu", DocumentType.DIRECTIVE),
        ("65/KH-SGDĐT", "Sở Giáo dục và Đào tạo tỉnh Lai Châu", DocumentType.PLAN),
    }
    found = {(d.number, d.issuer.name, d.document_type) for d in Document.objects.select_related("issuer")}
    assert expected <= found
    directive = Document.objects.get(number="08/CT-UBND")
    assert directive.issue_date.isoformat() == "2021-05-12"
    plan = Document.objects.get(number="65/KH-SGDĐT")
    assert plan.signer == "Đinh Trung Tuấn" and plan.signer_title == "Giám đốc"
    assert Document.objects.filter(document_type__in=[DocumentType.LETTER, DocumentType.NOTICE,
                                                      DocumentType.GUIDANCE]).count() >= 8
    for document in Document.objects.all():
        document.full_clean(exclude=["related_articles"])  # every demo record passes validation
        assert document.is_public
    for file in DocumentFile.objects.all():
        with file.file.open("rb") as handle:
            data = handle.read()
            assert detect_kind(handle) == "pdf"
        assert data.rstrip().endswith(b"%%EOF") and file.size == len(data)


def test_generated_pdf_is_well_formed():
    import re

    data = demo.make_pdf(["Chỉ thị (thử) \\ đặc biệt", "x" * 300])
    assert data.startswith(b"%PDF-1.4")
    startxref = int(re.search(rb"startxref\n(\d+)", data).group(1))
    assert data[startxref:].startswith(b"xref")
    offsets = [int(m) for m in re.findall(rb"(\d{10}) 00000 n", data)]
    for number, offset in enumerate(offsets, start=1):
        assert data[offset:].startswith(b"%d 0 obj" % number)
    assert b"(Chi thi \\(thu\\) \\\\ dac biet) Tj" in data
