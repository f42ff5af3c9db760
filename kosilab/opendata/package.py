"""The tables of the open data dump and their Frictionless schemas, derived from the API's serializers.

Each resource of the public API (``kosilab.api.resources.RESOURCES``) becomes one JSON file (the
serializer's output for the public queryset, as a list: exactly what the API answers) and one CSV table.
A serializer's fields become the CSV columns; what does not fit in a cell is handled so:

- a nested list of objects (a nested serializer with ``many=True``, e.g. a process's phases) becomes a
  table of its own, ``<resource>-<field>.csv``, whose first column ``parent_<key>`` names the row of the
  resource it belongs to (a Frictionless foreign key), as Frictionless prefers to JSON in a cell;
- a nested object, a list of values and free JSON stay in one cell, JSON-encoded (types ``object``,
  ``array``, ``any``);
- a field that says how to spread itself over columns (``flat_columns()``: the translations of the
  API's ``TranslationsField``) becomes those columns, one per language and text (``title_en``).

The field types come from the serializer's field classes (``integer``, ``number``, ``string``,
``boolean``, ``date``, ``datetime``, …); a ``SerializerMethodField`` is typed by its method's return
annotation, and is ``any`` without one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import types
import typing
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext
from rest_framework import serializers

# The keys a table is identified by, in the order they are looked for among a serializer's fields.
KEY_CANDIDATES = ("id", "slug")
PARENT_PREFIX = "parent_"


@dataclass(frozen=True)
class Column:
    """One CSV column: its name (the serializer field's), Frictionless type and the rest of its
    Frictionless field descriptor (format, description, constraints)."""

    name: str
    type: str
    extra: dict[str, Any] = field(default_factory=dict)
    # Where the value is in a serialised item, if not under the column's name: ("translations", "en", "title").
    path: tuple[str, ...] = ()

    def descriptor(self) -> dict[str, Any]:
        return {"name": self.name, "type": self.type, **self.extra}

    def value(self, item: dict[str, Any]) -> Any:
        """This column's value in a serialised item (None where the item has none)."""
        if not self.path:
            return item.get(self.name)
        value: Any = item
        for key in self.path:
            value = value.get(key) if isinstance(value, dict) else None
        return value


@dataclass(frozen=True)
class Table:
    """One CSV table: a resource, or a nested list of one (``parent`` is then the resource's table)."""

    name: str
    columns: tuple[Column, ...]
    key: str | None
    parent: Table | None = None
    source: str = ""  # the serializer field of the parent that holds the rows of this table
    children: tuple[Table, ...] = ()

    @property
    def path(self) -> str:
        return f"csv/{self.name}.csv"

    @property
    def header(self) -> list[str]:
        return [column.name for column in self.columns]

    def schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"fields": [column.descriptor() for column in self.columns]}
        if self.key is not None:
            schema["primaryKey"] = [self.key]
        if self.parent is not None and self.parent.key is not None:
            schema["foreignKeys"] = [
                {
                    "fields": [PARENT_PREFIX + self.parent.key],
                    "reference": {"resource": self.parent.name, "fields": [self.parent.key]},
                }
            ]
        return schema


def _method_type(serializer: serializers.Serializer[Any], name: str, method_field: Any) -> str:
    method_name = method_field.method_name or f"get_{name}"
    method = getattr(serializer, method_name, None)
    try:
        hints = typing.get_type_hints(method) if method is not None else {}
    except Exception:  # an annotation that does not resolve: no type to tell
        hints = {}
    returned = hints.get("return")
    origin = typing.get_origin(returned) or returned
    if origin in (typing.Union, types.UnionType):
        kinds = [arg for arg in typing.get_args(returned) if arg is not type(None)]
        origin = (typing.get_origin(kinds[0]) or kinds[0]) if len(kinds) == 1 else None
    plain: dict[Any, str] = {
        bool: "boolean",
        int: "integer",
        float: "number",
        decimal.Decimal: "number",
        str: "string",
        dt.datetime: "datetime",
        dt.date: "date",
        list: "array",
        tuple: "array",
        dict: "object",
    }
    for python_type, frictionless in plain.items():  # datetime before date: it is one
        if origin is python_type:
            return frictionless
    return "any"


