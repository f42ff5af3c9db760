"""Shared parts of the permission matrices: roles, the usual expectations, the world and the test.

Each app keeps its rows in ``<app>/tests/test_permission_matrix.py`` as a list named ``CASES``, a
``world`` fixture that adds its own objects to ``matrix_world`` (the labs and people every matrix
starts from), and ``test_permission_matrix = matrix_test(CASES)``. URL placeholders such as
``{room}`` are filled with the world's object of that name (its primary key) or value.
``kosilab/core/tests/test_permission_matrix.py`` fails when a named URL has no row anywhere.

Codes: 200 page shown, 302 done (or redirected), "login" redirected to log-in, 403 refused,
404 not found (what you may not see does not exist for you).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from kosilab.core.tests.factories import LabFactory, UserFactory
from kosilab.labs.models import LabRole
from kosilab.labs.services import lab_team_set

ROLES = ["anonymous", "participant", "facilitator", "manager", "other_manager", "admin"]
ANYONE = dict.fromkeys(ROLES, 200)
LOGGED_IN = {"anonymous": "login", **dict.fromkeys(ROLES[1:], 200)}
# A visible object that only its lab may change.
LAB_STAFF = {
    "anonymous": "login",
    "participant": 403,
    "facilitator": 200,
    "manager": 200,
    "other_manager": 403,
    "admin": 200,
}
LAB_MANAGER = {**LAB_STAFF, "facilitator": 403}
# An object only its lab sees.
PRIVATE = {"anonymous": 404, "participant": 404, "facilitator": 200, "manager": 200, "other_manager": 404, "admin": 200}
PRIVATE_ELSEWHERE = {**PRIVATE, "facilitator": 404, "manager": 404, "other_manager": 200}


def done(codes: dict) -> dict:
    """The same matrix for a POST that succeeds with a redirect."""
    return {role: 302 if code == 200 else code for role, code in codes.items()}


def case(name, method, url, expected, data=None):
    return pytest.param(method, url, expected, data or {}, id=f"{name}-{method}")


def check(response, want) -> None:
    if want == "login":
        assert response.status_code == 302, response.status_code
        assert response["Location"].startswith("/accounts/login/?next="), response["Location"]
    else:
        assert response.status_code == want, (response.request["PATH_INFO"], response.status_code)


def base_world() -> dict:
    """The labs and people every matrix starts from: lab "home" (public) with a facilitator and
    a manager, lab "hidden" (not public) and lab "other", both managed by other_manager."""
    lab = LabFactory(slug="home", name="Home")
    private_lab = LabFactory(slug="hidden", name="Hidden", is_public=False)
    other_lab = LabFactory(slug="other", name="Other")
    people = {
        "participant": UserFactory(),
        "facilitator": UserFactory(),
        "manager": UserFactory(),
        "other_manager": UserFactory(),
        "admin": UserFactory(is_superuser=True, is_staff=True),
        "member": UserFactory(profile={"sector": "science"}),
    }
    lab_team_set(lab=lab, user=people["facilitator"], role=LabRole.FACILITATOR, by=None)
    lab_team_set(lab=lab, user=people["manager"], role=LabRole.MANAGER, by=None)
    lab_team_set(lab=other_lab, user=people["other_manager"], role=LabRole.MANAGER, by=None)
    lab_team_set(lab=private_lab, user=people["other_manager"], role=LabRole.MANAGER, by=None)
    return {"lab": lab, "private_lab": private_lab, "other_lab": other_lab, "people": people}


@pytest.fixture
def matrix_world(db: None) -> dict:
    """The labs and people of ``base_world``, for the ``world`` fixture of each app's matrix."""
    return base_world()


def fill(text: str, world: dict) -> str:
    """``text`` with each ``{name}`` replaced by the world's object of that name (its primary key) or value."""
    return text.format(**{key: getattr(value, "pk", value) for key, value in world.items() if key != "people"})


def run_case(
    client, world: dict, role: str, method: str, url: str, expected: dict, data: dict, fill: Callable = fill
) -> None:
    """One cell of a matrix: log in as ``role``, send the request with ``fill``ed placeholders, check."""
    if role != "anonymous":
        client.force_login(world["people"][role])
    response = getattr(client, method)(fill(url, world), {fill(k, world): fill(v, world) for k, v in data.items()})
    check(response, expected[role])


def matrix_test(cases: list, roles: list[str] = ROLES) -> Callable[..., None]:
    """The test of a matrix: every row of ``cases`` for every role, in the module's ``world``.

    Bind it to a name that starts with ``test_`` (``test_permission_matrix = matrix_test(CASES)``):
    that name is the test's name.
    """

    @pytest.mark.parametrize("role", roles)
    @pytest.mark.parametrize(("method", "url", "expected", "data"), cases)
    def test_permission_matrix(
        client: Any, world: dict, role: str, method: str, url: str, expected: dict, data: dict
    ) -> None:
        run_case(client, world, role, method, url, expected, data)

    return test_permission_matrix
