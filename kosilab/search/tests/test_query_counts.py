"""The search page answers with a fixed number of SQL queries, whatever it finds.

Measured with 1 and with 50 more hits (of kinds already among the hits); the visibility costs one
query per kind among the candidates, never one per hit. If a pin changes, find out why before
changing the number.
"""

from __future__ import annotations

import itertools

import pytest

from kosilab.actors.services import organisation_create
from kosilab.cocreation.tests.factories import idea, open_challenge
from kosilab.core.tests.factories import ChallengeFactory, ProcessFactory
from kosilab.core.tests.queries import grow_and_measure
from kosilab.events.tests.factories import EventFactory
from kosilab.methods.tests.factories import MethodFactory
from kosilab.results.tests.factories import make_result

pytestmark = pytest.mark.django_db

# Pinned query counts: (anonymous, lab manager). Session and user lookups included.
PINS = {
    # the ranked candidates, one visibility query for each of the 6 kinds with a policy among them
    # (challenge, process, event, method, idea, result; organisations are seen by everybody: none),
    # the page's entries (+ session, user, lab roles, staff labs, process roles)
    "results": (8, 12),
    "one kind": (3, 6),  # the candidates of that kind, its visibility, the page's entries (+ session, user, lab roles)
    "empty": (0, 3),  # no words, no search (+ session, user, lab roles)
}


@pytest.fixture
def setting(query_setting):
    lab = query_setting["lab"]
    ChallengeFactory(lab=lab, status="open", title="Brunnen am Markt")
    process = ProcessFactory(lab=lab, title="Brunnen-Prozess")
    EventFactory(lab=lab, title="Brunnen-Werkstatt")
    MethodFactory(lab=lab, title="Brunnen-Methode")
    idea(open_challenge(lab), title="Brunnen im Park")
    make_result(process, title="Brunnen-Ergebnis")
    organisation_create(by=None, name="Brunnenverein", sector="civil_society", city="Q")
    return {**query_setting, "numbers": itertools.count()}


def _hits(s):
    def grow(n):
        for _ in range(n):
            number = next(s["numbers"])
            if number % 2:
                ChallengeFactory(lab=s["lab"], status="open", title=f"Brunnen {number}")
            else:
                EventFactory(lab=s["lab"], title=f"Brunnen-Fest {number}")

    return grow


@pytest.mark.parametrize("as_manager", [False, True], ids=["anonymous", "manager"])
@pytest.mark.parametrize(
    ("page", "url"),
    [("results", "/search/?q=Brunnen"), ("one kind", "/search/?q=Brunnen&kind=event&page=2"), ("empty", "/search/")],
)
def test_the_search_page_has_a_fixed_query_count(client, setting, as_manager, page, url):
    if as_manager:
        client.force_login(setting["manager"])
    one, fifty = grow_and_measure(client, url, _hits(setting))
    assert one == fifty, f"{page}: {one} queries with 1 hit more, {fifty} with 50"
    assert one == PINS[page][as_manager]