def column_for(serializer: serializers.Serializer[Any], name: str, serializer_field: Any) -> Column:
    """The CSV column of one scalar (or JSON-encoded) serializer field."""
    extra: dict[str, Any] = {}
    label = serializer_field.help_text or serializer_field.label
    if label:
        extra["description"] = str(label)
    checks: list[tuple[type | tuple[type, ...], str]] = [
        (serializers.BaseSerializer, "object"),
        ((serializers.ManyRelatedField, serializers.ListField, serializers.MultipleChoiceField), "array"),
        ((serializers.DictField, serializers.HStoreField), "object"),
        (serializers.JSONField, "any"),
        (serializers.BooleanField, "boolean"),
        ((serializers.IntegerField, serializers.PrimaryKeyRelatedField), "integer"),
        ((serializers.FloatField, serializers.DecimalField), "number"),
        (serializers.DateTimeField, "datetime"),
        (serializers.DateField, "date"),
        (serializers.TimeField, "time"),
    ]
    kind = "string"
    if isinstance(serializer_field, serializers.SerializerMethodField):
        kind = _method_type(serializer, name, serializer_field)
    else:
        for classes, frictionless in checks:
            if isinstance(serializer_field, classes):
                kind = frictionless
                break
    if kind == "string":
        if isinstance(serializer_field, serializers.ChoiceField) and not isinstance(
            serializer_field, serializers.MultipleChoiceField
        ):
            extra["constraints"] = {"enum": [str(choice) for choice in serializer_field.choices]}
        elif isinstance(serializer_field, serializers.URLField):
            extra["format"] = "uri"
        elif isinstance(serializer_field, serializers.EmailField):
            extra["format"] = "email"
    elif kind in ("datetime", "time"):
        extra["format"] = "any"  # ISO 8601 with the offset (and fractions of a second) as the API writes it
    return Column(name, kind, extra)


def _fields(serializer_class: type[serializers.Serializer[Any]]) -> tuple[serializers.Serializer[Any], dict[str, Any]]:
    serializer = serializer_class()
    readable = {name: f for name, f in serializer.fields.items() if not f.write_only}
    return serializer, readable


def table_for(
    name: str, serializer_class: type[serializers.Serializer[Any]], *, parent: Table | None = None, source: str = ""
) -> Table:
    """The table of a resource (and its child tables), or of a nested list when ``parent`` is given.

    Only a resource's own nested lists become tables; a nested list inside those stays a JSON cell."""
    serializer, readable = _fields(serializer_class)
    columns: list[Column] = []
    if parent is not None and parent.key is not None:
        key_column = next(c for c in parent.columns if c.name == parent.key)
        columns.append(
            Column(
                PARENT_PREFIX + parent.key,
                key_column.type,
                {
                    "description": gettext("The %(key)s of the row of %(table)s that this row belongs to.")
                    % {"key": parent.key, "table": parent.name}
                },
            )
        )
    nested: list[tuple[str, type[serializers.Serializer[Any]]]] = []
    for field_name, serializer_field in readable.items():
        child = getattr(serializer_field, "child", None)
        if (
            parent is None
            and isinstance(serializer_field, serializers.ListSerializer)
            and isinstance(child, serializers.Serializer)
        ):
            nested.append((field_name, type(child)))
            continue
        flat_columns = getattr(serializer_field, "flat_columns", None)
        if callable(flat_columns):
            columns += [
                Column(name, "string", {"description": description}, path=path)
                for name, path, description in flat_columns()
            ]
            continue
        columns.append(column_for(serializer, field_name, serializer_field))
    key = next((candidate for candidate in KEY_CANDIDATES if candidate in readable), None) if parent is None else None
    table = Table(name=name, columns=tuple(columns), key=key, parent=parent, source=source)
    if nested:  # the children need only the parent's name and key, which do not change
        children = tuple(
            table_for(f"{name}-{field_name.replace('_', '-')}", child_class, parent=table, source=field_name)
            for field_name, child_class in nested
        )
        table = dataclasses.replace(table, children=children)
    return table


def all_tables(table: Table) -> list[Table]:
    return [table, *table.children]
