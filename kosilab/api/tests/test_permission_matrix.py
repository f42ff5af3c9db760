"""Permission matrix rows for the read API and the token pages (see kosilab/core/tests/matrix.py).

The API reads as the person of the session here (tokens: test_token_visibility.py): every list is
open to everybody and lists what the person may see; an item of the hidden lab exists only for its
team. Anybody logged in may make tokens; only its owner revokes a token (others: not found).
"""

from __future__ import annotations

import pytest

from kosilab.api.models import ApiToken
from kosilab.api.services import token_create
from kosilab.api.tests.world import build
from kosilab.core.tests.matrix import ANYONE, LOGGED_IN, PRIVATE_ELSEWHERE, case, matrix_test


@pytest.fixture
def world(matrix_world):
    world = build(matrix_world)
    token, _secret = token_create(owner=world["people"]["manager"], by=None, name="Portal")
    return {**world, "token": token}


# (resource, key of a public item, key of an item of the hidden lab)
ITEMS = [
    ("labs", "home", "hidden"),
    ("challenges", "{challenge}", "{hidden_challenge}"),
    ("processes", "{process}", "{hidden_process}"),
    ("events", "{event}", "{hidden_event}"),
    ("methods", "home-method", "hidden-method"),
    ("results", "{result}", "{hidden_result}"),
    ("handovers", "{result_handover}", "{hidden_result_handover}"),
    ("indicators", "{indicator}", "{hidden_indicator}"),
    ("case-study-labs", "home-profile", "hidden-profile"),
]
OWNER_ONLY = {
    "anonymous": "login",
    "participant": 404,
    "facilitator": 404,
    "manager": 302,
    "other_manager": 404,
    "admin": 404,
}

CASES = [
    case("api:root", "get", "/api/v1/", ANYONE),
    case("api:schema", "get", "/api/v1/schema/", ANYONE),
    case("api:docs", "get", "/api/v1/docs/", ANYONE),
    case("api:tokens", "get", "/api/tokens/", LOGGED_IN),
    case("api:token_create", "get", "/api/tokens/new/", LOGGED_IN),
    case("api:token_create", "post", "/api/tokens/new/", LOGGED_IN, {"name": "Portal", "scope": "read"}),
    case("api:token_revoke", "post", "/api/tokens/{token}/revoke/", OWNER_ONLY),
]
for name, public, hidden in ITEMS:
    url_name = name.replace("-", "_")
    CASES += [
        case(f"api:{url_name}_list", "get", f"/api/v1/{name}/", ANYONE),
        case(f"api:{url_name}_detail", "get", f"/api/v1/{name}/{public}/", ANYONE),
        case(f"api:{url_name}_detail", "get", f"/api/v1/{name}/{hidden}/", PRIVATE_ELSEWHERE),
    ]

test_permission_matrix = matrix_test(CASES)


def test_the_revoke_row_revokes_only_for_the_owner(client, world):
    client.force_login(world["people"]["other_manager"])
    client.post(f"/api/tokens/{world['token'].pk}/revoke/")
    assert ApiToken.objects.get(pk=world["token"].pk).revoked_at is None
