"""Permission matrix rows for events (see kosilab/core/tests/matrix.py).

Organisers of a lab's event: its facilitators and managers (and platform admins); of a network
event: the staff of its organising lab and of its co-organising labs (and platform admins); its
organiser pages answer "not found" to everybody else. Any lab manager may create a network event. Registration pages are reached by their token (the secret in the
mail), whoever holds it; an unknown token is "not found".
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from kosilab.core.tests.factories import LabFactory
from kosilab.core.tests.matrix import (
    ANYONE,
    LAB_STAFF,
    LOGGED_IN,
    PRIVATE,
    PRIVATE_ELSEWHERE,
    ROLES,
    case,
    done,
    matrix_test,
)
from kosilab.events.models import EventStatus
from kosilab.events.tests.factories import EventFactory, QuestionFactory, register

# Network events: any lab manager may create one, for a lab they manage; facilitators may not.
NETWORK_CREATOR = {**LAB_STAFF, "facilitator": 403, "other_manager": 200}
# The network event of the world is organised by lab "other" (other_manager's).
NETWORK_ORGANISER = {**PRIVATE, "facilitator": 404, "manager": 404, "other_manager": 200, "anonymous": "login"}
# Organised by a fourth lab, co-organised by lab "home" (facilitator's and manager's).
CO_ORGANISER = {**PRIVATE, "anonymous": "login"}
GUEST_OR_DONE = {"anonymous": 200, **dict.fromkeys(ROLES[1:], 302)}

CASES = [
    case("events:list", "get", "/events/", ANYONE),
    case("events:mine", "get", "/events/mine/", LOGGED_IN),
    case("events:detail", "get", "/events/{event}/", ANYONE),
    case("events:detail-draft", "get", "/events/{draft}/", PRIVATE),
    case("events:detail-hidden-lab", "get", "/events/{hidden}/", PRIVATE_ELSEWHERE),
    case("events:detail-network", "get", "/events/{network}/", ANYONE),
    case(
        "events:register",
        "post",
        "/events/{event}/register/",
        GUEST_OR_DONE,
        {"name": "Gast", "email": "g@example.org"},
    ),
    case(
        "events:register-draft",
        "post",
        "/events/{draft}/register/",
        {**PRIVATE, "facilitator": 400, "manager": 400, "admin": 400},
        {"name": "Gast", "email": "g@example.org"},
    ),
    case(
        "events:register-hidden-lab",
        "post",
        "/events/{hidden}/register/",
        {**PRIVATE_ELSEWHERE, "other_manager": 302, "admin": 302},
    ),
    case("events:registration", "get", "/events/r/{token}/", ANYONE),
    case("events:registration-unknown", "get", "/events/r/not-a-token/", dict.fromkeys(ROLES, 404)),
    case("events:confirm", "get", "/events/r/{guest_token}/confirm/", ANYONE),
    case("events:confirm-post", "post", "/events/r/{guest_token}/confirm/", done(ANYONE)),
    case("events:cancel", "get", "/events/r/{token}/cancel/", ANYONE),
    case("events:cancel-unknown", "post", "/events/r/not-a-token/cancel/", dict.fromkeys(ROLES, 404)),
    case("events:accept", "post", "/events/r/{token}/accept/", done(ANYONE)),
    case("events:create", "get", "/events/new/home/", LAB_STAFF),
    case("events:create-private", "get", "/events/new/hidden/", PRIVATE_ELSEWHERE),
    case("events:create_network", "get", "/events/new/network/", NETWORK_CREATOR),
    case("events:edit", "get", "/events/{event}/edit/", LAB_STAFF),
    case("events:edit-draft", "get", "/events/{draft}/edit/", PRIVATE),
    case("events:edit-hidden-lab", "get", "/events/{hidden}/edit/", PRIVATE_ELSEWHERE),
    case("events:edit-network", "get", "/events/{network}/edit/", NETWORK_ORGANISER),
    case("events:edit-co-network", "get", "/events/{co_network}/edit/", CO_ORGANISER),
    case("events:cancel_event-network", "get", "/events/{network}/cancel/", NETWORK_ORGANISER),
    case("events:cancel_event-co-network", "post", "/events/{co_network}/cancel/", done(CO_ORGANISER)),
    case("events:publish", "post", "/events/{draft}/publish/", done(PRIVATE)),
    case("events:cancel_event", "get", "/events/{event}/cancel/", LAB_STAFF),
    case("events:cancel_event-post", "post", "/events/{event}/cancel/", done(LAB_STAFF)),
    case(
        "events:question_add",
        "post",
        "/events/{event}/questions/",
        done(LAB_STAFF),
        {"new-label": "Food?", "new-kind": "text", "new-position": "1"},
    ),
    case("events:question_edit", "get", "/events/{event}/questions/{question}/", LAB_STAFF),
    case(
        "events:question_edit-elsewhere",
        "get",
        "/events/{draft}/questions/{question}/",
        {**PRIVATE, "facilitator": 404, "manager": 404, "admin": 404},
    ),
    case("events:question_delete", "post", "/events/{event}/questions/{question}/delete/", done(LAB_STAFF)),
    case("events:attendees", "get", "/events/{event}/attendees/", LAB_STAFF),
    case("events:attendees-hidden-lab", "get", "/events/{hidden}/attendees/", PRIVATE_ELSEWHERE),
    case("events:attendees-network", "get", "/events/{network}/attendees/", NETWORK_ORGANISER),
    case("events:attendees-co-network", "get", "/events/{co_network}/attendees/", CO_ORGANISER),
    case("events:check_in", "post", "/events/{event}/attendees/{registration}/check-in/", done(LAB_STAFF)),
    case(
        "events:check_in-elsewhere",
        "post",
        "/events/{network}/attendees/{registration}/check-in/",
        {"anonymous": "login", **dict.fromkeys(ROLES[1:], 404)},
    ),
    case("events:check_in_code", "post", "/events/{event}/check-in/", done(LAB_STAFF), {"code": "{code}"}),
]


@pytest.fixture
def world(matrix_world):
    people = matrix_world["people"]
    # Starts within the hour: check-in is open (KOSILAB_CHECKIN_OPENS_MINUTES before the start).
    event = EventFactory(lab=matrix_world["lab"], capacity=10, starts_at=timezone.now() + timedelta(hours=1))
    registration = register(event, people["member"])
    co_network = EventFactory(lab=None, organising_lab=LabFactory(slug="fourth", name="Fourth"))
    co_network.co_organisers.set([matrix_world["lab"]])
    guest = register(event, name="Gina Gast", email="gina@example.org", confirm=False)
    return {
        **matrix_world,
        "event": event,
        "draft": EventFactory(lab=matrix_world["lab"], status=EventStatus.DRAFT),
        "hidden": EventFactory(lab=matrix_world["private_lab"]),
        "network": EventFactory(lab=None, organising_lab=matrix_world["other_lab"]),
        "co_network": co_network,
        "question": QuestionFactory(event=event),
        "registration": registration,
        "token": registration.token,
        "code": registration.code,
        "guest": guest,
        "guest_token": guest.token,
    }


test_permission_matrix = matrix_test(CASES)


def test_attendee_names_are_never_public(client, world):
    for path in (f"/events/{world['event'].pk}/", "/events/"):
        assert world["registration"].name not in client.get(path).content.decode()
    client.force_login(world["people"]["participant"])
    assert world["registration"].name not in client.get("/events/mine/").content.decode()
