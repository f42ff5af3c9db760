"""The dump holds exactly the public data, as the public API gives it, in a valid Frictionless data
package with its licence and the date of the data."""

from __future__ import annotations

import csv
import hashlib
import io
import json

import jsonschema
import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.files.storage import default_storage
from django.test import override_settings

from kosilab.api import resources as api
from kosilab.opendata.dump import csv_cell
from kosilab.opendata.models import BuildStatus
from kosilab.opendata.package import table_for
from kosilab.opendata.services import open_data_build_run, open_data_build_start
from kosilab.opendata.tests.world import build_world, dump_files, moment, package_of

pytestmark = pytest.mark.django_db

NAME = r"^[a-z0-9._-]+$"
FIELD_TYPES = ["string", "number", "integer", "boolean", "object", "array", "date", "time", "datetime", "any"]
# The rules of Frictionless Data Package v1 and Table Schema that the dump relies on (a subset of the
# official profiles, which would have to be fetched from the web).
PACKAGE_SCHEMA = {
    "type": "object",
    "required": ["profile", "name", "title", "created", "licenses", "resources"],
    "properties": {
        "profile": {"const": "data-package"},
        "name": {"type": "string", "pattern": NAME},
        "title": {"type": "string", "minLength": 1},
        "created": {"type": "string", "format": "date-time"},
        "licenses": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["name", "path", "title"],
                "properties": {"path": {"type": "string", "pattern": "^https://"}},
            },
        },
        "resources": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["name", "path", "format", "mediatype", "encoding", "bytes", "hash"],
                "properties": {
                    "name": {"type": "string", "pattern": NAME},
                    "path": {"type": "string", "pattern": r"^(json|csv)/[a-z0-9-]+\.(json|csv)$"},
                    "format": {"enum": ["csv", "json"]},
                    "encoding": {"const": "utf-8"},
                    "bytes": {"type": "integer", "minimum": 1},
                    "hash": {"type": "string", "pattern": "^sha256:[0-9a-f]{64}$"},
                    "profile": {"const": "tabular-data-resource"},
                    "schema": {
                        "type": "object",
                        "required": ["fields"],
                        "properties": {
                            "fields": {
                                "type": "array",
                                "minItems": 1,
                                "items": {
                                    "type": "object",
                                    "required": ["name", "type"],
                                    "properties": {"name": {"type": "string"}, "type": {"enum": FIELD_TYPES}},
                                },
                            },
                            "primaryKey": {"type": "array", "items": {"type": "string"}},
                            "foreignKeys": {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "required": ["fields", "reference"],
                                    "properties": {"reference": {"type": "object", "required": ["resource", "fields"]}},
                                },
                            },
                        },
                    },
                },
                "if": {"properties": {"format": {"const": "csv"}}},
                "then": {"required": ["profile", "schema", "dialect"]},
            },
        },
    },
}


@pytest.fixture
def dump(settings):
    settings.KOSILAB_SITE_URL = "https://kosi.example.org"
    build_world()
    with time_machine.travel(moment(2027, 3, 4, 5, 6, 7), tick=False):
        build = open_data_build_run(build_id=open_data_build_start().pk)
    assert build is not None and build.status == BuildStatus.SUCCEEDED, build and build.error
    return build, dump_files(build)


def _text(files: dict[str, bytes]) -> str:
    return "\n".join(content.decode() for content in files.values())


def test_the_dump_holds_the_public_data_and_nothing_else(dump):
    build, files = dump
    text = _text(files)
    for marker in [
        "PUBLIC-LAB",
        "PUBLIC-CHALLENGE",
        "PUBLIC-PROCESS",
        "PUBLIC-RESULT",
        "PUBLIC-EVENT",
        "PUBLIC-METHOD",
        "PUBLIC-INDICATOR",
    ]:
        assert marker in files_of_kind(files, "json"), marker
        assert marker in files_of_kind(files, "csv"), marker
    assert "HIDDEN-" not in text
    assert build.row_counts["labs"] == 1
    assert build.row_counts["results"] == 1
    assert build.row_counts["handovers"] == 1


def files_of_kind(files: dict[str, bytes], kind: str) -> str:
    return "\n".join(content.decode() for name, content in files.items() if name.startswith(f"{kind}/"))


def test_each_json_file_is_what_the_api_gives_an_anonymous_reader(dump):
    _, files = dump
    for resource in api.RESOURCES:
        expected = [dict(resource.serializer_class(obj).data) for obj in resource.queryset(AnonymousUser())]
        assert json.loads(files[f"json/{resource.name}.json"]) == json.loads(json.dumps(expected, default=str))


