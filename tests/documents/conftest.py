import datetime
import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from documents import services
from documents.demo import make_pdf
from documents.models import Document, DocumentType, Issuer


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def pdf_bytes():
    return make_pdf(["SO GIAO DUC VA DAO TAO TINH LAI CHAU", "Van ban thu"])


def office_zip(kind):
    """A minimal DOCX, XLSX or ODT (the parts the content check reads)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if kind == "odt":
            archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
            archive.writestr("content.xml", "<office:document-content/>")
        elif kind == "docx":
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("word/document.xml", "<w:document/>")
        else:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


@pytest.fixture
def issuer(db):
    return Issuer.objects.get_or_create(name="UBND tỉnh Lai Châu")[0]


@pytest.fixture
def so_gddt(db):
    return Issuer.objects.get_or_create(name="Sở Giáo dục và Đào tạo tỉnh Lai Châu")[0]


@pytest.fixture
def make_document(issuer):
    """Create a published document; keyword arguments override the defaults."""
    counter = {"n": 0}

    def make(with_file=False, pdf=None, **fields):
        counter["n"] += 1
        values = {
            "document_type": DocumentType.DIRECTIVE,
            "number": f"{counter['n']}/CT-UBND",
            "issuer": issuer,
            "issue_date": datetime.date(2021, 5, 12),
            "excerpt": f"Về việc tổ chức Kỳ thi tốt nghiệp THPT năm 2021 (văn bản {counter['n']})",
            "exam_year": 2021,
            "is_published": True,
            "published_at": timezone.now() - datetime.timedelta(hours=1),
        }
        values.update(fields)
        document = Document(**values)
        document.save()
        if with_file:
            data = pdf or make_pdf(["Van ban", document.number])
            services.attach_file(document, ContentFile(data, name="tep.pdf"))
        return document

    return make


@pytest.fixture
def directive(make_document):
    return make_document(
        number="08/CT-UBND",
        excerpt="Về việc tăng cường chỉ đạo tổ chức Kỳ thi tốt nghiệp trung học phổ thông năm 2021 "
                "trên địa bàn tỉnh Lai Châu",
        signer_title="Chủ tịch",
        with_file=True,
    )
