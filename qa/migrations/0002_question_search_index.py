"""A GIN index for question search on PostgreSQL (the way news does it for articles).

The index covers a weighted tsvector over the stored, already unaccented and lower-cased
``search_title`` (weight A) and ``search_body`` (weight B). ``to_tsvector`` with an explicit
configuration is IMMUTABLE, so no unaccent wrapper is needed. qa.search.QUESTION_VECTOR_SQL must
stay identical to the indexed expression.
"""

from django.db import migrations

INDEX_SQL = (
    "CREATE INDEX IF NOT EXISTS qa_question_search_gin ON qa_question USING gin (("
    "setweight(to_tsvector('simple'::regconfig, search_title), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, search_body), 'B')))"
)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INDEX_SQL)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS qa_question_search_gin")


class Migration(migrations.Migration):
    dependencies = [("qa", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
