"""On PostgreSQL the staged rows of an upload (PendingRow) skip the write-ahead log: they are a
working copy until the officer confirms (a crash loses only the staging; the file is uploaded
again), and a national-size file is staged and dropped faster. Other databases: nothing."""

from django.db import migrations


def unlogged(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE results_pendingrow SET UNLOGGED")


def logged(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE results_pendingrow SET LOGGED")


class Migration(migrations.Migration):

    dependencies = [("results", "0003_import_job_options")]

    operations = [migrations.RunPython(unlogged, logged)]
