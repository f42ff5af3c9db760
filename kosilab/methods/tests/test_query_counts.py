"""Every page of the method library answers with a fixed number of SQL queries.

Each page is measured with 1 and with 50 of what grows on it, and the count is pinned. If a pin
changes, find out why before changing the number.
"""

from __future__ import annotations

import itertools

import pytest

from kosilab.core.tests.factories import LabFactory, ProcessFactory
from kosilab.core.tests.queries import grow_and_measure
from kosilab.methods.tests.factories import MethodFactory

pytestmark = pytest.mark.django_db

# Pinned query counts per page: (anonymous, lab manager). Session and user lookups included.
PINS = {
    "list": (5, 10),  # labs with methods, facet counts (capped count, aggregate), count, page (+ session, user,
    # lab roles, staff labs, and
    # the process roles: with the lab roles what the search, kept for its audience, depends on)
    "recommend": (1, 4),  # the candidates (+ session, user, lab roles)
    "for_process": (3, 6),  # process with its phase, team size, candidates (+ session, user, lab roles)
    "detail": (2, 6),  # method with lab and origin, adaptations (+ session, user, lab roles, staff labs)
    "card": (1, 4),  # method (+ session, user, lab roles)
}


@pytest.fixture
def setting(query_setting):
    return {**query_setting, "original": MethodFactory(slug="original"), "numbers": itertools.count()}


def _methods(s):
    """Shared methods and methods of labs, each with a based_on."""

    def grow(n):
        for _ in range(n):
            i = next(s["numbers"])
            lab = s["lab"] if i % 2 else LabFactory(slug=f"lab-{i}", name=f"Lab {i}")
            MethodFactory(lab=lab if i % 3 else None, based_on=s["original"], phases=["proposals", "prompts"])

    return grow


def _adaptations(s):
    def grow(n):
        for _ in range(n):
            i = next(s["numbers"])
            MethodFactory(lab=LabFactory(slug=f"lab-{i}", name=f"Lab {i}"), based_on=s["original"])

    return grow


@pytest.mark.parametrize("as_manager", [False, True], ids=["anonymous", "manager"])
@pytest.mark.parametrize(
    ("page", "url", "grow"),
    [
        ("list", lambda s: "/methods/", _methods),
        ("list", lambda s: "/methods/?phase=proposals&people=10&minutes=60&setting=offline&q=short", _methods),
        ("recommend", lambda s: "/methods/recommend/?phase=proposals&people=10&minutes=60", _methods),
        ("for_process", lambda s: f"/methods/for-process/{ProcessFactory(lab=s['lab']).pk}/", _methods),
        ("detail", lambda s: "/methods/original/", _adaptations),
        ("card", lambda s: "/methods/original/card/", _adaptations),
    ],
)
def test_pages_have_a_fixed_query_count(client, setting, as_manager, page, url, grow):
    if as_manager:
        client.force_login(setting["manager"])
    one, fifty = grow_and_measure(client, url(setting), grow(setting))
    assert one == fifty, f"{page}: {one} queries with 1 row, {fifty} with 50"
    assert one == PINS[page][as_manager]
