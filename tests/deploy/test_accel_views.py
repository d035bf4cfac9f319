"""The two protected download views behind nginx (X_ACCEL_REDIRECT_PREFIX set): they keep every
check and count, and hand the file to nginx instead of streaming it. In process, no nginx
(test_nginx.py runs the same views through a real one)."""

import datetime
import io
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from documents import services as document_services
from documents.demo import make_pdf
from documents.models import Document, DocumentType, Issuer
from examportal.protected import accel_response
from examportal.roles import INSPECTORS
from hotline import services as hotline_services
from hotline.models import Attachment, AuditEntry

PREFIX = "/_protected/"


@pytest.fixture(autouse=True)
def _accel(settings, tmp_path):
    settings.X_ACCEL_REDIRECT_PREFIX = PREFIX
    settings.HOTLINE_NOTIFY_EMAILS = []


def make_document(published=True):
    issuer = Issuer.objects.get_or_create(name="UBND tỉnh Lai Châu")[0]
    document = Document.objects.create(
        document_type=DocumentType.DIRECTIVE, number="08/CT-UBND", issuer=issuer,
        issue_date=datetime.date(2021, 5, 12), excerpt="Về việc tổ chức Kỳ thi năm 2021",
        exam_year=2021, is_published=published,
        published_at=timezone.now() - datetime.timedelta(hours=1) if published else None)
    document_services.attach_file(document, ContentFile(make_pdf(["Van ban"]), name="tep.pdf"))
    return document


@pytest.mark.django_db
def test_document_download_is_counted_and_sent_by_nginx(client):
    document = make_document()
    file = document.files.get()
    response = client.get(file.get_absolute_url())
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"{PREFIX}media/{file.file.name}"
    assert file.file.name.startswith("documents/")
    assert response.content == b""
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="08-CT-UBND')
    assert "sandbox" in response["Content-Security-Policy"]
    assert "no-cache" in response["Cache-Control"] and "public" in response["Cache-Control"]
    inline = client.get(file.get_open_url())
    assert inline["X-Accel-Redirect"] == f"{PREFIX}media/{file.file.name}"
    assert inline["Content-Disposition"].startswith("inline;")
    assert client.head(file.get_absolute_url())["X-Accel-Redirect"]
    document.refresh_from_db()
    file.refresh_from_db()
    assert document.download_count == 2 and file.download_count == 2  # HEAD is not counted


@pytest.mark.django_db
def test_every_download_counted_with_the_page_cache_on(client, settings):
    settings.PAGE_CACHE_SECONDS = 300
    document = make_document()
    file = document.files.get()
    for _ in range(3):
        response = client.get(file.get_absolute_url())
        assert response["X-Accel-Redirect"] and response.get("X-Page-Cache") != "hit"
    file.refresh_from_db()
    assert file.download_count == 3


@pytest.mark.django_db
def test_unpublished_document_file_refused_to_the_public(client, make_staff):
    document = make_document(published=False)
    file = document.files.get()
    response = client.get(file.get_absolute_url())
    assert response.status_code == 404
    assert "X-Accel-Redirect" not in response
    editor = make_staff("Biên tập viên")
    client.force_login(editor)
    response = client.get(file.get_absolute_url())
    assert response.status_code == 200 and response["X-Accel-Redirect"]
    assert "private" in response["Cache-Control"] and response["X-Robots-Tag"] == "noindex"


@pytest.mark.django_db
def test_missing_document_file_is_a_404_not_a_redirect(client):
    document = make_document()
    file = document.files.get()
    file.file.storage.delete(file.file.name)
    response = client.get(file.get_absolute_url())
    assert response.status_code == 404 and "X-Accel-Redirect" not in response


def _report_with_photo():
    report, _key = hotline_services.submit_report(
        category="leak", description="[Mẫu] Ảnh chụp đề thi lan truyền.", place="Điểm thi mẫu")
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 30, 30)).save(buffer, "JPEG")
    attachment = Attachment(report=report, kind="jpeg", size=len(buffer.getvalue()))
    attachment.detected_kind = "jpeg"
    attachment.file.save("anh.jpg", ContentFile(buffer.getvalue()), save=True)
    return report, attachment


@pytest.mark.django_db
def test_hotline_attachment_checked_audited_then_sent_by_nginx(client, make_staff):
    report, attachment = _report_with_photo()
    url = reverse("hotline:staff_attachment", args=[report.pk, attachment.pk])
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "X-Accel-Redirect" not in anonymous
    client.force_login(make_staff(INSPECTORS, username="thanhtra9"))
    response = client.get(url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"{PREFIX}private/{attachment.file.name}"
    assert response.content == b""
    assert response["Content-Type"] == "image/jpeg"
    expected = f'attachment; filename="{report.reference}-tep-{attachment.pk}.jpg"'
    assert response["Content-Disposition"] == expected
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "sandbox" in response["Content-Security-Policy"]
    assert AuditEntry.objects.filter(report=report, action="download", username="thanhtra9").exists()


@pytest.mark.django_db
def test_without_prefix_or_outside_nginx_folders_the_view_streams(settings, tmp_path):
    document = make_document()
    file = document.files.get()
    settings.X_ACCEL_REDIRECT_PREFIX = ""
    assert accel_response(file.file, "application/pdf") is None
    settings.X_ACCEL_REDIRECT_PREFIX = PREFIX
    elsewhere = FileSystemStorage(location=tmp_path / "object-store")
    name = elsewhere.save("documents/x.pdf", ContentFile(b"%PDF-1.4"))
    stored = SimpleNamespace(storage=elsewhere, name=name)  # what a FieldFile offers the helper
    assert accel_response(stored, "application/pdf") is None
