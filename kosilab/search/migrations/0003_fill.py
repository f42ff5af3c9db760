"""Fill the index from what the installation holds already (the historical models of each app);
from here on every save and delete keeps it current (kosilab/search/signals.py)."""

from django.db import migrations

from kosilab.search.services import index_rebuild


def fill(apps, schema_editor):
    index_rebuild(get_model=apps.get_model, using=schema_editor.connection.alias)


def empty(apps, schema_editor):
    apps.get_model("search", "Entry").objects.using(schema_editor.connection.alias).all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_fulltext"),
        ("actors", "0001_initial"),
        ("labs", "0004_lab_require_two_factor"),
        ("challenges", "0003_challenge_i18n"),
        ("processes", "0005_process_list_indexes"),
        ("events", "0008_event_list_keyset"),
        ("methods", "0003_sort_titles"),
        ("cocreation", "0004_comment_keyset_index"),
        ("results", "0003_result_i18n"),
        ("knowledge", "0004_search_vectors"),
    ]

    operations = [migrations.RunPython(fill, empty)]
