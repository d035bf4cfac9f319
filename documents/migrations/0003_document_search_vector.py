"""Store the document search vector (PostgreSQL only), as news does for articles: filtering and
ordering thousands of matches no longer recomputes ``to_tsvector`` per row. The GIN index
``documents_search_gin`` now covers the stored column."""

from django.db import migrations

EXPRESSION = "to_tsvector('simple'::regconfig, COALESCE(search_text, ''))"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"ALTER TABLE documents_document ADD COLUMN search_vector tsvector "
        f"GENERATED ALWAYS AS ({EXPRESSION}) STORED")
    schema_editor.execute("DROP INDEX IF EXISTS documents_search_gin")
    schema_editor.execute(
        "CREATE INDEX documents_search_gin ON documents_document USING gin (search_vector)")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS documents_search_gin")
    schema_editor.execute("ALTER TABLE documents_document DROP COLUMN IF EXISTS search_vector")
    schema_editor.execute(
        f"CREATE INDEX documents_search_gin ON documents_document USING gin (({EXPRESSION}))")


class Migration(migrations.Migration):
    dependencies = [("documents", "0002_search_index")]

    operations = [migrations.RunPython(forward, backward)]
