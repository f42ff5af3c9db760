"""Every list and detail of the API answers with a fixed number of SQL queries (1 and 50 rows),
for anonymous readers, for a lab manager with a session and for a token: related objects are
selected with the items, children (phases, measurements, wanted sectors) prefetched in one query.

anonymous: the count and the items of the page; with wanted sectors, phases or measurements one
prefetch more. The manager's session adds the session, the user and the lab roles (and the process
roles where the policy asks for process teams: processes, indicators); a token adds the token with
its owner and the same roles (and, at most once a minute, the update of its last use)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kosilab.api.tests.world import bearer, make_token
from kosilab.continuation.services import handover_create
from kosilab.core.tests.factories import ChallengeFactory, LabFactory, ProcessFactory
from kosilab.core.tests.queries import list_pages_test
from kosilab.events.tests.factories import EventFactory
from kosilab.impact.tests.factories import make_indicator, measure
from kosilab.knowledge.tests.library_factories import ProfileFactory
from kosilab.methods.tests.factories import MethodFactory
from kosilab.results.tests.factories import make_result

pytestmark = pytest.mark.django_db

# (anonymous, lab manager with a session, lab manager with a token)
PINS = {
    "labs": (2, 5, 4),
    "challenges": (3, 6, 5),
    "processes": (3, 7, 6),
    "events": (2, 5, 4),
    "methods": (2, 5, 4),
    "results": (2, 5, 4),
    "handovers": (2, 5, 4),
    "indicators": (3, 7, 6),
    "case-study-labs": (2, 5, 4),
}
DAY = datetime.date(2024, 5, 1)


@pytest.fixture
def setting(query_setting):
    return {**query_setting, "process": ProcessFactory(lab=query_setting["lab"])}


def _labs(setting: dict[str, Any]):
    counter = iter(range(10**6))
    return lambda n: [LabFactory(slug=f"lab-{next(counter)}") for _ in range(n)]


def _results(setting: dict[str, Any]):
    return lambda n: [make_result(setting["process"]) for _ in range(n)]


def _handovers(setting: dict[str, Any]):
    def grow(n: int) -> None:
        for _ in range(n):
            result = make_result(setting["process"])
            handover_create(result=result, by=None, taker_kind="administration", taker_name="Amt", form="project")

    return grow


def _indicators(setting: dict[str, Any]):
    def grow(n: int) -> None:
        for _ in range(n):
            indicator = make_indicator(lab=setting["lab"])
            measure(indicator, DAY)
            measure(indicator, DAY + datetime.timedelta(days=1))

    return grow


GROWERS = {
    "labs": _labs,
    "challenges": lambda s: lambda n: [ChallengeFactory(lab=s["lab"]) for _ in range(n)],
    "processes": lambda s: lambda n: [ProcessFactory(lab=s["lab"]) for _ in range(n)],
    "events": lambda s: lambda n: [EventFactory(lab=s["lab"]) for _ in range(n)],
    "methods": lambda s: lambda n: [MethodFactory(lab=s["lab"]) for _ in range(n)],
    "results": _results,
    "handovers": _handovers,
    "indicators": _indicators,
    "case-study-labs": lambda s: lambda n: [ProfileFactory() for _ in range(n)],
}

PAGES = [(name, lambda s, name=name: f"/api/v1/{name}/?page_size=200", GROWERS[name]) for name in PINS]

test_list_pages_have_a_fixed_query_count = list_pages_test(PAGES, PINS)


def _count(client, url: str, **headers: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


@pytest.mark.parametrize("name", list(PINS))
def test_a_token_reads_a_list_with_a_fixed_query_count(client, setting, name):
    headers = bearer(make_token(setting["manager"]))
    client.get("/api/v1/", **headers)  # the token's last use is written (once a minute)
    grow = GROWERS[name](setting)
    grow(1)
    one = _count(client, f"/api/v1/{name}/?page_size=200", **headers)
    grow(49)
    fifty = _count(client, f"/api/v1/{name}/?page_size=200", **headers)
    assert (one, fifty) == (PINS[name][2],) * 2


def test_a_detail_asks_one_query_or_two_with_children(client, setting):
    process = setting["process"]
    assert _count(client, "/api/v1/labs/q/") == 1
    assert _count(client, f"/api/v1/processes/{process.pk}/") == 2  # with its phases


@pytest.mark.parametrize("as_manager", [False, True], ids=["anonymous", "manager"])
def test_the_docs_page_has_a_fixed_query_count(client, setting, as_manager):
    if as_manager:
        client.force_login(setting["manager"])
    assert _count(client, "/api/v1/docs/") == (3 if as_manager else 0)


def test_the_token_list_has_a_fixed_query_count(client, setting):
    manager = setting["manager"]
    client.force_login(manager)
    make_token(manager, lab=setting["lab"])
    one = _count(client, "/api/tokens/")
    for number in range(49):
        make_token(manager, name=f"Token {number}", lab=setting["lab"] if number % 2 else None)
    assert _count(client, "/api/tokens/") == one == 4  # session, user, lab roles, the tokens with their labs
