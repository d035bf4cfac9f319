"""Full-text index for document search on PostgreSQL.

``search_text`` is stored already diacritic-free and lower-case (examportal.text.search_text, the
same normalisation unaccent would give, đ included), so the index needs no STABLE unaccent call:
it indexes ``to_tsvector('simple', search_text)``, the exact expression that
``DocumentQuerySet.search`` builds with ``SearchVector("search_text", config="simple")``.
SQLite has no GIN index; there the search reads the stored text directly.
"""

from django.db import migrations

INDEX = "documents_search_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from django.contrib.postgres.search import SearchVector

    Document = apps.get_model("documents", "Document")
    expression = SearchVector("search_text", config="simple")
    query = Document.objects.all().query
    compiler = query.get_compiler(connection=schema_editor.connection)
    sql, params = expression.resolve_expression(query).as_sql(compiler, schema_editor.connection)
    sql = sql.replace('"documents_document".', "")
    schema_editor.execute(
        f"CREATE INDEX {INDEX} ON documents_document USING gin (({sql}))", params or None
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
