"""Translations in the open data: the JSON files carry the API's ``translations`` object, the CSV
tables one column per further language and text (``title_en``), described in the data package and
on the page; translations of objects that are not public stay out like the objects."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.utils import translation

from kosilab.api import resources as api
from kosilab.opendata.catalogue import catalogue
from kosilab.opendata.models import BuildStatus
from kosilab.opendata.package import table_for
from kosilab.opendata.services import open_data_build_run, open_data_build_start
from kosilab.opendata.tests.world import build_world, dump_files, package_of

pytestmark = pytest.mark.django_db

COLUMNS = {
    "labs": ["focus_en", "description_en"],
    "challenges": ["title_en", "summary_en", "context_en", "goals_en"],
    "processes": ["title_en", "summary_en"],
    "events": ["title_en", "description_en"],
    "results": ["title_en", "summary_en"],
}


@pytest.fixture
def files(db):
    build_world()
    build = open_data_build_run(build_id=open_data_build_start().pk)
    assert build is not None and build.status == BuildStatus.SUCCEEDED, build and build.error
    return dump_files(build)


def rows(files, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(files[f"csv/{name}.csv"].decode(), newline="")))


def test_the_json_files_carry_the_translations_as_the_api_does(files):
    results = json.loads(files["json/results.json"])
    assert [item["translations"] for item in results] == [{"en": {"title": "PUBLIC-RESULT-EN Business model"}}]
    assert results[0]["title"] == "PUBLIC-RESULT Geschäftsmodell"
    labs = json.loads(files["json/labs.json"])
    assert labs[0]["translations"] == {}


def test_the_csv_tables_have_a_column_per_language_and_text(files):
    for name, columns in COLUMNS.items():
        header = next(csv.reader(io.StringIO(files[f"csv/{name}.csv"].decode())))
        assert "translations" not in header, name
        at = header.index(columns[0])
        assert header[at : at + len(columns)] == columns, name
    (result,) = rows(files, "results")
    assert (result["title"], result["title_en"], result["summary_en"]) == (
        "PUBLIC-RESULT Geschäftsmodell",
        "PUBLIC-RESULT-EN Business model",
        "",
    )
    (event,) = rows(files, "events")
    assert (event["title_en"], event["description_en"]) == ("", "'=PUBLIC-EVENT-EN")  # no formula in a spreadsheet
    assert json.loads(files["json/events.json"])[0]["translations"] == {"en": {"description": "=PUBLIC-EVENT-EN"}}
    assert "HIDDEN-DRAFT-RESULT-EN" not in "".join(content.decode() for content in files.values())


def test_the_data_package_describes_the_columns_in_the_default_language(files):
    package = package_of(files)
    results = next(resource for resource in package["resources"] if resource["name"] == "results")
    fields = {field["name"]: field for field in results["schema"]["fields"]}
    assert fields["title_en"] == {"name": "title_en", "type": "string", "description": "Titel (Englisch)"}
    assert "translations" not in fields


def test_a_translation_column_reads_its_text_from_the_item(db):
    table = table_for("events", api.resource("events").serializer_class)
    column = next(c for c in table.columns if c.name == "description_en")
    assert column.path == ("translations", "en", "description")
    assert column.value({"translations": {"en": {"description": "=1"}}}) == "=1"
    assert column.value({"translations": {}}) is None


def test_the_page_lists_the_translation_columns(client, db):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.get("/open-data/").content.decode()
    assert "<code>title_en</code>" in page and "<code>focus_en</code>" in page
    with translation.override("en"):
        entry = next(entry for entry in catalogue() if entry.name == "results")
    described = {column.name: column.extra["description"] for _table, column, _type in entry.columns()}
    assert described["summary_en"] == "summary (English)"
