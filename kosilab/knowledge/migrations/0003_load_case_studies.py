"""Loads the case-study labs (data/*.json) with the same loader as ``load_case_studies``.

Depends on the method library's data migration: the profiles link to its methods by slug."""

from django.db import migrations

from kosilab.knowledge.library import load_case_studies


def load(apps, schema_editor):
    load_case_studies(apps.get_model("knowledge", "LabProfile"), using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0002_search"), ("methods", "0002_load_library")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
