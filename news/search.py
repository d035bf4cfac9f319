"""Article search, and the articles' part of the site search (``provider``, declared in
NewsConfig.contributes; the page is portal.views.SearchView).

On PostgreSQL, full-text search over the stored unaccented text through the stored,
GIN-indexed vector of migration 0006 (title weighted A, the rest B), ranking the newest 1,000
matches; on SQLite, a match of every word against the same stored text
(examportal.search). Either way the query is unaccented and lower-cased like the stored text, so
"ky thi" finds "Kỳ thi", and title matches come first.
"""

from django.contrib.postgres.search import SearchVectorField
from django.urls import reverse

from examportal.db import StoredColumn
from examportal.search import KeyPage, Result, SearchProvider, ranked_ids, search_stored_text

from .models import Article

# The stored, GIN-indexed vector of migration 0006 (weights: title A, the rest B).
ARTICLE_VECTOR_COLUMN = "search_vector"
# Ranking looks at the newest matches only, so a word in every article stays fast.
SEARCH_WINDOW = 1000


def article_vector():
    return StoredColumn(ARTICLE_VECTOR_COLUMN, output_field=SearchVectorField())


def search_articles(queryset, query):
    return search_stored_text(queryset, query, article_vector(), "publish_at")


def ranked_article_ids(queryset, query):
    """Ids of the public articles matching ``query``, best first, for the site search."""
    return ranked_ids(queryset, query, article_vector(), "publish_at", SEARCH_WINDOW)


class ArticleResults:
    """The matching public articles as site-search lines: one query ranks the matches and
    returns their ids only (at most SEARCH_WINDOW), which gives the count; a page then loads
    just its own rows."""

    def __init__(self, query):
        self.ids = ranked_article_ids(Article.objects.published(), query)

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, window):
        page_ids = self.ids[window]
        if not page_ids:
            return []
        found = Article.objects.for_listing().in_bulk(page_ids)
        return [
            Result("Bài viết", a.title, a.get_absolute_url(), a.lead, a.publish_at,
                   meta=a.section.title)
            for a in (found[pk] for pk in page_ids if pk in found)
        ]


provider = SearchProvider("bai-viet", "Bài viết", ArticleResults)


def key_pages():
    return [
        KeyPage("Theo dõi tin (RSS, Atom, JSON Feed)", reverse("feeds:follow"),
                "Địa chỉ kênh tin của chuyên mục Kỳ thi và từng mục, để đọc trên ứng dụng.",
                ("rss", "kênh tin", "theo dõi tin", "atom", "json feed")),
        KeyPage("Nhúng tin vào website của trường", reverse("feeds:embed"),
                "Tạo mã để hiện danh sách tin Kỳ thi trên website của trường.",
                ("nhúng tin", "mã nhúng", "widget", "website của trường")),
    ]
