"""A GIN index for article search on PostgreSQL.

The index covers a weighted tsvector over the stored, already unaccented and lower-cased
``search_title`` (weight A) and ``search_body`` (weight B). ``to_tsvector`` with an explicit
configuration is IMMUTABLE, so no unaccent wrapper is needed: the text is unaccented when it is
saved (examportal.text.search_text), and queries are unaccented the same way.
Migration 0006 rebuilt the index over a stored column of the same expression
(news.search.ARTICLE_VECTOR_COLUMN).
"""

from django.db import migrations

INDEX_SQL = (
    "CREATE INDEX IF NOT EXISTS news_article_search_gin ON news_article USING gin (("
    "setweight(to_tsvector('simple'::regconfig, search_title), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, search_body), 'B')))"
)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INDEX_SQL)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS news_article_search_gin")


class Migration(migrations.Migration):
    dependencies = [("news", "0003_article")]

    operations = [migrations.RunPython(create_index, drop_index)]
