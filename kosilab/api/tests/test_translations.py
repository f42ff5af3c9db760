"""Texts in further languages in the API: each translated object keeps its fields as written in
German and adds ``translations`` ({"en": {"title": …}}: only languages and fields with a text),
documented in the schema as a component per model; the API still only reads them."""

from __future__ import annotations

from typing import Any

import pytest

from kosilab.api.tests.test_query_counts import PINS
from kosilab.core.tests.factories import ChallengeFactory, LabFactory, ProcessFactory
from kosilab.core.tests.queries import count
from kosilab.events.tests.factories import EventFactory
from kosilab.results.tests.factories import make_result

pytestmark = pytest.mark.django_db

# The resources with translated texts, and those texts.
TRANSLATED = {
    "labs": ("focus", "description"),
    "challenges": ("title", "summary", "context", "goals"),
    "processes": ("title", "summary"),
    "events": ("title", "description"),
    "results": ("title", "summary"),
}


@pytest.fixture
def items(query_setting) -> dict[str, Any]:
    lab = query_setting["lab"]
    lab.focus, lab.description = "Mobilität", "Ein Lab für das Quartier."
    lab.i18n = {"description_en": "A lab for the neighbourhood."}
    lab.save()
    process = ProcessFactory(lab=lab, title="Fahrradgaragen")
    process.i18n = {"title_en": "Bicycle garages", "summary_en": ""}
    process.save()
    return {
        "labs": lab,
        "challenges": ChallengeFactory(lab=lab, status="open", title="Wie parken wir?", i18n={}),
        "processes": process,
        "events": EventFactory(
            lab=lab, title="Werkstatt", i18n={"title_en": "Workshop", "description_en": "Bring bikes"}
        ),
        "results": make_result(
            process, title="Geschäftsmodell", summary="Miete", i18n={"title_en": "Business model", "summary_en": "Rent"}
        ),
    }


def detail(client, name: str, obj: Any) -> dict[str, Any]:
    key = obj.slug if name == "labs" else obj.pk
    response = client.get(f"/api/v1/{name}/{key}/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    data: dict[str, Any] = response.json()
    return data


def test_an_item_keeps_its_german_texts_and_adds_the_translations(client, items):
    result = detail(client, "results", items["results"])
    assert result["title"] == "Geschäftsmodell" and result["summary"] == "Miete"
    assert result["translations"] == {"en": {"title": "Business model", "summary": "Rent"}}
    lab = detail(client, "labs", items["labs"])
    assert lab["description"] == "Ein Lab für das Quartier."
    assert lab["translations"] == {"en": {"description": "A lab for the neighbourhood."}}
    # Only the fields written in a language; a language without any text is left out.
    assert detail(client, "processes", items["processes"])["translations"] == {"en": {"title": "Bicycle garages"}}
    assert detail(client, "challenges", items["challenges"])["translations"] == {}
    event = detail(client, "events", items["events"])
    assert event["title"] == "Werkstatt"
    assert event["translations"] == {"en": {"title": "Workshop", "description": "Bring bikes"}}


def test_lists_carry_the_translations(client, items):
    page = client.get("/api/v1/results/").json()
    assert [item["translations"] for item in page["results"]] == [
        {"en": {"title": "Business model", "summary": "Rent"}}
    ]


def test_the_schema_documents_the_translations_of_each_resource(client, db):
    schema = client.get("/api/v1/schema/?format=json", HTTP_ACCEPT_LANGUAGE="en").json()
    components = schema["components"]["schemas"]
    for model, fields in [
        ("Lab", TRANSLATED["labs"]),
        ("Challenge", TRANSLATED["challenges"]),
        ("Process", TRANSLATED["processes"]),
        ("Event", TRANSLATED["events"]),
        ("Result", TRANSLATED["results"]),
    ]:
        documented = components[model]["properties"]["translations"]
        assert documented["allOf"] == [{"$ref": f"#/components/schemas/{model}Translations"}]
        assert documented["readOnly"] is True
        assert documented["description"].startswith("The texts written in further languages")
        translations = components[f"{model}Translations"]
        assert translations["type"] == "object"
        assert list(translations["properties"]) == ["en"]
        english = translations["properties"]["en"]
        assert english["description"] == "The texts written in English"
        assert list(english["properties"]) == list(fields)
        assert all(text["type"] == "string" for text in english["properties"].values())
    assert "translations" not in components["Method"]["properties"]  # methods have fields per language


def test_the_schema_names_the_languages_in_the_readers_language(client, db):
    schema = client.get("/api/v1/schema/?format=json", HTTP_ACCEPT_LANGUAGE="de").json()
    english = schema["components"]["schemas"]["ResultTranslations"]["properties"]["en"]
    assert english["description"].endswith("Englisch")  # the name of the language, in German
    assert english["properties"]["title"]["description"] == "Titel"


def test_translations_are_not_written_through_the_api(client, items, query_setting):
    client.force_login(query_setting["manager"])
    response = client.patch(
        f"/api/v1/results/{items['results'].pk}/",
        {"translations": {"en": {"title": "Changed"}}},
        content_type="application/json",
    )
    assert response.status_code in (403, 405)
    items["results"].refresh_from_db()
    assert items["results"].i18n["title_en"] == "Business model"


@pytest.mark.parametrize("name", list(TRANSLATED))
def test_translations_cost_no_query(client, items, name):
    assert count(client, f"/api/v1/{name}/?page_size=200") == PINS[name][0]


def test_a_configured_further_language_gets_its_own_key(client, settings, db):
    settings.MODELTRANS_AVAILABLE_LANGUAGES = ["de", "en", "fr"]
    lab = LabFactory(slug="fr", name="FR")
    lab.i18n = {"focus_fr": "Mobilité", "focus_en": "Mobility"}
    lab.save()
    assert detail(client, "labs", lab)["translations"] == {"en": {"focus": "Mobility"}, "fr": {"focus": "Mobilité"}}
