"""Permission matrix rows for certificates, feedback, exports and calendars (views/documents.py).

The world below names what the URLs need (see kosilab/core/tests/matrix.py). Pages reached by a
registration's token answer to whoever holds the token.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from kosilab.core.tests.matrix import (
    ANYONE,
    LAB_STAFF,
    PRIVATE,
    PRIVATE_ELSEWHERE,
    ROLES,
    case,
    done,
    matrix_test,
)
from kosilab.events.models import EventStatus, Registration, RegistrationStatus
from kosilab.events.tests.factories import EventFactory

NOBODY = dict.fromkeys(ROLES, 404)
# A network event organised by lab "other": its staff and platform admins; nobody else finds it.
NETWORK_ORGANISERS = {
    "anonymous": "login",
    "participant": 404,
    "facilitator": 404,
    "manager": 404,
    "other_manager": 200,
    "admin": 200,
}
FEEDBACK = {"rating": "4", "usefulness": "3", "recommend": "yes", "comment": "Gut."}

CASES = [
    case("events:certificate", "get", "/events/r/{token}/certificate.pdf", ANYONE),
    case("events:certificate-absent", "get", "/events/r/{absent_token}/certificate.pdf", NOBODY),
    case("events:certificate-bad-token", "get", "/events/r/nonsense/certificate.pdf", NOBODY),
    case("events:feedback", "get", "/events/r/{token}/feedback/", ANYONE),
    case("events:feedback", "post", "/events/r/{token}/feedback/", done(ANYONE), FEEDBACK),
    case("events:feedback-bad-token", "post", "/events/r/nonsense/feedback/", NOBODY, FEEDBACK),
    case("events:certificate_staff", "get", "/events/{event}/attendees/{reg}/certificate.pdf", LAB_STAFF),
    case(
        "events:certificate_staff-hidden",
        "get",
        "/events/{hidden_event}/attendees/{hidden_reg}/certificate.pdf",
        PRIVATE_ELSEWHERE,
    ),
    case(
        "events:certificate_staff-network",
        "get",
        "/events/{network_event}/attendees/{network_reg}/certificate.pdf",
        NETWORK_ORGANISERS,
    ),
    case("events:certificates", "get", "/events/{event}/certificates.pdf", LAB_STAFF),
    case("events:certificates-hidden", "get", "/events/{hidden_event}/certificates.pdf", PRIVATE_ELSEWHERE),
    case("events:feedback_results", "get", "/events/{event}/feedback/", LAB_STAFF),
    case("events:feedback_results-hidden", "get", "/events/{hidden_event}/feedback/", PRIVATE_ELSEWHERE),
    case("events:feedback_results-network", "get", "/events/{network_event}/feedback/", NETWORK_ORGANISERS),
    case("events:attendees_csv", "get", "/events/{event}/attendees.csv", LAB_STAFF),
    case("events:attendees_csv-hidden", "get", "/events/{hidden_event}/attendees.csv", PRIVATE_ELSEWHERE),
    case("events:attendees_csv-draft", "get", "/events/{draft}/attendees.csv", PRIVATE),
    case("events:attendees_xlsx", "get", "/events/{event}/attendees.xlsx", LAB_STAFF),
    case("events:attendees_xlsx-hidden", "get", "/events/{hidden_event}/attendees.xlsx", PRIVATE_ELSEWHERE),
    case("events:event_ics", "get", "/events/{event}/event.ics", ANYONE),
    case("events:event_ics-draft", "get", "/events/{draft}/event.ics", PRIVATE),
    case("events:event_ics-hidden", "get", "/events/{hidden_event}/event.ics", PRIVATE_ELSEWHERE),
    case("events:lab_calendar", "get", "/events/lab/home/calendar.ics", ANYONE),
    case("events:lab_calendar-hidden", "get", "/events/lab/hidden/calendar.ics", PRIVATE_ELSEWHERE),
    case("events:lab_calendar-unknown", "get", "/events/lab/nowhere/calendar.ics", NOBODY),
    case("events:network_calendar", "get", "/events/calendar.ics", ANYONE),
]


def _attendee(event, *, attended=True, user=None) -> Registration:
    n = Registration.objects.count() + 1
    return Registration.objects.create(
        event=event,
        user=user,
        name=f"Attendee {n}",
        email=f"attendee{n}@example.org",
        status=RegistrationStatus.CONFIRMED,
        language="en",
        attended_at=timezone.now() if attended else None,
    )


@pytest.fixture
def world(matrix_world):
    start = timezone.now() - timedelta(days=1)
    timing = {"starts_at": start, "ends_at": start + timedelta(hours=2)}
    event = EventFactory(lab=matrix_world["lab"], **timing)
    hidden_event = EventFactory(lab=matrix_world["private_lab"], **timing)
    network_event = EventFactory(lab=None, organising_lab=matrix_world["other_lab"], **timing)
    own = _attendee(event, user=matrix_world["people"]["participant"])
    absent = _attendee(event, attended=False)
    return {
        **matrix_world,
        "event": event,
        "hidden_event": hidden_event,
        "network_event": network_event,
        "draft": EventFactory(lab=matrix_world["lab"], status=EventStatus.DRAFT, **timing),
        "reg": _attendee(event),
        "own": own,
        "token": own.token,
        "absent": absent,
        "absent_token": absent.token,
        "hidden_reg": _attendee(hidden_event),
        "network_reg": _attendee(network_event),
    }


test_documents_permission_matrix = matrix_test(CASES)
