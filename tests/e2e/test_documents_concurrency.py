"""Concurrent downloads against the live (threaded) server all count.

It lives with the transactional journeys: a transactional test flushes the database, and these
run after the other suites.
"""

import datetime
import threading
import urllib.request

import pytest
from django.core.files.base import ContentFile

from documents import services
from documents.models import Document, DocumentType, Issuer

pytestmark = [pytest.mark.django_db(transaction=True)]


def test_concurrent_downloads_all_count(postgres_only, live_server, settings, tmp_path):
    """8 threads × 5 downloads at once: 40 counted. The increment is done by the database (F())."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    issuer = Issuer.objects.create(name="UBND tỉnh Lai Châu")
    document = Document.objects.create(
        document_type=DocumentType.DIRECTIVE, number="08/CT-UBND", issuer=issuer,
        issue_date=datetime.date(2021, 5, 12), excerpt="Về việc tăng cường", exam_year=2021,
        is_published=True,
    )
    file = services.attach_file(document, ContentFile(b"%PDF-1.4\n%%EOF\n", name="a.pdf"))
    url = live_server.url + file.get_absolute_url()
    barrier = threading.Barrier(8)
    errors = []

    def fetch():
        try:
            barrier.wait()
            for _ in range(5):
                with urllib.request.urlopen(url) as response:  # noqa: S310 -- the test server
                    response.read()
        except Exception as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=fetch) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    document.refresh_from_db()
    assert document.download_count == 40
    assert document.files.get().download_count == 40
