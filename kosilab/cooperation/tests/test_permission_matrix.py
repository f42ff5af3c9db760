"""Permission matrix rows for the network pages (see kosilab/core/tests/matrix.py), and the privacy
matrix: who sees the internal work, people, and whose names.

Everybody who sees a lab sees its network page (of organisations, from public work); a lab that is
not public does not exist for outsiders. The installation page is open to everybody. The lab's team
and platform admins see the network from everything in the lab and may show people; a person is
named only where the reader may see their profile, and never when they keep it private.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache

from kosilab.cooperation.tests.factories import small_network
from kosilab.core.tests.english import english_everywhere  # noqa: F401
from kosilab.core.tests.matrix import ANYONE, PRIVATE_ELSEWHERE, ROLES, case, matrix_test

NOWHERE = dict.fromkeys(ROLES, 404)

CASES = [
    case("cooperation:installation", "get", "/cooperation/", ANYONE),
    case("cooperation:lab", "get", "/cooperation/lab/home/", ANYONE),
    case("cooperation:lab-people", "get", "/cooperation/lab/home/?nodes=person", ANYONE),
    case("cooperation:lab-hidden", "get", "/cooperation/lab/hidden/", PRIVATE_ELSEWHERE),
    case("cooperation:lab-unknown", "get", "/cooperation/lab/nope/", NOWHERE),
]


@pytest.fixture
def world(matrix_world):
    cache.clear()
    matrix_world.update(small_network(matrix_world["lab"]))
    return matrix_world


test_permission_matrix = matrix_test(CASES)

# Who sees what on the lab's network page: the internal process (Neighbourhood Association is tied
# only through it), people at all, and which people by name.
TEAM_AND_ADMIN = {
    "anonymous": False,
    "participant": False,
    "facilitator": True,
    "manager": True,
    "other_manager": False,
    "admin": True,
}


@pytest.mark.parametrize("role", ROLES)
def test_privacy_matrix_of_the_lab_page(client, world, role):
    cache.clear()
    if role != "anonymous":
        client.force_login(world["people"][role])
    organisations = client.get("/cooperation/lab/home/").content.decode()
    people = client.get("/cooperation/lab/home/?nodes=person").content.decode()

    assert ("Neighbourhood Association" in organisations) is TEAM_AND_ADMIN[role]
    assert ("Greta Public" in people) is TEAM_AND_ADMIN[role]  # a public profile, for those who may see people
    assert ("Bert Members" in people) is TEAM_AND_ADMIN[role]  # members-only: they are all logged in
    assert "Pia Private" not in people  # never named, not even for platform admins
    assert ("Person 1" in people) is TEAM_AND_ADMIN[role]
    assert "City office" in organisations  # public work: for everybody


@pytest.mark.parametrize("role", ROLES)
def test_privacy_matrix_of_the_installation_page(client, world, role, django_capture_on_commit_callbacks):
    if role != "anonymous":
        client.force_login(world["people"][role])
    with django_capture_on_commit_callbacks(execute=True):
        client.get("/cooperation/")
    html = client.get("/cooperation/").content.decode()
    people = client.get("/cooperation/?nodes=person").content.decode()

    assert "City office" in html
    assert ("Neighbourhood Association" in html) is (role == "admin")
    assert "Greta Public" not in html
    assert ('name="nodes"' in people) is (role == "admin")
    assert "Pia Private" not in people
