"""Permission matrix rows for actors (see kosilab/core/tests/matrix.py).

Organisations and public profiles are seen by everyone, profiles for members by anyone logged in;
anyone logged in adds an organisation, and the staff of the labs it works with change it.
"""

from __future__ import annotations

import pytest

from kosilab.core.tests.matrix import ANYONE, LAB_STAFF, LOGGED_IN, case, matrix_test

CASES = [
    case("actors:organisation_list", "get", "/actors/organisations/", ANYONE),
    case("actors:organisation_detail", "get", "/actors/organisations/{organisation}/", ANYONE),
    case("actors:organisation_create", "get", "/actors/organisations/new/", LOGGED_IN),
    case(
        "actors:organisation_edit",
        "get",
        "/actors/organisations/{organisation}/edit/",
        {**LAB_STAFF, "other_manager": 200},
    ),
    case("actors:person_list", "get", "/actors/people/", ANYONE),
    case("actors:person_detail", "get", "/actors/people/{member_user}/", LOGGED_IN | {"anonymous": 404}),
    case("actors:my_profile", "get", "/actors/people/me/", LOGGED_IN),
    # Search-as-you-type for team and profile forms (kosilab/core/widgets.py).
    case("actors:people_autocomplete", "get", "/actors/people/search/?q=Per", LOGGED_IN),
    case("actors:organisation_autocomplete", "get", "/actors/organisations/search/?q=Org", LOGGED_IN),
]


@pytest.fixture
def world(matrix_world):
    return {**matrix_world, "organisation": matrix_world["lab"].host, "member_user": matrix_world["people"]["member"]}


test_permission_matrix = matrix_test(CASES)
