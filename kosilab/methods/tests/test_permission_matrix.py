"""Permission matrix rows for methods (see kosilab/core/tests/matrix.py).

The shared library is for everyone; a lab's own methods are public when the lab is, and otherwise
do not exist outside its team. The lab's staff (managers and facilitators) add, edit, delete and
adapt their lab's methods; the shared library is edited only by platform admins.
"""

from __future__ import annotations

import pytest

from kosilab.core.tests.factories import ProcessFactory
from kosilab.core.tests.matrix import (
    ANYONE,
    LAB_STAFF,
    PRIVATE_ELSEWHERE,
    ROLES,
    case,
    done,
    matrix_test,
)
from kosilab.methods.models import Method
from kosilab.methods.tests.factories import MethodFactory


@pytest.fixture
def world(matrix_world):
    return {
        **matrix_world,
        "shared": MethodFactory(slug="shared"),
        "own": MethodFactory(slug="own", lab=matrix_world["lab"]),
        "hidden": MethodFactory(slug="hidden-method", lab=matrix_world["private_lab"]),
        "process": ProcessFactory(lab=matrix_world["lab"]),
        "hidden_process": ProcessFactory(lab=matrix_world["private_lab"]),
    }


METHOD = {
    "title_en": "Matrix test method",
    "group_min": "3",
    "group_max": "40",
    "duration_min": "10",
    "duration_max": "20",
    "offline": "on",
    "difficulty": "1",
    "phases": "proposals",
}
ADMIN_ONLY = dict.fromkeys(ROLES, 403) | {"anonymous": "login", "admin": 200}
# A private lab's method adapted for the "home" lab: only who sees it and works in "home" (or an admin).
HIDDEN_TO_HOME = {**PRIVATE_ELSEWHERE, "other_manager": 403}

CASES = [
    case("methods:list", "get", "/methods/", ANYONE),
    case("methods:list-filtered", "get", "/methods/?phase=proposals&people=10&minutes=60&setting=online&q=x", ANYONE),
    case("methods:recommend", "get", "/methods/recommend/?phase=proposals&people=10&minutes=90", ANYONE),
    case("methods:for_process", "get", "/methods/for-process/{process}/", ANYONE),
    case("methods:for_process-private", "get", "/methods/for-process/{hidden_process}/", PRIVATE_ELSEWHERE),
    case("methods:detail", "get", "/methods/shared/", ANYONE),
    case("methods:detail-own", "get", "/methods/own/", ANYONE),
    case("methods:detail-private", "get", "/methods/hidden-method/", PRIVATE_ELSEWHERE),
    case("methods:card", "get", "/methods/shared/card/", ANYONE),
    case("methods:card-private", "get", "/methods/hidden-method/card/", PRIVATE_ELSEWHERE),
    case("methods:create", "get", "/methods/new/home/", LAB_STAFF),
    case("methods:create", "post", "/methods/new/home/", done(LAB_STAFF), METHOD),
    case("methods:create-private", "post", "/methods/new/hidden/", done(PRIVATE_ELSEWHERE), METHOD),
    case("methods:edit", "get", "/methods/own/edit/", LAB_STAFF),
    case("methods:edit", "post", "/methods/own/edit/", done(LAB_STAFF), METHOD),
    case("methods:edit-shared", "get", "/methods/shared/edit/", ADMIN_ONLY),
    case("methods:edit-private", "get", "/methods/hidden-method/edit/", PRIVATE_ELSEWHERE),
    case("methods:delete", "post", "/methods/own/delete/", done(LAB_STAFF)),
    case(
        "methods:delete-shared", "post", "/methods/shared/delete/", done(ADMIN_ONLY)
    ),  # admins: refused with a message
    case("methods:delete-private", "post", "/methods/hidden-method/delete/", done(PRIVATE_ELSEWHERE)),
    case("methods:adapt", "get", "/methods/shared/adapt/home/", LAB_STAFF),
    case("methods:adapt", "post", "/methods/shared/adapt/home/", done(LAB_STAFF)),
    case("methods:adapt-to-private", "post", "/methods/shared/adapt/hidden/", done(PRIVATE_ELSEWHERE)),
    case("methods:adapt-private", "post", "/methods/hidden-method/adapt/home/", done(HIDDEN_TO_HOME)),
]


test_permission_matrix = matrix_test(CASES)


def test_refused_writes_change_nothing(client, world):
    before = Method.objects.count()
    for person in ("participant", "other_manager"):
        client.force_login(world["people"][person])
        assert client.post("/methods/own/delete/").status_code == 403
        assert client.post("/methods/own/edit/", METHOD).status_code == 403
        assert client.post("/methods/new/home/", METHOD).status_code == 403
        assert client.post("/methods/shared/adapt/home/").status_code == 403
    client.force_login(world["people"]["admin"])
    assert client.post("/methods/shared/delete/").status_code == 302  # the shared library stays
    assert Method.objects.count() == before
    world["own"].refresh_from_db()
    assert world["own"].title_en != "Matrix test method"


def test_smuggled_fields_are_ignored(client, world):
    client.force_login(world["people"]["manager"])
    data = {**METHOD, "lab": world["private_lab"].pk, "slug": "mine", "based_on": world["shared"].pk, "created_by": 1}
    assert client.post("/methods/new/home/", data).status_code == 302
    method = Method.objects.latest("pk")
    assert (method.lab, method.slug, method.based_on, method.created_by) == (
        world["lab"],
        "matrix-test-method",
        None,
        world["people"]["manager"],
    )
