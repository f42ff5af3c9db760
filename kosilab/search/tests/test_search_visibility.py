"""Nothing hidden is found, and nothing hidden shows in the counts (docs/search.md).

For every kind with a visibility rule, an object only lab A's team may see (a draft, an internal
process, an object of lab A's private lab C), all with the word "Zeppelin": anonymous visitors,
members, the manager of lab B find none of them (and the page says "nothing found"); the manager of
lab A and platform admins find every one. The visibility comes from each kind's own policy.
"""

from __future__ import annotations

import pytest

from kosilab.cocreation.tests.factories import idea, open_challenge
from kosilab.core.tests.factories import ChallengeFactory, LabFactory, ProcessFactory, UserFactory
from kosilab.events.models import EventStatus
from kosilab.events.tests.factories import EventFactory
from kosilab.knowledge.tests.library_factories import ProfileFactory
from kosilab.labs.models import LabRole
from kosilab.labs.services import lab_team_set
from kosilab.methods.tests.factories import MethodFactory
from kosilab.processes.models import ProcessVisibility
from kosilab.results.models import ResultVisibility
from kosilab.results.tests.factories import make_result
from kosilab.search.selectors import search

pytestmark = pytest.mark.django_db

HIDDEN_KINDS = {"lab", "challenge", "process", "event", "method", "idea", "result", "profile"}
SEES_ALL = {"manager_a", "admin"}
ROLES = ["anonymous", "member", "manager_a", "manager_b", "admin"]


@pytest.fixture
def world(db):
    lab_a = LabFactory(slug="a", name="Lab A")
    lab_b = LabFactory(slug="b", name="Lab B")
    lab_c = LabFactory(slug="c", name="Zeppelin-Werkstatt", is_public=False)  # lab A's team runs it too
    people = {
        "member": UserFactory(),
        "manager_a": UserFactory(),
        "manager_b": UserFactory(),
        "admin": UserFactory(is_superuser=True, is_staff=True),
    }
    lab_team_set(lab=lab_a, user=people["manager_a"], role=LabRole.MANAGER, by=None)
    lab_team_set(lab=lab_c, user=people["manager_a"], role=LabRole.MANAGER, by=None)
    lab_team_set(lab=lab_b, user=people["manager_b"], role=LabRole.MANAGER, by=None)
    ChallengeFactory(lab=lab_a, status="draft", title="Zeppelin über dem Hafen?")
    ProcessFactory(lab=lab_a, title="Zeppelin-Probefahrt", visibility=ProcessVisibility.INTERNAL)
    EventFactory(lab=lab_a, status=EventStatus.DRAFT, title="Zeppelin-Werkstatt (Entwurf)")
    MethodFactory(lab=lab_c, title="Zeppelin-Methode")
    idea(open_challenge(lab_c), title="Ein Zeppelin für alle", text="Über die Stadt fahren.")
    make_result(ProcessFactory(lab=lab_a), title="Zeppelin-Bericht", visibility=ResultVisibility.DRAFT)
    ProfileFactory(lab=lab_c, name="Zeppelin-Werkstatt", summary_de="Unser Luftschiff-Labor.")
    # Something everybody may see, without the word: a public challenge of lab B.
    ChallengeFactory(lab=lab_b, status="open", title="Wohin mit den Lastenrädern?")
    return people


def who(world, role):
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser() if role == "anonymous" else world[role]


@pytest.mark.parametrize("role", ROLES)
def test_the_search_finds_exactly_what_the_reader_may_see(world, role):
    found = search(who(world, role), "Zeppelin")
    if role in SEES_ALL:
        assert set(found.per_kind) == HIDDEN_KINDS
        assert len(found.ids) == sum(found.per_kind.values()) >= len(HIDDEN_KINDS)
    else:
        assert found.ids == [] and found.per_kind == {}  # no hit, no count
    assert search(who(world, role), "Lastenrädern").per_kind == {"challenge": 1}


def test_many_hidden_matches_do_not_make_the_hits_look_capped(world, monkeypatch):
    from kosilab.search import selectors

    monkeypatch.setattr(selectors, "CANDIDATES", 3)  # fewer candidates than hidden matches
    monkeypatch.setattr(selectors, "MAX_HITS", 2)
    for role in ("anonymous", "member", "manager_b"):
        found = search(who(world, role), "Zeppelin")
        assert (found.ids, found.capped, found.per_kind) == ([], False, {})
    assert search(who(world, "manager_a"), "Zeppelin").capped


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind", ["", *sorted(HIDDEN_KINDS)])
def test_the_page_shows_no_hidden_hit_nor_its_count(client, world, role, kind):
    if role != "anonymous":
        client.force_login(world[role])
    response = client.get("/search/", {"q": "Zeppelin", "kind": kind})
    assert response.status_code == 200
    page = response.content.decode()
    if role in SEES_ALL:
        assert "Zeppelin" in page.split('role="status"', 1)[1]
        assert "Nichts gefunden" not in page
    else:
        assert "Nichts gefunden für „Zeppelin“." in page
        assert "Treffer" not in page
        assert 'class="search-hits"' not in page
