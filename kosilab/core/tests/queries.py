"""Shared parts of the query-count pins: the measure and the lab every pin starts from.

Every list and detail page answers with a fixed number of SQL queries, whatever the data: each app
keeps, in ``<app>/tests/test_query_counts.py``, its pins (a dict ``PINS``, usually anonymous and lab
manager) and one test a page that measures it with 1 row of what grows on it and again with 50. If a
pin changes, find out why before changing the number.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kosilab.core.tests.factories import LabFactory, UserFactory
from kosilab.labs.models import LabRole
from kosilab.labs.services import lab_team_set


def count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


def grow_and_measure(client: Any, url: str, grow: Callable[[int], object]) -> tuple[int, int]:
    """Query counts with 1 and with 50 rows."""
    grow(1)
    one = count(client, url)
    grow(49)
    fifty = count(client, url)
    return one, fifty


@pytest.fixture
def query_setting(db: None) -> dict[str, Any]:
    """Lab "q" and its manager, for the ``setting`` fixture of each app's query pins."""
    lab = LabFactory(slug="q", name="Q")
    manager = UserFactory()
    lab_team_set(lab=lab, user=manager, role=LabRole.MANAGER, by=None)
    return {"lab": lab, "manager": manager}


def login_if_manager(client: Any, setting: dict[str, Any], as_manager: bool) -> None:
    """The manager's column of a pin is measured logged in as the lab's manager, the other one anonymously."""
    if as_manager:
        client.force_login(setting["manager"])


def list_pages_test(pages: list[tuple[str, Callable, Callable]], pins: dict) -> Callable[..., None]:
    """The test of an app's list pages, as a visitor and as the lab's manager: the same count with
    1 and 50 rows, and the pin.

    ``pages`` holds (name in ``pins``, url from the module's ``setting``, grower from ``setting``).
    Bind it to a name that starts with ``test_``: that name is the test's name.
    """

    @pytest.mark.parametrize("as_manager", [False, True], ids=["anonymous", "manager"])
    @pytest.mark.parametrize(("page", "url", "grow"), pages)
    def test_list_pages_have_a_fixed_query_count(
        client: Any, setting: dict[str, Any], as_manager: bool, page: str, url: Callable, grow: Callable
    ) -> None:
        login_if_manager(client, setting, as_manager)
        one, fifty = grow_and_measure(client, url(setting), grow(setting))
        assert one == fifty, f"{page}: {one} queries with 1 row, {fifty} with 50"
        assert one == pins[page][as_manager]

    return test_list_pages_have_a_fixed_query_count
