"""Store the article search vector (PostgreSQL only).

Ranking and filtering a common word ("ky thi") over thousands of articles recomputed
``to_tsvector`` for every matching row. A stored generated column computes it once per write;
the GIN index ``news_article_search_gin`` now covers that column. news.search.article_vector()
(``ARTICLE_VECTOR_COLUMN``) reads it.
"""

from django.db import migrations

EXPRESSION = (
    "setweight(to_tsvector('simple'::regconfig, search_title), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, search_body), 'B')"
)


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"ALTER TABLE news_article ADD COLUMN search_vector tsvector "
        f"GENERATED ALWAYS AS ({EXPRESSION}) STORED")
    schema_editor.execute("DROP INDEX IF EXISTS news_article_search_gin")
    schema_editor.execute(
        "CREATE INDEX news_article_search_gin ON news_article USING gin (search_vector)")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS news_article_search_gin")
    schema_editor.execute("ALTER TABLE news_article DROP COLUMN IF EXISTS search_vector")
    schema_editor.execute(
        f"CREATE INDEX news_article_search_gin ON news_article USING gin (({EXPRESSION}))")


class Migration(migrations.Migration):
    dependencies = [("news", "0005_article_pinned_index")]

    operations = [migrations.RunPython(forward, backward)]
