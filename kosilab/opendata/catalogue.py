"""What the open data page says about each table: its files, columns and their types, taken from the
same serializers the dump is written with (``package.table_for``), so the page and the dump agree."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kosilab.opendata.dump import api_resources
from kosilab.opendata.package import Column, Table, all_tables, table_for

TYPE_LABELS: dict[str, Promise] = {
    "string": _("text"),
    "integer": _("whole number"),
    "number": _("number"),
    "boolean": _("true or false"),
    "date": _("date"),
    "datetime": _("date and time"),
    "time": _("time of day"),
    "array": _("list (JSON)"),
    "object": _("object (JSON)"),
    "any": _("JSON value"),
}


@dataclass(frozen=True)
class CatalogueEntry:
    name: str
    title: str
    description: str
    json_path: str
    tables: list[Table]

    def columns(self) -> list[tuple[Table, Column, str]]:
        return [
            (table, column, str(TYPE_LABELS.get(column.type, column.type)))
            for table in self.tables
            for column in table.columns
        ]


def catalogue() -> list[CatalogueEntry]:
    """One entry per resource of the public API, in its order, in the active language. It depends on
    the code alone, so it is made once per language and process (the serializers' fields take time)."""
    return _catalogue(translation.get_language() or settings.LANGUAGE_CODE)


@functools.cache
def _catalogue(language: str) -> list[CatalogueEntry]:
    entries = []
    for resource in api_resources():
        table = table_for(resource.name, resource.serializer_class)
        entries.append(
            CatalogueEntry(
                name=resource.name,
                title=str(resource.title),
                description=str(resource.description),
                json_path=f"json/{resource.name}.json",
                tables=all_tables(table),
            )
        )
    return entries
