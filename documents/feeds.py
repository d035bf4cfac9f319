"""New documents as RSS 2.0, Atom 1.0 and JSON Feed 1.1, each with the full text file attached.

A conditional request (If-None-Match / If-Modified-Since) is answered 304 from one aggregate
query before any feed is built.
"""

import hashlib
import json

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Count, Max
from django.http import HttpResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.views.decorators.http import condition

from examportal.feeds import cross_origin, text_as_html

from .models import Document

FEED_ITEMS = 30
FEED_MAX_AGE = 300
TITLE = "Văn bản chỉ đạo, hướng dẫn về Kỳ thi tốt nghiệp THPT"


def absolute(path):
    return f"{settings.SITE_URL}{path}"


def feed_documents():
    return (
        Document.objects.published()
        .for_listing()
        .order_by("-published_at", "-pk")[:FEED_ITEMS]
    )


def feed_state():
    """(etag, last modified) of the public registry, from one aggregate query."""
    state = Document.objects.published().aggregate(
        newest=Max("updated_at"), published=Max("published_at"), total=Count("pk")
    )
    moments = [m for m in (state["newest"], state["published"]) if m]
    last = max(moments) if moments else None
    raw = f"{state['total']}|{last.isoformat() if last else ''}"
    return hashlib.sha256(raw.encode()).hexdigest()[:32], last


def _etag(request, *args, **kwargs):
    return feed_state()[0]


def _last_modified(request, *args, **kwargs):
    return feed_state()[1]


def describe(document):
    parts = [
        f"{document.get_document_type_display()} số {document.number} ngày "
        f"{document.issue_date:%d/%m/%Y} của {document.issuer.name}.",
        f"Trích yếu: {document.excerpt}.",
    ]
    if document.effective_date:
        parts.append(f"Có hiệu lực từ ngày {document.effective_date:%d/%m/%Y}.")
    return " ".join(parts)


class DocumentFeed(Feed):
    feed_type = Rss201rev2Feed
    title = TITLE
    description = (
        "Văn bản mới của Bộ GDĐT, UBND tỉnh Lai Châu, Ban Chỉ đạo thi cấp tỉnh và Sở GDĐT Lai Châu."
    )
    language = "vi"

    def link(self):
        return absolute(reverse("documents:list"))

    def feed_url(self):
        return absolute(reverse("documents:feed-rss"))

    def author_name(self):
        return settings.PORTAL["agency"]

    def items(self):
        return feed_documents()

    def item_title(self, document):
        return f"{document.get_document_type_display()} {document.number}: {document.excerpt}"

    def item_description(self, document):
        return text_as_html(describe(document))

    def item_link(self, document):
        return absolute(document.get_absolute_url())

    def item_guid(self, document):
        return absolute(document.get_absolute_url())

    def item_pubdate(self, document):
        return document.published_at

    def item_updateddate(self, document):
        return document.updated_at

    def item_author_name(self, document):
        return document.issuer.name

    def item_categories(self, document):
        return [document.get_document_type_display(), document.issuer.name]

    def item_enclosures(self, document):
        return [
            Enclosure(absolute(f.get_absolute_url()), str(f.size), f.content_type)
            for f in document.files.all()[:1]
        ]


class DocumentAtomFeed(DocumentFeed):
    feed_type = Atom1Feed
    subtitle = DocumentFeed.description

    def feed_url(self):
        return absolute(reverse("documents:feed-atom"))


def _public(response):
    patch_cache_control(response, public=True, max_age=FEED_MAX_AGE)
    return response


@condition(etag_func=_etag, last_modified_func=_last_modified)
def rss(request):
    return _public(DocumentFeed()(request))


@condition(etag_func=_etag, last_modified_func=_last_modified)
def atom(request):
    return _public(DocumentAtomFeed()(request))


@cross_origin
@condition(etag_func=_etag, last_modified_func=_last_modified)
def json_feed(request):
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1)."""
    items = []
    for document in feed_documents():
        item = {
            "id": absolute(document.get_absolute_url()),
            "url": absolute(document.get_absolute_url()),
            "title": f"{document.get_document_type_display()} {document.number}: {document.excerpt}",
            "content_text": describe(document),
            "date_published": document.published_at.isoformat(),
            "date_modified": document.updated_at.isoformat(),
            "authors": [{"name": document.issuer.name}],
            "tags": [document.get_document_type_display(), document.issuer.name],
            "attachments": [
                {"url": absolute(f.get_absolute_url()), "mime_type": f.content_type,
                 "size_in_bytes": f.size, "title": f.label or "Toàn văn"}
                for f in document.files.all()
            ],
        }
        items.append(item)
    data = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": TITLE,
        "home_page_url": absolute(reverse("documents:list")),
        "feed_url": absolute(reverse("documents:feed-json")),
        "language": "vi",
        "authors": [{"name": settings.PORTAL["agency"]}],
        "items": items,
    }
    body = json.dumps(data, ensure_ascii=False, indent=1)
    return _public(HttpResponse(body, content_type="application/feed+json; charset=utf-8"))
