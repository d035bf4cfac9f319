import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from documents.models import Document, DocumentType, Issuer, validate_number_format

T = DocumentType


@pytest.mark.parametrize(
    ("number", "kind"),
    [
        ("08/CT-UBND", T.DIRECTIVE),
        ("65/KH-SGDĐT", T.PLAN),
        ("641/SGDĐT-QLCL", T.LETTER),
        ("15/2020/TT-BGDĐT", T.CIRCULAR),
        ("512/QĐ-UBND", T.DECISION),
        ("05/CĐ-UBND", T.DISPATCH),
        ("12/KH-BCĐ", T.PLAN),
        ("03/TB-HĐT", T.NOTICE),
        ("30/2020/NĐ-CP", T.DECREE),
        ("1234/QĐ-TTg", T.DECISION),
    ],
)
def test_valid_numbers(number, kind):
    validate_number_format(number, kind)


@pytest.mark.parametrize(
    ("number", "kind", "code", "fragment"),
    [
        ("08 /CT-UBND", T.DIRECTIVE, "spaces", "dấu cách"),
        ("08/CT UBND", T.DIRECTIVE, "spaces", "dấu cách"),
        ("CT-UBND", T.DIRECTIVE, "format", "Nghị định 30/2020"),
        ("08-CT-UBND", T.DIRECTIVE, "format", "Nghị định 30/2020"),
        ("08/CT--UBND", T.DIRECTIVE, "format", "Nghị định 30/2020"),
        ("08/CT-UBND-", T.DIRECTIVE, "format", "Nghị định 30/2020"),
        ("08/KH-UBND", T.DIRECTIVE, "type_mismatch", "chỉ thị phải bắt đầu bằng “CT-”"),
        ("08/CT", T.DIRECTIVE, "type_mismatch", "tên viết tắt của cơ quan"),
        ("15/2020/QĐ-BGDĐT", T.CIRCULAR, "type_mismatch", "“TT-”"),
        ("641/KH-SGDĐT", T.LETTER, "type_mismatch", "Công văn không có chữ viết tắt"),
    ],
)
def test_invalid_numbers_have_vietnamese_messages(number, kind, code, fragment):
    with pytest.raises(ValidationError) as info:
        validate_number_format(number, kind)
    assert info.value.code == code
    assert fragment in info.value.messages[0]


def test_letter_with_cv_prefix_is_accepted_as_issuer_part():
    # "CV" is no type abbreviation of the decree; some units still write it. Only a real type
    # abbreviation in a công văn is refused (it is then probably the wrong type).
    validate_number_format("641/CV-SGDĐT", T.LETTER)


def test_normalize_number_keeps_ttg():
    from documents.models import normalize_number

    assert normalize_number(" 1234/qđ-ttg ") == "1234/QĐ-TTg"
    assert normalize_number("08/ct-ubnd") == "08/CT-UBND"
    assert normalize_number("5/TTGDTX-VP") == "5/TTGDTX-VP"  # only the whole symbol part


def test_year_in_number_must_be_issue_year():
    with pytest.raises(ValidationError) as info:
        validate_number_format("15/2020/TT-BGDĐT", T.CIRCULAR, datetime.date(2021, 3, 12))
    assert "năm ban hành (2021)" in info.value.messages[0]


@pytest.mark.django_db
def test_clean_normalises_and_checks_dates(issuer):
    document = Document(
        document_type=T.DIRECTIVE, number=" 08/ct-ubnd ", issuer=issuer,
        issue_date=timezone.localdate() + datetime.timedelta(days=1),
        effective_date=timezone.localdate(), excerpt="Về việc thử", exam_year=2021,
    )
    with pytest.raises(ValidationError) as info:
        document.full_clean()
    errors = info.value.message_dict
    assert document.number == "08/CT-UBND"
    assert "tương lai" in errors["issue_date"][0]
    assert "không được trước ngày ban hành" in errors["effective_date"][0]
    assert "__all__" not in errors  # each rule reported once, on its field


