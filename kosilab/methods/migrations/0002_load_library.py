"""Loads the shared method library (data/*.json) with the same loader as ``load_method_library``."""

from django.db import migrations

from kosilab.methods.library import load_library


def load(apps, schema_editor):
    load_library(apps.get_model("methods", "Method"), using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("methods", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
