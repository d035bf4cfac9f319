"""The article page's links to other content, in one SQL statement.

An article page shows, besides the article: the previous and the next public article of its
section, the section's newest articles, its related articles and its tags. As five ORM
queries, Django spends longer building and compiling them (about 9 ms a page on the portal's
servers) than the database spends running them; the article page is the busiest page that is
not served from the page cache, so these links come from one hand-written statement instead
(under 2 ms). What "public" means is ``ArticleQuerySet.published()``'s rule, restated in SQL by
``public_article_sql()`` next to it; ``tests/news/test_links.py`` checks that the two agree for
every state an article can be in, on SQLite and on PostgreSQL.
"""

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from django.db import connection
from django.urls import reverse
from django.utils import timezone

from .models import Article, ArticleTag, TaggedArticle, public_article_sql

LATEST_IN_SECTION = 5


@dataclass(frozen=True)
class ArticleLink:
    """What a link to another article shows."""

    slug: str
    title: str
    publish_at: datetime

    def get_absolute_url(self):
        return reverse("news:article-detail", kwargs={"slug": self.slug})


@dataclass
class ArticleLinks:
    previous: ArticleLink | None
    next: ArticleLink | None
    latest_in_section: list
    related: list
    tags: list


@cache
def _statement():
    article = Article._meta.db_table
    related = Article.related_articles.through._meta.db_table
    tag, tagged = ArticleTag._meta.db_table, TaggedArticle._meta.db_table
    public = public_article_sql("a")
    columns = "a.slug, a.title, a.publish_at"
    # Each part is wrapped in its own SELECT so that SQLite accepts its ORDER BY and LIMIT.
    parts = [
        f"SELECT 'previous', {columns} FROM {article} a WHERE a.section_id = %(section)s "
        f"AND {public} AND a.publish_at < %(when)s ORDER BY a.publish_at DESC, a.id DESC LIMIT 1",
        f"SELECT 'next', {columns} FROM {article} a WHERE a.section_id = %(section)s "
        f"AND {public} AND a.publish_at > %(when)s ORDER BY a.publish_at, a.id LIMIT 1",
        f"SELECT 'latest', {columns} FROM {article} a WHERE a.section_id = %(section)s "
        f"AND {public} AND a.id <> %(article)s ORDER BY a.publish_at DESC, a.id DESC "
        f"LIMIT {LATEST_IN_SECTION}",
        f"SELECT 'related', {columns} FROM {article} a JOIN {related} r "
        f"ON r.to_article_id = a.id WHERE r.from_article_id = %(article)s AND {public} "
        f"ORDER BY a.publish_at DESC, a.id DESC",
        # The article's own date only gives this part the column type of the others.
        f"SELECT 'tag', t.slug, t.name, a.publish_at FROM {tag} t JOIN {tagged} ta "
        f"ON ta.tag_id = t.id JOIN {article} a ON a.id = ta.content_object_id "
        f"WHERE ta.content_object_id = %(article)s ORDER BY t.name",
    ]
    return " UNION ALL ".join(f"SELECT * FROM ({part}) AS part_{n}" for n, part in enumerate(parts))


def _datetime(value):
    """A timestamp as the ORM would return it (SQLite gives text for computed columns)."""
    convert = getattr(connection.ops, "convert_datetimefield_value", None)
    return convert(value, None, connection) if convert and value is not None else value


def article_links(article, now=None):
    """Links around ``article`` (public ones only), whatever the state of ``article`` itself."""
    now = now or timezone.now()
    adapt = connection.ops.adapt_datetimefield_value
    params = {
        "section": article.section_id,
        "article": article.pk,
        "when": adapt(article.publish_at or now),
        "now": adapt(now),
        "published": Article.Status.PUBLISHED,
    }
    found = {"previous": [], "next": [], "latest": [], "related": [], "tag": []}
    with connection.cursor() as cursor:
        cursor.execute(_statement(), params)
        for kind, slug, title, publish_at in cursor.fetchall():
            if kind == "tag":
                found[kind].append(ArticleTag(name=title, slug=slug))
            else:
                found[kind].append(ArticleLink(slug, title, _datetime(publish_at)))
    return ArticleLinks(
        previous=(found["previous"] or [None])[0],
        next=(found["next"] or [None])[0],
        latest_in_section=found["latest"],
        related=found["related"],
        tags=found["tag"],
    )
