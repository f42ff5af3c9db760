"""The research page and the export build answer with a fixed number of SQL queries, whatever the
amount of data (one world, then the same world five times larger)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kosilab.core.tests.factories import LabFactory, OrganisationFactory, ProcessFactory, UserFactory
from kosilab.core.tests.queries import count
from kosilab.events.tests.factories import EventFactory
from kosilab.impact.services import indicator_create
from kosilab.labs.models import LabRole
from kosilab.labs.services import lab_team_set
from kosilab.processes.services import member_add
from kosilab.research.services import research_export_request, research_export_run
from kosilab.research.tests import world as w

pytestmark = pytest.mark.django_db

PINS = {
    # session, user, lab roles, Django's own model permissions (two, asked once per request by
    # has_perm without an object), the labs to choose from, the person's exports with their labs
    "page": 7,
    # expiring old files, claiming the row and reading it (with the lab and the person); labs, names to scrub (people, guests,
    # contacts, organisations), processes, their members and phases, challenge participation,
    # events and registrations, ties (one query per kind, two for results; for organisations and
    # for people) and their sectors, indicators and measurements; the row and the audit entry.
    "build": 33,
}


def test_the_page(client):
    manager = UserFactory()
    client.force_login(manager)
    for n in range(1, 51):
        lab = LabFactory(slug=f"lab-{n}", name=f"Lab {n}")
        lab_team_set(lab=lab, user=manager, role=LabRole.MANAGER, by=None)
        research_export_request(by=manager, lab=lab)
        if n in (1, 50):
            assert count(client, "/research/") == PINS["page"]


def _build_count(admin) -> int:
    export = research_export_request(by=admin, lab=None)
    with CaptureQueriesContext(connection) as queries:
        research_export_run(export_id=export.pk)
    export.refresh_from_db()
    assert export.status == "ready"
    return len(queries)


def test_the_build():
    admin = UserFactory(is_superuser=True, is_staff=True)
    w.build()
    one = _build_count(admin)
    for n in range(4):
        _more(n)
    assert (one, _build_count(admin)) == (PINS["build"], PINS["build"])


def _more(n: int) -> None:
    """Another lab like the world's, with other people."""
    lab = LabFactory(slug=f"more-{n}", name=f"More {n}")
    organisation = OrganisationFactory()
    process = ProcessFactory(lab=lab, title=f"Process {n}")
    for _ in range(5):
        member_add(
            process=process, user=UserFactory(profile={"organisation": organisation}), role="co_creator", by=None
        )
    EventFactory(lab=lab)
    indicator_create(lab=lab, by=None, name=f"Indicator {n}", unit="people")
