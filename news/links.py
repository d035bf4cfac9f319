"""The article page's links to other content, in one SQL statement.

An article page shows, besides the article: the previous and the next public article of its
section, the section's newest articles, its related articles, its tags and (from the documents
app) its related documents. As six ORM queries, Django spends longer building and compiling
them (about 10 ms a page on the portal's servers) than the database spends running them; the
article page is the busiest page that is not served from the page cache, so these links come
from one hand-written statement instead (about 2 ms). What "public" means is
``ArticleQuerySet.published()``'s rule, restated in SQL by ``public_article_sql()`` next to it;
``tests/news/test_links.py`` checks that the two agree for every state an article can be in,
on SQLite and on PostgreSQL.

Every part of the statement returns the same six columns: kind, id, key, label, detail, moment.
Other apps add parts by declaring them (``article_links`` in their AppConfig's ``contributes``,
see examportal.registry): ``{"kind": part}``, where ``part.sql()`` returns a SELECT of the six
columns for the article ``%(article)s`` at ``%(now)s`` and ``part.build(id, key, label, detail,
moment)`` makes each row's object, found in ``ArticleLinks.extra[kind]``.
"""

from dataclasses import dataclass, field
from datetime import datetime
from functools import cache

from django.db import connection
from django.utils import timezone

from examportal.registry import named_contributions

from .models import Article, ArticleTag, TaggedArticle, article_url, public_article_sql

LATEST_IN_SECTION = 5


@dataclass(frozen=True)
class ArticleLink:
    """What a link to another article shows."""

    slug: str
    title: str
    publish_at: datetime

    def get_absolute_url(self):
        return article_url(self.slug)


@dataclass
class ArticleLinks:
    previous: ArticleLink | None = None
    next: ArticleLink | None = None
    latest_in_section: list = field(default_factory=list)
    related: list = field(default_factory=list)
    tags: list = field(default_factory=list)
    extra: dict = field(default_factory=dict)


def _article_parts():
    article = Article._meta.db_table
    relation = Article.related_articles.field
    related = relation.remote_field.through._meta.db_table
    from_column, to_column = relation.m2m_column_name(), relation.m2m_reverse_name()
    tag, tagged = ArticleTag._meta.db_table, TaggedArticle._meta.db_table
    public = public_article_sql("a")
    columns = "a.id, a.slug, a.title, '', a.publish_at"
    newest_first = "ORDER BY a.publish_at DESC, a.id DESC"
    return [
        f"SELECT 'previous', {columns} FROM {article} a WHERE a.section_id = %(section)s "
        f"AND {public} AND a.publish_at < %(when)s {newest_first} LIMIT 1",
        f"SELECT 'next', {columns} FROM {article} a WHERE a.section_id = %(section)s "
        f"AND {public} AND a.publish_at > %(when)s ORDER BY a.publish_at, a.id LIMIT 1",
        f"SELECT 'latest', {columns} FROM {article} a WHERE a.section_id = %(section)s "
        f"AND {public} AND a.id <> %(article)s {newest_first} LIMIT {LATEST_IN_SECTION}",
        f"SELECT 'related', {columns} FROM {article} a JOIN {related} r ON r.{to_column} = a.id "
        f"WHERE r.{from_column} = %(article)s AND {public} {newest_first}",
        # The article's own date only gives this part the column type of the others.
        f"SELECT 'tag', t.id, t.slug, t.name, '', a.publish_at FROM {tag} t "
        f"JOIN {tagged} ta ON ta.tag_id = t.id JOIN {article} a ON a.id = ta.content_object_id "
        f"WHERE ta.content_object_id = %(article)s ORDER BY t.name",
    ]


@cache
def _statement(other_parts):
    parts = _article_parts() + [part.sql() for part in other_parts]
    # Each part is wrapped in its own SELECT so that SQLite accepts its ORDER BY and LIMIT.
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
    parts = named_contributions("article_links")
    links = ArticleLinks(extra={kind: [] for kind in parts})
    with connection.cursor() as cursor:
        cursor.execute(_statement(tuple(parts.values())), params)
        rows = cursor.fetchall()
    for kind, pk, key, label, detail, moment in rows:
        if kind == "tag":
            links.tags.append(ArticleTag(pk=pk, name=label, slug=key))
        elif kind in parts:
            links.extra[kind].append(parts[kind].build(pk, key, label, detail, _datetime(moment)))
        elif kind == "latest":
            links.latest_in_section.append(ArticleLink(key, label, _datetime(moment)))
        elif kind == "related":
            links.related.append(ArticleLink(key, label, _datetime(moment)))
        else:
            setattr(links, kind, ArticleLink(key, label, _datetime(moment)))
    return links