def test_the_datapackage_is_valid_and_describes_every_file(dump):
    build, files = dump
    package = package_of(files)
    jsonschema.Draft7Validator(PACKAGE_SCHEMA, format_checker=jsonschema.FormatChecker()).validate(package)
    paths = [resource["path"] for resource in package["resources"]]
    assert sorted([*paths, "datapackage.json"]) == sorted(files)
    names = [resource["name"] for resource in package["resources"]]
    assert len(set(names)) == len(names)
    for resource in package["resources"]:
        content = files[resource["path"]]
        assert resource["bytes"] == len(content)
        assert resource["hash"] == "sha256:" + hashlib.sha256(content).hexdigest()
        if resource["format"] != "csv":
            continue
        rows = list(csv.reader(io.StringIO(content.decode(), newline="")))
        field_names = [field["name"] for field in resource["schema"]["fields"]]
        assert rows[0] == field_names, resource["name"]
        assert all(len(row) == len(field_names) for row in rows), resource["name"]
        for key in resource["schema"].get("foreignKeys", []):
            target = next(r for r in package["resources"] if r["name"] == key["reference"]["resource"])
            assert set(key["reference"]["fields"]) <= {f["name"] for f in target["schema"]["fields"]}
    with default_storage.open(build.file_name, "rb") as file:
        whole = file.read()
    assert (build.size, build.sha256) == (len(whole), hashlib.sha256(whole).hexdigest())


def test_a_nested_list_is_a_table_of_its_own_that_names_its_parent(dump):
    _, files = dump
    package = package_of(files)
    phases = next(r for r in package["resources"] if r["name"] == "processes-phases")
    assert phases["schema"]["foreignKeys"] == [
        {"fields": ["parent_id"], "reference": {"resource": "processes", "fields": ["id"]}}
    ]
    process_ids = {row["id"] for row in csv.DictReader(io.StringIO(files["csv/processes.csv"].decode()))}
    phase_rows = list(csv.DictReader(io.StringIO(files["csv/processes-phases.csv"].decode())))
    assert phase_rows and {row["parent_id"] for row in phase_rows} == process_ids


def test_the_licence_and_the_date_of_the_data_are_stated(dump):
    build, files = dump
    package = package_of(files)
    assert package["licenses"] == [
        {
            "name": "dl-de-by-2.0",
            "path": "https://www.govdata.de/dl-de/by-2-0",
            "title": "Datenlizenz Deutschland – Namensnennung – Version 2.0",
        }
    ]
    assert package["created"] == "2027-03-04T05:06:07Z"
    assert build.data_date == moment(2027, 3, 4, 5, 6, 7)
    assert package["homepage"] == "https://kosi.example.org/open-data/"


@override_settings(KOSILAB_OPEN_DATA_LICENSE="cc-by-4.0")
def test_the_licence_follows_the_setting(db):
    build = open_data_build_run(build_id=open_data_build_start().pk)
    assert build is not None
    assert package_of(dump_files(build))["licenses"][0]["name"] == "CC-BY-4.0"


def test_csv_cells_follow_the_table_schema_conventions():
    assert csv_cell(None, "string") == ""
    assert csv_cell(True, "boolean") == "true"
    assert csv_cell(["a", "ö"], "array") == '["a", "ö"]'
    assert csv_cell("=HYPERLINK()", "string") == "'=HYPERLINK()"
    assert csv_cell("-5", "number") == "-5"


def test_every_resource_has_a_key_and_its_fields_types_from_the_serializer():
    for entry in api.RESOURCES:
        table = table_for(entry.name, entry.serializer_class)
        assert table.key in ("id", "slug"), entry.name
    types = {c.name: c.type for c in table_for("events", api.resource("events").serializer_class).columns}
    assert (types["id"], types["online"], types["starts_at"], types["capacity"]) == (
        "integer",
        "boolean",
        "datetime",
        "integer",
    )
    indicator = table_for("indicators", api.resource("indicators").serializer_class)
    assert {c.name: c.type for c in indicator.columns}["baseline"] == "number"
    assert [child.name for child in indicator.children] == ["indicators-measurements"]
    challenge = {c.name: c for c in table_for("challenges", api.resource("challenges").serializer_class).columns}
    assert challenge["starts_on"].type == "date"
    assert "open" in challenge["status"].extra["constraints"]["enum"]