@pytest.mark.django_db
def test_number_issuer_year_is_unique(make_document, issuer, so_gddt):
    make_document(number="08/CT-UBND", issue_date=datetime.date(2021, 5, 12))
    same = Document(
        document_type=T.DIRECTIVE, number="08/ct-ubnd", issuer=issuer,
        issue_date=datetime.date(2021, 9, 1), excerpt="Khác", exam_year=2021,
    )
    with pytest.raises(ValidationError) as info:
        same.full_clean()
    assert info.value.message_dict["number"] == [
        "Đã có văn bản số 08/CT-UBND của UBND tỉnh Lai Châu ban hành năm 2021."
    ]
    # Another year or another issuer is another document.
    same.issue_date = datetime.date(2022, 1, 5)
    same.exam_year = 2022
    same.full_clean()
    other = Document(
        document_type=T.DIRECTIVE, number="08/CT-UBND", issuer=so_gddt,
        issue_date=datetime.date(2021, 5, 12), excerpt="Khác", exam_year=2021,
    )
    other.full_clean()
    # The database refuses a duplicate even past the form.
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.create(
            document_type=T.DIRECTIVE, number="08/CT-UBND", issuer=issuer,
            issue_date=datetime.date(2021, 12, 1), excerpt="Trùng", exam_year=2021,
        )


@pytest.mark.django_db
def test_database_refuses_effective_before_issue(make_document):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_document(issue_date=datetime.date(2021, 5, 12), effective_date=datetime.date(2021, 5, 1))


@pytest.mark.django_db
def test_published_is_decided_at_query_time(make_document):
    now = timezone.now()
    public = make_document()
    make_document(is_published=False)
    scheduled = make_document(published_at=now + datetime.timedelta(hours=2))
    assert list(Document.objects.published()) == [public]
    assert not scheduled.is_public
    scheduled.published_at = now - datetime.timedelta(seconds=1)
    scheduled.save()
    assert set(Document.objects.published()) == {public, scheduled}


@pytest.mark.django_db
def test_save_stores_nfc_and_search_forms(issuer):
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "Về việc tăng cường chỉ đạo")
    document = Document.objects.create(
        document_type=T.CIRCULAR, number="15/2020/tt-bgdđt", issuer=issuer,
        issue_date=datetime.date(2020, 5, 26), excerpt=decomposed, exam_year=2021, is_published=True,
    )
    assert document.excerpt == unicodedata.normalize("NFC", decomposed)
    assert document.number == "15/2020/TT-BGDĐT"
    assert document.number_key == "15/2020/tt-bgddt"
    assert "ve viec tang cuong chi dao" in document.search_text
    assert document.published_at is not None  # published with no time: now
    assert document.slug == "thong-tu-15-2020-tt-bgddt"
    assert document.get_absolute_url() == f"/van-ban/{document.pk}-thong-tu-15-2020-tt-bgddt/"


@pytest.mark.django_db
def test_issuer_slug_keeps_d():
    assert Issuer.objects.create(name="Hội đồng thi tỉnh Lai Châu").slug == "hoi-dong-thi-tinh-lai-chau"


@pytest.mark.django_db
def test_stored_file_removed_when_deleted_or_replaced(make_document, pdf_bytes,
                                                       django_capture_on_commit_callbacks):
    from django.core.files.base import ContentFile

    from documents import services

    document = make_document(with_file=True)
    file = document.files.get()
    storage, first = file.file.storage, file.file.name
    assert storage.exists(first)
    with django_capture_on_commit_callbacks(execute=True):
        file.file = ContentFile(pdf_bytes, name="moi.pdf")
        file.detected_kind = "pdf"
        file.save()
    assert not storage.exists(first) and storage.exists(file.file.name)
    second = file.file.name
    with django_capture_on_commit_callbacks(execute=True):
        file.delete()
    assert not storage.exists(second)
    # A deletion that is rolled back keeps the file.
    kept = services.attach_file(document, ContentFile(pdf_bytes, name="giu.pdf"))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                kept.delete()
                raise RuntimeError
        except RuntimeError:
            pass
    assert callbacks == [] and storage.exists(kept.file.name)
