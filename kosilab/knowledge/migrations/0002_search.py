"""The full-text search of lab profiles (kosilab/knowledge/search.py, kosilab/core/fulltext.py):
GIN indexes on PostgreSQL (the model's Meta.indexes; an SQL comment elsewhere), an FTS5 table
with its triggers on SQLite."""

import django.contrib.postgres.search
from django.db import migrations

import kosilab.core.fulltext
from kosilab.knowledge.search import PROFILE_SEARCH


def install(apps, schema_editor):
    PROFILE_SEARCH.install(schema_editor.connection)


def uninstall(apps, schema_editor):
    PROFILE_SEARCH.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]

    operations = [
        migrations.AddIndex(
            model_name="labprofile",
            index=kosilab.core.fulltext.SearchIndex(
                django.contrib.postgres.search.SearchVector("search_de", config="german"),
                name="knowledge_profile_search_de",
            ),
        ),
        migrations.AddIndex(
            model_name="labprofile",
            index=kosilab.core.fulltext.SearchIndex(
                django.contrib.postgres.search.SearchVector("search_en", config="english"),
                name="knowledge_profile_search_en",
            ),
        ),
        migrations.RunPython(install, uninstall),
    ]
