"""The full-text search on PostgreSQL reads stored vectors (kosilab/core/fulltext.py): generated
columns ``search_de_vector`` (german) and ``search_en_vector`` (english) with GIN indexes, in place
of the indexes on the expression ``to_tsvector(…)``, with which the planner chose sequential scans
that computed every row's vector and ranking computed them for every match. SQLite keeps its FTS5
table; there the removed indexes never existed."""

from django.db import migrations

from kosilab.knowledge.search import PROFILE_SEARCH


def install(apps, schema_editor):
    PROFILE_SEARCH.postgres_install(schema_editor.connection)


def uninstall(apps, schema_editor):
    PROFILE_SEARCH.postgres_uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0003_load_case_studies")]

    operations = [
        migrations.RemoveIndex(model_name="labprofile", name="knowledge_profile_search_de"),
        migrations.RemoveIndex(model_name="labprofile", name="knowledge_profile_search_en"),
        migrations.RunPython(install, uninstall),
    ]
