"""Issue 14, item 7: photos sent to the hotline are stored without any metadata."""

import pytest
from django.urls import reverse

from hotline import services
from hotline.models import Report
from tests.metadata_images import PHONE, has_all_metadata, hostile_jpeg, hostile_png, metadata_problems

from .conftest import PDF_BYTES, upload
from .test_public import form_data, receipt

pytestmark = pytest.mark.django_db


def stored_bytes(attachment):
    with attachment.file.open("rb") as stored:
        return stored.read()


def test_public_form_photos_lose_every_metadata_segment_and_chunk(client):
    jpeg, png = hostile_jpeg(size=(320, 240)), hostile_png(size=(320, 240))
    assert has_all_metadata(jpeg) and has_all_metadata(png)
    pdf = PDF_BYTES.replace(b"%%EOF", b"% Author: " + PHONE + b"\n%%EOF")
    data = form_data(client)
    data["attachments"] = [upload("IMG_0001.jpg", jpeg, "image/jpeg"),
                           upload("Screenshot.png", png, "image/png"),
                           upload("bien-ban.pdf", pdf, "application/pdf")]
    response = client.post(reverse("hotline:report"), data)
    assert response.status_code == 200, response.content.decode()[:2000]
    reference, _key = receipt(response)
    attachments = {a.kind: a for a in Report.objects.get(reference=reference).attachments.all()}
    assert sorted(attachments) == ["jpeg", "pdf", "png"]
    for kind in ("jpeg", "png"):
        data = stored_bytes(attachments[kind])
        assert metadata_problems(data) == [], kind
        assert attachments[kind].size == len(data)
    # PDFs are stored exactly as sent (their metadata is not rewritten; see the issue).
    assert stored_bytes(attachments["pdf"]) == pdf


def test_followup_photo_loses_its_metadata(make_report):
    report, _key = make_report()
    services.add_reporter_followup(report, text="Thêm ảnh chụp màn hình.",
                                   files=[upload("x.jpg", hostile_jpeg(), "image/jpeg")])
    attachment = report.attachments.get()
    assert metadata_problems(stored_bytes(attachment)) == []
