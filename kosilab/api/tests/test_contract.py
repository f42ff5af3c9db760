"""Contract tests: the OpenAPI schema is valid, and every documented endpoint answers as documented.

The schema is generated and validated by drf-spectacular (``manage.py spectacular --validate
--fail-on-warn``: OpenAPI 3 validation, and no endpoint the generator could not describe). Then
every path of the served schema is requested, in a world with an item of every resource, and the
answer is checked against the documented response: status, and each value against its schema
(type, nullability, enum, the properties of objects, the items of arrays; no undocumented keys).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command

from kosilab.api.resources import RESOURCES
from kosilab.api.tests.world import build
from kosilab.core.tests.english import english_everywhere  # noqa: F401

pytestmark = pytest.mark.django_db

# An item to ask for in each detail path, by resource (names in tests/world.py, or a slug).
ITEMS = {
    "labs": "home",
    "challenges": "{challenge}",
    "processes": "{process}",
    "events": "{event}",
    "methods": "home-method",
    "results": "{result}",
    "handovers": "{result_handover}",
    "indicators": "{indicator}",
    "case-study-labs": "case",
}
TYPES = {
    "string": str,
    "integer": int,
    "number": (int, float, Decimal, str),  # decimals are sent as strings (DRF's COERCE_DECIMAL_TO_STRING)
    "boolean": bool,
    "array": list,
    "object": dict,
}


@pytest.fixture
def world(matrix_world):
    return build(matrix_world)


def test_the_schema_validates_without_warnings(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    assert "openapi: 3." in target.read_text(encoding="utf-8")


def test_every_resource_has_a_documented_list_and_detail(client):
    paths = client.get("/api/v1/schema/?format=json").json()["paths"]
    for entry in RESOURCES:
        assert f"/api/v1/{entry.name}/" in paths
        assert any(re.fullmatch(rf"/api/v1/{entry.name}/\{{\w+\}}/", path) for path in paths), entry.name


def resolve(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[1]]
    if "allOf" in schema and len(schema["allOf"]) == 1:
        return {**resolve(schema["allOf"][0], components), **{k: v for k, v in schema.items() if k != "allOf"}}
    return schema


def conforms(value: Any, schema: dict[str, Any], components: dict[str, Any], where: str) -> None:
    schema = resolve(schema, components)
    if value is None and (schema.get("nullable") or None in schema.get("enum", [])):
        return
    if "oneOf" in schema or "anyOf" in schema:
        options = schema.get("oneOf") or schema.get("anyOf")
        errors = []
        for option in options:
            try:
                conforms(value, option, components, where)
                return
            except AssertionError as error:
                errors.append(str(error))
        raise AssertionError(f"{where}: matches none of {errors}")
    if value is None:
        assert schema.get("nullable") or schema.get("type") == "null", f"{where}: null, not documented as nullable"
        return
    if "enum" in schema:
        assert value in schema["enum"] or (value == "" and "" in schema["enum"]), f"{where}: {value!r} not in enum"
    kind = schema.get("type")
    if kind:
        assert isinstance(value, TYPES[kind]), f"{where}: {value!r} is not {kind}"
        if kind == "integer":
            assert not isinstance(value, bool), where
    if kind == "object" or "properties" in schema:
        properties = schema.get("properties", {})
        if properties:
            assert set(value) <= set(properties), f"{where}: undocumented keys {set(value) - set(properties)}"
        for name in schema.get("required", []):
            assert name in value, f"{where}: required key {name} missing"
        for name, item in value.items():
            if name in properties:
                conforms(item, properties[name], components, f"{where}.{name}")
    if kind == "array" and "items" in schema:
        for index, item in enumerate(value):
            conforms(item, schema["items"], components, f"{where}[{index}]")


def fill(path: str, world: dict[str, Any]) -> str:
    name = path.split("/")[3]
    item = ITEMS.get(name, "")
    key = item.format(**{k: getattr(v, "pk", v) for k, v in world.items() if k != "people"})
    return re.sub(r"\{\w+\}", key, path)


@pytest.mark.parametrize("as_reader", ["anonymous", "manager"])
def test_every_documented_endpoint_answers_as_documented(client, world, as_reader):
    schema = client.get("/api/v1/schema/?format=json").json()
    components = schema["components"]["schemas"]
    if as_reader == "manager":
        client.force_login(world["people"]["manager"])
    checked = 0
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert method == "get", f"{path}: {method} is documented, the API only reads"
            url = fill(path, world)
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            assert str(response.status_code) in operation["responses"], url
            documented = operation["responses"]["200"]["content"]["application/json"]["schema"]
            body = response.json()
            conforms(body, documented, components, url)
            if "results" in body:
                assert body["results"], f"{url}: the world has items, the list must show some"
            checked += 1
    assert checked == 1 + 2 * len(RESOURCES)


def test_the_documented_errors_answer_as_documented(client, world):
    schema = client.get("/api/v1/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/events/"]["get"]
    assert {"200", "400", "401", "429"} <= set(operation["responses"])
    assert client.get("/api/v1/events/?status=nonsense").status_code == 400
    assert client.get("/api/v1/events/", HTTP_AUTHORIZATION="Bearer kosi_nonsense").status_code == 401
    assert "404" in schema["paths"]["/api/v1/events/{id}/"]["get"]["responses"]
    assert client.get("/api/v1/events/999999/").status_code == 404


def test_the_schema_is_made_once_per_language_and_revalidated_by_its_etag(client, db):
    english = client.get("/api/v1/schema/?format=json")
    again = client.get("/api/v1/schema/?format=json")
    assert english.json() == again.json() and english["ETag"] == again["ETag"]
    assert client.get("/api/v1/schema/?format=json", HTTP_IF_NONE_MATCH=english["ETag"]).status_code == 304
