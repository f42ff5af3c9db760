"""The full-text search of the entries (kosilab/core/fulltext.py): on PostgreSQL stored tsvector
columns (german, english) with GIN indexes, on SQLite an FTS5 table kept current by triggers."""

from django.db import migrations

from kosilab.search.index import ENTRY_SEARCH


def install(apps, schema_editor):
    ENTRY_SEARCH.postgres_install(schema_editor.connection)
    ENTRY_SEARCH.install(schema_editor.connection)


def uninstall(apps, schema_editor):
    ENTRY_SEARCH.postgres_uninstall(schema_editor.connection)
    ENTRY_SEARCH.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_entry")]

    operations = [migrations.RunPython(install, uninstall)]
