"""The API's documentation says what each field it adds to a model's holds (its ``help_text``):
the open data's column descriptions come from the same texts (kosilab/opendata/tests/test_descriptions.py)."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework import serializers

from kosilab.api.resources import RESOURCES

pytestmark = pytest.mark.django_db


def declared(serializer_class: type[serializers.Serializer[Any]]) -> list[tuple[str, str]]:
    """(component, field) of every field a serializer declares itself, and of its nested serializers."""
    component = serializer_class.__name__.removesuffix("Serializer")
    fields = []
    for name, field in serializer_class._declared_fields.items():
        fields.append((component, name))
        child = getattr(field, "child", None)
        if isinstance(child, serializers.Serializer):
            fields += declared(type(child))
    return fields


def test_every_declared_field_is_documented(client):
    schema = client.get("/api/v1/schema/?format=json", HTTP_ACCEPT_LANGUAGE="en").json()
    components = schema["components"]["schemas"]
    fields = [key for entry in RESOURCES for key in declared(entry.serializer_class)]
    assert ("Event", "seats_free") in fields and ("Phase", "name") in fields
    undocumented = [(c, name) for c, name in fields if not components[c]["properties"][name].get("description")]
    assert undocumented == []
    event = components["Event"]["properties"]
    assert event["seats_free"]["description"] == "Seats still free"
    assert event["uid"]["description"] == "The event's stable calendar UID (iCalendar UID)"


def test_the_documentation_is_in_the_readers_language(client):
    schema = client.get("/api/v1/schema/?format=json", HTTP_ACCEPT_LANGUAGE="de").json()
    status = schema["components"]["schemas"]["Challenge"]["properties"]["status"]["description"]
    assert "draft = Entwurf" in status
