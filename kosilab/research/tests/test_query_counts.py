"""The research page and the export answer with a fixed number of SQL queries, whatever the
amount of data (one world, then the same world five times larger)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kosilab.core.tests.factories import LabFactory, UserFactory
from kosilab.core.tests.queries import count
from kosilab.labs.models import LabRole
from kosilab.labs.services import lab_team_set
from kosilab.research.tests import world as w

pytestmark = pytest.mark.django_db

PINS = {
    # session, user, lab roles, Django's own model permissions (two, asked once per request by
    # has_perm without an object), the labs to choose from
    "page": 6,
    # the page's six; in the export: labs, names to scrub (people, guests, contacts, organisations),
    # processes, their members and phases, challenge participation, events and registrations, ties
    # (one query per kind, two for results; for organisations and for people) and their sectors,
    # indicators and measurements; the audit entry.
    "export": 30,
}


def _post_count(client, data) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/research/", data)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/zip"
    return len(queries)


def test_the_page(client):
    manager = UserFactory()
    client.force_login(manager)
    for n in range(1, 51):
        lab_team_set(lab=LabFactory(slug=f"lab-{n}", name=f"Lab {n}"), user=manager, role=LabRole.MANAGER, by=None)
        if n in (1, 50):
            assert count(client, "/research/") == PINS["page"]


def test_the_export(client, settings):
    settings.KOSILAB_RATELIMITS_ENABLED = False
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    w.build()
    one = _post_count(client, {"scope": "*", "free_text": "on"})
    for n in range(4):
        _more(n)
    assert (one, _post_count(client, {"scope": "*", "free_text": "on"})) == (PINS["export"], PINS["export"])


def _more(n: int) -> None:
    """Another lab like the world's, with other people (the world's builder names its labs)."""
    from kosilab.core.tests.factories import OrganisationFactory, ProcessFactory
    from kosilab.events.tests.factories import EventFactory
    from kosilab.impact.services import indicator_create
    from kosilab.processes.services import member_add

    lab = LabFactory(slug=f"more-{n}", name=f"More {n}")
    organisation = OrganisationFactory()
    process = ProcessFactory(lab=lab, title=f"Process {n}")
    for _ in range(5):
        member_add(
            process=process, user=UserFactory(profile={"organisation": organisation}), role="co_creator", by=None
        )
    EventFactory(lab=lab)
    indicator_create(lab=lab, by=None, name=f"Indicator {n}", unit="people")
