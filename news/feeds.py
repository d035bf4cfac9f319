"""RSS 2.0, Atom 1.0 and JSON Feed 1.1 for the column, each section and each tag.

Schools poll these, so a conditional request is answered 304 from one aggregate query
(``feed_state``) before any feed is built.
"""

import datetime
import hashlib
import json

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Count, Max, Subquery
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.views.decorators.http import condition

from examportal import registry
from examportal.feeds import cross_origin, text_as_html

from .models import Article, ArticleTag, Column, Section

FEED_ITEMS = 30
FEED_MAX_AGE = 300
JSON_FEED_MIME = "application/feed+json; charset=utf-8"


def absolute(path):
    return f"{settings.SITE_URL}{path}"


# --- What a feed covers ------------------------------------------------------------------------


class FeedScope:
    """The articles one feed lists: the whole column, a section or a tag."""

    def __init__(self, kind, obj):
        self.kind, self.obj = kind, obj

    @classmethod
    def resolve(cls, year=None, section=None, tag=None):
        if tag is not None:
            return cls("tag", get_object_or_404(ArticleTag, slug=tag))
        column = get_object_or_404(Column, year=year) if year else Column.objects.current()
        if column is None:
            raise Http404("Chưa có chuyên mục Kỳ thi nào.")
        if section is not None:
            return cls("section", get_object_or_404(
                Section.objects.select_related("column"), column=column, slug=section))
        return cls("column", column)

    def articles(self):
        articles = Article.objects.published()
        if self.kind == "tag":
            return articles.filter(tags=self.obj)
        if self.kind == "section":
            return articles.filter(section=self.obj)
        return articles.filter(section__column=self.obj)

    @property
    def column(self):
        return {"column": self.obj, "section": getattr(self.obj, "column", None)}.get(self.kind)

    @property
    def title(self):
        agency = settings.PORTAL["agency"]
        if self.kind == "tag":
            return f"Thẻ “{self.obj.name}” — {agency}"
        if self.kind == "section":
            return f"{self.obj.title} — {self.obj.column.title} — {agency}"
        return f"{self.obj.title} — {agency}"

    @property
    def description(self):
        if self.kind == "tag":
            return f"Bài viết gắn thẻ “{self.obj.name}” trên cổng thông tin Kỳ thi."
        if self.kind == "section":
            return self.obj.description or self.obj.title
        return self.obj.intro or self.obj.title

    @property
    def page_url(self):
        return absolute(self.obj.get_absolute_url())

    @property
    def key(self):
        return f"{self.kind}:{self.obj.pk}"


def articles_in(year=None, section=None, tag=None):
    """Published articles of a feed's scope, filtered by its URL values alone (no lookups)."""
    articles = Article.objects.published()
    if tag is not None:
        return articles.filter(tags__slug=tag)
    articles = articles.filter(section__column__year=year)
    return articles.filter(section__slug=section) if section is not None else articles


def contributed_states(year=None, section=None, tag=None):
    """The single-value querysets of what other apps add to a column's feeds (``feed_items``)."""
    if not year or section is not None or tag is not None:
        return []
    return [qs for source in registry.contributions("feed_items") for qs in source.state(year)]


def contributed_items(scope):
    """Other apps' items in the column's feeds (``feed_items``), newest first."""
    if scope.kind != "column":
        return []
    return [item for source in registry.contributions("feed_items")
            for item in source.items(scope.obj.year, FEED_ITEMS)]


def feed_state(**scope):
    """(etag, last_modified) of a feed from one aggregate query; no feed is rendered.

    The ETag changes whenever the list changes: an article published, edited, scheduled into
    view (newest times), withdrawn or expired (the count drops, or the newest times change),
    or an item another app adds to the column's feeds (its state rides in the same query).
    """
    extra = {f"contributed_{i}": Max(Subquery(qs))
             for i, qs in enumerate(contributed_states(**scope))}
    state = articles_in(**scope).aggregate(
        newest_update=Max("updated_at"), newest_publish=Max("publish_at"), count=Count("pk"),
        **extra,
    )
    if extra and not state["count"]:  # no article row to carry the subqueries
        state.update({f"contributed_{i}": next(iter(qs.values_list(flat=True)), None)
                      for i, qs in enumerate(contributed_states(**scope))})
    stamps = [s for s in (state["newest_update"], state["newest_publish"]) if s]
    stamps += [value for name, value in state.items()
               if name.startswith("contributed_") and isinstance(value, datetime.datetime)]
    last_modified = max(stamps) if stamps else None
    raw = f"{sorted(scope.items())}|{sorted(state.items())}|{last_modified}|{FEED_ITEMS}"
    return hashlib.sha256(raw.encode()).hexdigest()[:32], last_modified


