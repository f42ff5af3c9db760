"""The open data page answers with a fixed number of SQL queries, whatever the number of builds and
of rows in the dump (1 and 50). Platform admins see the builds' history, so they are measured too."""

from __future__ import annotations

import pytest
from django.utils import timezone

from kosilab.core.tests.queries import grow_and_measure
from kosilab.opendata.models import BuildStatus, BuildTrigger, DumpBuild

pytestmark = pytest.mark.django_db

# anonymous: the current dump, the last check; admin: + session, user, the builds with who asked.
PINS = {"anonymous": 2, "admin": 5}


def grow(admin):
    """Builds of every kind: published, unchanged since, failed on request (the page reads only rows)."""

    def add(n: int) -> None:
        for _ in range(n):
            at = timezone.now()
            fields = {"active": False, "data_date": at, "finished_at": at, "content_hash": "c" * 64}
            DumpBuild.objects.create(
                trigger=BuildTrigger.SCHEDULE, status=BuildStatus.SUCCEEDED, file_name="open-data/x.zip", **fields
            )
            DumpBuild.objects.create(trigger=BuildTrigger.SCHEDULE, status=BuildStatus.UNCHANGED, **fields)
            DumpBuild.objects.create(
                trigger=BuildTrigger.REQUEST, status=BuildStatus.FAILED, requested_by=admin, error="disk full", **fields
            )

    return add


@pytest.mark.parametrize("as_admin", [False, True], ids=["anonymous", "admin"])
def test_the_open_data_page_has_a_fixed_query_count(client, admin_user, as_admin):
    if as_admin:
        client.force_login(admin_user)
    one, fifty = grow_and_measure(client, "/open-data/", grow(admin_user))
    assert one == fifty
    assert one == PINS["admin" if as_admin else "anonymous"]
