"""The documents' part of the site search (``provider``, declared in DocumentsConfig.contributes).

The search itself is ``DocumentQuerySet.search`` (number, prefix of a number, excerpt words).
"""

from django.urls import reverse

from examportal.search import KeyPage, Result, SearchProvider

from .models import Document

LIMIT = 50


def document_results(query, limit=LIMIT):
    """Published documents matching ``query`` as site-search lines, best first."""
    # Only what a result line shows: the sort over every match then moves narrow rows.
    documents = (Document.objects.published().search(query)
                 .only("number", "document_type", "excerpt", "issue_date")[:limit])
    return [Result("Văn bản", d.excerpt, d.get_absolute_url(), "", d.issue_date, meta=d.number)
            for d in documents]


provider = SearchProvider("van-ban", "Văn bản", document_results, listed_first=True)


def key_pages():
    return [
        KeyPage("Văn bản chỉ đạo, hướng dẫn", reverse("documents:list"),
                "Chỉ thị, kế hoạch, công văn, thông tư về Kỳ thi: tra theo số ký hiệu, cơ quan, "
                "năm ban hành; tải tệp văn bản.",
                ("văn bản", "văn bản chỉ đạo", "công văn", "chỉ thị", "kế hoạch", "thông tư",
                 "quy chế thi", "hướng dẫn")),
    ]
