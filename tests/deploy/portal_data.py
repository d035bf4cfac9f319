"""What the deploy tests need on top of the demo content, made in the portal's own process:

    manage.py shell -c "from tests.deploy.portal_data import create; create()"

prints one line ``DEPLOY_DATA {json}``: a pending article (for a publish through the admin), a
published and an unpublished document file, a hotline report with a JPEG attachment and a
cover image, each with the SHA-256 of its stored bytes.
"""

import datetime
import hashlib
import io
import json

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

PENDING_TITLE = "Bài kiểm tra triển khai: xuất bản qua nginx"


def _sha(field_file):
    with field_file.storage.open(field_file.name, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def _jpeg():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (165, 25, 28)).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


@transaction.atomic
def create():
    from documents import services as document_services
    from documents.demo import make_pdf
    from documents.models import Document, DocumentFile, Issuer
    from hotline import services as hotline_services
    from hotline.models import Attachment
    from news.models import Article, Section

    editor = get_user_model().objects.get(username="bientapvien")
    section = Section.objects.get(column__year=2021, slug="tinh-hinh-to-chuc-thi")
    article = Article.objects.create(
        section=section, title=PENDING_TITLE, lead="Bài mẫu của phép thử triển khai.",
        body="<p>Kiểm tra nginx.</p>", status=Article.Status.PENDING, author=editor)

    public_file = DocumentFile.objects.filter(document__is_published=True).order_by("pk").first()
    draft = Document(
        document_type="CV", number="999/SGDĐT-KT", issuer=Issuer.objects.order_by("pk").first(),
        issue_date=datetime.date(2021, 6, 1), signer="Người ký mẫu", signer_title="Giám đốc",
        excerpt="Văn bản chưa đăng tải (phép thử triển khai).", exam_year=2021, is_published=False)
    draft.full_clean(exclude=["related_articles"])
    draft.save()
    draft_file = document_services.attach_file(
        draft, ContentFile(make_pdf(["Van ban chua dang tai"]), name="chua-dang.pdf"))

    hotline_services.notifications_muted = True
    report, _key = hotline_services.submit_report(
        category="leak", place="Điểm thi mẫu", description="[Mẫu] Phản ánh có ảnh đính kèm.",
        received_at=timezone.now())
    data = _jpeg()
    attachment = Attachment(report=report, kind="jpeg", size=len(data))
    attachment.detected_kind = "jpeg"
    attachment.file.save("anh.jpg", ContentFile(data), save=True)

    covered = Article.objects.published().exclude(cover_image="").order_by("pk").first()
    print("DEPLOY_DATA", json.dumps({
        "article_pk": article.pk,
        "article_title": article.title,
        "section_url": section.get_absolute_url(),
        "public_file_pk": public_file.pk,
        "public_file_sha": _sha(public_file.file),
        "public_document_pk": public_file.document_id,
        "draft_file_pk": draft_file.pk,
        "draft_file_name": draft_file.file.name,
        "report_pk": report.pk,
        "report_reference": report.reference,
        "attachment_pk": attachment.pk,
        "attachment_name": attachment.file.name,
        "attachment_sha": hashlib.sha256(data).hexdigest(),
        "cover_url": covered.cover_image.url,
        "cover_sha": _sha(covered.cover_image),
    }))


def parse(output):
    return json.loads(output.split("DEPLOY_DATA", 1)[1].strip().splitlines()[0])