def conditional_feed(view, cors=False):
    """Answer 304 when the client has the current feed; add cache and validator headers."""

    def state_for(request, **kwargs):
        if not hasattr(request, "_feed_state"):
            request._feed_state = feed_state(**kwargs)
        return request._feed_state

    decided = condition(
        etag_func=lambda request, **kw: state_for(request, **kw)[0],
        last_modified_func=lambda request, **kw: state_for(request, **kw)[1],
    )(view)

    def wrapped(request, **kwargs):
        try:
            response = decided(request, **kwargs)
        except Http404:
            if not cors:
                raise
            # A school's widget reads this answer from another origin: say 404 readably.
            response = JsonResponse({"error": "Không tìm thấy kênh tin."}, status=404,
                                    json_dumps_params={"ensure_ascii": False})
        patch_cache_control(response, public=True, max_age=FEED_MAX_AGE)
        patch_vary_headers(response, ["Accept-Encoding"])
        return response

    return cross_origin(wrapped) if cors else wrapped


# --- RSS and Atom (django.contrib.syndication) ------------------------------------------------


class ArticleFeed(Feed):
    feed_type = Rss201rev2Feed
    language = "vi"

    def get_object(self, request, year=None, section=None, tag=None):
        return FeedScope.resolve(year=year, section=section, tag=tag)

    def title(self, scope):
        return scope.title

    def link(self, scope):
        return scope.page_url

    def feed_url(self, scope):
        return absolute(self.request_path)

    def description(self, scope):
        return text_as_html(scope.description)

    def subtitle(self, scope):
        return scope.description  # Atom's subtitle is type="text"

    def author_name(self):
        return settings.PORTAL["agency"]

    def author_email(self):
        return settings.PORTAL["email"]

    def feed_copyright(self):
        return f"© {settings.PORTAL['agency']}"

    def feed_guid(self, scope):
        return absolute(self.request_path)

    def items(self, scope):
        articles = list(scope.articles().for_listing().prefetch_related("tags")[:FEED_ITEMS])
        added = contributed_items(scope)
        if not added:
            return articles
        return sorted([*articles, *added], key=lambda item: item.publish_at,
                      reverse=True)[:FEED_ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return text_as_html(item.lead)

    def item_link(self, item):
        return absolute(item.get_absolute_url())

    def item_guid(self, item):
        return absolute(item.get_absolute_url())

    def item_pubdate(self, item):
        return timezone.localtime(item.publish_at)

    def item_updateddate(self, item):
        return timezone.localtime(max(item.updated_at, item.publish_at))

    def item_author_name(self, item):
        return item.byline or settings.PORTAL["agency"]

    def item_categories(self, item):
        if hasattr(item, "categories"):  # an item another app adds (feed_items)
            return list(item.categories)
        return [item.section.title, *(tag.name for tag in item.tags.all())]

    def item_enclosures(self, item):
        if not item.cover_image:
            return []
        try:
            length = item.cover_image.size
        except OSError:
            return []
        mime = "image/webp" if item.cover_image.name.endswith(".webp") else (
            "image/png" if item.cover_image.name.endswith(".png") else "image/jpeg")
        return [Enclosure(absolute(item.cover_image.url), str(length), mime)]

    def __call__(self, request, *args, **kwargs):
        self.request_path = request.path
        return super().__call__(request, *args, **kwargs)


class ArticleAtomFeed(ArticleFeed):
    feed_type = Atom1Feed


def rss_view(request, **kwargs):
    response = ArticleFeed()(request, **kwargs)
    response["Content-Type"] = "application/rss+xml; charset=utf-8"
    return response


def atom_view(request, **kwargs):
    response = ArticleAtomFeed()(request, **kwargs)
    response["Content-Type"] = "application/atom+xml; charset=utf-8"
    return response


# --- JSON Feed 1.1 ---------------------------------------------------------------------------


def iso(moment):
    return timezone.localtime(moment).isoformat(timespec="seconds")


def json_feed_document(scope, request_path):
    feed = ArticleFeed()
    feed.request_path = request_path
    items = []
    for article in feed.items(scope):
        item = {
            "id": absolute(article.get_absolute_url()),
            "url": absolute(article.get_absolute_url()),
            "title": article.title,
            "summary": article.lead,
            "content_text": article.lead,
            "date_published": iso(article.publish_at),
            "date_modified": iso(max(article.updated_at, article.publish_at)),
            "authors": [{"name": feed.item_author_name(article)}],
            "tags": feed.item_categories(article),
        }
        if article.cover_image:
            item["image"] = absolute(article.cover_image.url)
        items.append(item)
    return {
        "version": "https://jsonfeed.org/version/1.1",
        "title": scope.title,
        "home_page_url": scope.page_url,
        "feed_url": absolute(request_path),
        "description": scope.description,
        "language": "vi",
        "authors": [{"name": settings.PORTAL["agency"], "url": settings.SITE_URL}],
        "items": items,
    }


def json_feed_view(request, **kwargs):
    scope = FeedScope.resolve(**kwargs)
    body = json.dumps(json_feed_document(scope, request.path), ensure_ascii=False)
    return HttpResponse(body, content_type=JSON_FEED_MIME)


rss = conditional_feed(rss_view)
atom = conditional_feed(atom_view)
json_feed = conditional_feed(json_feed_view, cors=True)
