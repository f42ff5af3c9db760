"""Extension points: lower apps name a place, upper apps contribute (kosilab/core/extensions.py)."""

from __future__ import annotations

import pytest

from kosilab.core import extensions
from kosilab.core.extensions import contribute, point


@pytest.fixture
def place():
    declared = point("tests.place", "A place for the tests: fn(x) -> str or None.")
    yield declared
    extensions._points.pop("tests.place")


def test_contributions_come_in_order_and_none_is_left_out(place):
    @contribute("tests.place", order=20)
    def second(x):
        return f"second {x}"

    @contribute("tests.place", order=10)
    def first(x):
        return f"first {x}"

    @contribute("tests.place", order=15)
    def nothing(x):
        return None

    assert place(1) == ["first 1", "second 1"]
    assert place.each() == [first, nothing, second]


def test_registering_twice_counts_once_and_declaring_twice_keeps_the_point(place):
    def once(x):
        return "once"

    contribute("tests.place")(once)
    contribute("tests.place")(once)
    assert point("tests.place", "declared again") is place
    assert place(0) == ["once"]


def test_a_misspelt_point_fails_at_registration():
    with pytest.raises(LookupError, match=r"No extension point named 'tests\.nowhere'"):
        contribute("tests.nowhere")(lambda: None)


def test_every_point_of_the_apps_has_its_contributions():
    """The points the apps declare, and who contributes (docs/architecture.md lists them)."""
    contributors = {
        name: sorted(fn.__module__.split(".")[1] for fn in declared.each())
        for name, declared in extensions.points().items()
        if not name.startswith("tests.")
    }
    assert contributors == {
        "accounts.account_created": ["actors"],
        "accounts.account_deleting": ["labs"],
        "accounts.email_confirmed": ["processes"],
        "accounts.is_staff": ["labs"],
        "accounts.second_factor_required": ["labs"],
        "accounts.sso_logged_in": ["labs"],
        "challenges.challenge_page": ["processes"],
        "core.mail_stop": ["notifications"],
        "events.event_page": ["planning"],
        "labs.lab_list": ["challenges", "processes"],
        "labs.lab_page": ["challenges", "cooperation", "events", "knowledge", "processes", "sustainability"],
        "playbook.dimension_examples": ["knowledge"],
        "rooms.booking_events": ["events"],
    }
