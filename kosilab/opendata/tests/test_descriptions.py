"""Every column of the open data says what it holds, in the reader's language.

A column's description is its API field's ``help_text`` or label (``package.column_for``). A field
without either gets a label DRF makes from its name, in English whatever the language ("Seats
free"); the fields of ``kosilab/api/serializers.py`` say what they hold instead, translatably.
"""

from __future__ import annotations

from django.utils import translation

from kosilab.api.resources import RESOURCES
from kosilab.opendata.package import all_tables, table_for

# Descriptions that read the same in German and English.
SAME_IN_BOTH = {"ID"}


def descriptions(language: str) -> dict[tuple[str, str], str]:
    """(table, column) → the column's description in ``language`` ("" if none), for every table and child table."""
    with translation.override(language):
        return {
            (table.name, column.name): column.extra.get("description") or ""
            for entry in RESOURCES
            for table in all_tables(table_for(entry.name, entry.serializer_class))
            for column in table.columns
        }


def made_from_the_name(column: str) -> str:
    return column.replace("_", " ").capitalize()  # what DRF labels a field without a label


def test_every_column_has_a_description_not_made_from_its_name():
    german = descriptions("de")
    assert any(table.endswith("-phases") for table, _column in german)  # child tables are checked too
    missing = [key for key, text in german.items() if not text]
    assert missing == []
    made_up = [key for key, text in german.items() if text == made_from_the_name(key[1])]
    assert made_up == []
    assert all(descriptions("en").values())


def test_every_description_is_translated():
    german, english = descriptions("de"), descriptions("en")
    untranslated = [key for key, text in german.items() if text == english[key] and text not in SAME_IN_BOTH]
    assert untranslated == []


def test_a_description_says_what_the_value_is():
    english = descriptions("en")
    assert english["events", "seats_free"] == "Seats still free"
    assert english["events", "lab"].startswith("The slug of the lab (see labs)")
    assert english["challenges", "status"] == "The state of the challenge: draft; open; in_progress; closed"
    assert english["processes-phases", "key"].startswith("The phase's key")
    german = descriptions("de")
    assert german["challenges", "status"].endswith(
        "draft = Entwurf; open = Offen; in_progress = In Bearbeitung; closed = Abgeschlossen"
    )
