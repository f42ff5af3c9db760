"""The faceted search: filters, facet counts, visibility, order by the reader's language."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from kosilab.core import pagination
from kosilab.core.tests.matrix import base_world
from kosilab.methods.models import Method
from kosilab.methods.selectors import MethodFilters, facet_counts, labs_with_methods, method_list, texts
from kosilab.methods.tests.factories import MethodFactory

pytestmark = pytest.mark.django_db
ANONYMOUS = AnonymousUser()


@pytest.fixture
def world(db):
    Method.objects.all().delete()
    base = base_world()
    MethodFactory(
        slug="cafe",
        title="World Café",
        phases=["prompts", "proposals"],
        group_min=12,
        group_max=200,
        duration_min=45,
        duration_max=90,
        online=True,
        difficulty=1,
        steps_en="Rounds at tables",
        steps_de="Runden an Tischen",
    )
    MethodFactory(
        slug="space",
        title="Open Space",
        phases=["proposals", "scaling"],
        group_min=20,
        group_max=2000,
        duration_min=240,
        duration_max=960,
        difficulty=2,
        goal_de="Marktplatz der Anliegen",
        goal_en="Marketplace",
    )
    MethodFactory(
        slug="walk",
        title="Gallery walk",
        phases=["prototypes"],
        group_min=8,
        group_max=60,
        duration_min=30,
        duration_max=60,
        online=True,
        offline=False,
        difficulty=1,
    )
    MethodFactory(slug="ours", title="Our own", lab=base["lab"], phases=["proposals"], difficulty=3)
    MethodFactory(slug="secret", title="Secret", lab=base["private_lab"], phases=["proposals"])
    return base


def slugs(user, **filters):
    return [m.slug for m in method_list(user, MethodFilters(**filters))]


def test_visibility(world):
    people = world["people"]
    assert slugs(ANONYMOUS) == ["walk", "space", "ours", "cafe"]
    assert "secret" not in slugs(people["manager"])
    assert "secret" in slugs(people["other_manager"])
    assert "secret" in slugs(people["admin"])
    assert [slug for slug, _name in labs_with_methods(ANONYMOUS)] == ["home"]
    assert [slug for slug, _name in labs_with_methods(people["other_manager"])] == ["hidden", "home"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"phases": ("prompts",)}, ["cafe"]),
        ({"phases": ("prompts", "prototypes")}, ["walk", "cafe"]),
        ({"phases": ("systemic_change",)}, []),
        ({"participants": 12}, ["walk", "ours", "cafe"]),
        ({"participants": 500}, ["space"]),
        ({"minutes": 60}, ["walk", "ours", "cafe"]),
        ({"minutes": 240}, ["walk", "space", "ours", "cafe"]),
        ({"setting": "online"}, ["walk", "cafe"]),
        ({"setting": "offline"}, ["space", "ours", "cafe"]),
        ({"max_difficulty": 1}, ["walk", "cafe"]),
        ({"max_difficulty": 2}, ["walk", "space", "cafe"]),
        ({"origin": "shared"}, ["walk", "space", "cafe"]),
        ({"origin": "home"}, ["ours"]),
        ({"origin": "hidden"}, []),  # not visible to anonymous visitors
        ({"query": "tischen"}, ["cafe"]),  # German steps
        ({"query": "MARKETPLACE"}, ["space"]),  # English goal, any case
        ({"query": "world rounds"}, ["cafe"]),  # every word, in any field
        ({"query": "world marketplace"}, []),
        ({"query": "in short"}, ["walk", "space", "ours", "cafe"]),  # summary
        ({"query": "100%_"}, []),  # LIKE wildcards are taken literally
        ({"phases": ("proposals",), "setting": "online", "participants": 30, "minutes": 60}, ["cafe"]),
    ],
)
def test_filters(world, filters, expected):
    assert slugs(ANONYMOUS, **filters) == expected


def test_facet_counts_follow_the_other_filters_in_one_aggregate(world):
    filters = MethodFilters(phases=("proposals",), setting="offline", participants=25)
    with CaptureQueriesContext(connection) as queries:
        counts = facet_counts(ANONYMOUS, filters)
    assert len(queries) == 2  # how many are left (up to the cap), then the aggregate
    assert counts is not None
    # Phases: counted with the setting "in a room" and 25 people, ignoring the chosen phase.
    assert counts["phase:prompts"] == 1  # cafe
    assert counts["phase:proposals"] == 3  # cafe, space, ours
    assert counts["phase:prototypes"] == 0  # walk is online only
    # Settings: counted with the phase "Ideas" and 25 people, ignoring the chosen setting.
    assert counts["setting:online"] == 1  # cafe
    assert counts["setting:offline"] == 3
    assert len(method_list(ANONYMOUS, filters)) == counts["phase:proposals"]


def test_facets_are_not_counted_beyond_the_cap(world, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_CAP", 3)
    assert facet_counts(ANONYMOUS, MethodFilters()) is None  # four methods are left
    counts = facet_counts(ANONYMOUS, MethodFilters(origin="shared"))  # three
    assert counts is not None
    assert (counts["setting:online"], counts["setting:offline"]) == (2, 2)  # cafe and walk; cafe and space


def test_the_list_is_ordered_by_the_title_in_the_readers_language(world):
    MethodFactory(slug="zukunft", title_de="Zukunftswerkstatt", title_en="Future workshop")
    MethodFactory(slug="nur-de", title_de="Aquarium", title_en="")
    with translation.override("en"):
        assert slugs(ANONYMOUS, origin="shared") == ["nur-de", "zukunft", "walk", "space", "cafe"]
    with translation.override("de"):
        assert slugs(ANONYMOUS, origin="shared") == ["nur-de", "walk", "space", "cafe", "zukunft"]


def test_texts_fall_back_to_the_other_language(world):
    method = MethodFactory(title_de="Nur Deutsch", title_en="", goal_de="Ziel", goal_en="Goal", tips_de="", tips_en="")
    with translation.override("en"):
        sections = texts(method)
    assert (sections["title"].value, sections["title"].language, sections["title"].fallback) == (
        "Nur Deutsch",
        "de",
        True,
    )
    assert (sections["goal"].value, sections["goal"].fallback) == ("Goal", False)
    assert (sections["tips"].value, sections["tips"].fallback) == ("", False)
    assert sections["steps"].lines == ["First", "Second"]
