"""Tokens never see more than their owner would on the web: for every role and every object of
every resource (private lab, internal process, draft challenge, draft result, draft event, the
hidden lab's methods, indicators, handovers and profile), the API with the person's token finds
the object exactly when the web page of that object opens for the person, in the detail and in
the list. Anonymous readers (no token) get exactly what anonymous visitors get on the web."""

from __future__ import annotations

import pytest
from django.test import Client

from kosilab.api.resources import RESOURCES, resource
from kosilab.api.tests.world import bearer, build, make_token
from kosilab.core.tests.matrix import ROLES

pytestmark = pytest.mark.django_db

# The world's objects of each resource (names in tests/world.py), and the key the API finds them by.
OBJECTS = {
    "labs": ["lab", "private_lab", "other_lab"],
    "challenges": ["challenge", "draft_challenge", "hidden_challenge"],
    "processes": ["process", "internal_process", "hidden_process"],
    "events": ["event", "draft_event", "network_event", "network_draft", "hidden_event"],
    "methods": ["shared_method", "home_method", "hidden_method"],
    "results": ["result", "draft_result", "internal_result", "hidden_result"],
    "handovers": ["result_handover", "draft_result_handover", "internal_result_handover", "hidden_result_handover"],
    "indicators": ["indicator", "internal_indicator", "lab_indicator", "hidden_indicator"],
    "case-study-labs": ["case_study", "home_profile", "hidden_profile"],
}
READERS = [*ROLES, "member"]


@pytest.fixture
def world(matrix_world):
    return build(matrix_world)


def key(name: str, obj) -> str:
    return str(getattr(obj, resource(name).lookup_field))


def web_page(obj) -> str:
    """The page that shows the object on the web; a handover is shown on its result's page (its own
    address is the page that manages it)."""
    if obj._meta.label == "continuation.Handover":
        return obj.result.get_absolute_url()
    return obj.get_absolute_url()


def web_sees(client, world, role, obj) -> bool:
    client.logout()
    if role != "anonymous":
        client.force_login(world["people"][role])
    status = client.get(web_page(obj)).status_code
    assert status in (200, 404), (web_page(obj), status)
    return status == 200


def api_headers(world, role) -> dict[str, str]:
    return {} if role == "anonymous" else bearer(make_token(world["people"][role]))


def test_every_resource_is_covered():
    assert set(OBJECTS) == {entry.name for entry in RESOURCES}


@pytest.mark.parametrize("role", READERS)
@pytest.mark.parametrize("name", list(OBJECTS))
def test_a_token_sees_what_its_owner_sees_on_the_web(client, world, role, name):
    api = Client()  # a client without a session: the token alone
    headers = api_headers(world, role)
    field = "id" if resource(name).lookup_field == "pk" else resource(name).lookup_field
    page = api.get(f"/api/v1/{name}/?page_size=200", **headers).json()
    listed = {str(item[field]) for item in page["results"]}
    for object_name in OBJECTS[name]:
        obj = world[object_name]
        on_the_web = web_sees(client, world, role, obj)
        detail = api.get(f"/api/v1/{name}/{key(name, obj)}/", **headers)
        assert detail.status_code == (200 if on_the_web else 404), (role, object_name, detail.status_code)
        assert (key(name, obj) in listed) == on_the_web, (role, object_name)


def test_a_token_narrowed_to_a_lab_sees_the_public_data_and_that_labs(client, world):
    owner = world["people"]["other_manager"]  # on the team of "other" and of "hidden"
    everything = bearer(make_token(owner))
    narrowed = bearer(make_token(owner, name="Other only", lab=world["other_lab"]))
    hidden = world["hidden_process"].pk
    assert client.get(f"/api/v1/processes/{hidden}/", **everything).status_code == 200
    assert client.get(f"/api/v1/processes/{hidden}/", **narrowed).status_code == 404
    assert client.get("/api/v1/labs/hidden/", **narrowed).status_code == 404
    assert client.get("/api/v1/labs/other/", **narrowed).status_code == 200
    # The public data of every lab stays readable.
    assert client.get(f"/api/v1/processes/{world['process'].pk}/", **narrowed).status_code == 200
    slugs = {item["slug"] for item in client.get("/api/v1/labs/", **narrowed).json()["results"]}
    assert slugs == {"home", "other"}


def test_a_token_is_not_wider_than_the_session_of_its_owner(client, world):
    """The same person with a session and with a token reads the same lists."""
    manager = world["people"]["manager"]
    token = bearer(make_token(manager))
    for entry in RESOURCES:
        with_token = client.get(f"/api/v1/{entry.name}/?page_size=200", **token).json()
        client.force_login(manager)
        with_session = client.get(f"/api/v1/{entry.name}/?page_size=200").json()
        client.logout()
        assert with_token == with_session, entry.name
