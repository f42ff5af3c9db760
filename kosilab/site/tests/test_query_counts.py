"""The home page and the dashboard of one's labs answer with a fixed number of SQL queries, whatever
the number of labs, challenges and processes (1 and 50; see kosilab/core/tests/queries.py)."""

from __future__ import annotations

import pytest

from kosilab.challenges.tests.factories import grow_challenges
from kosilab.core.sectors import Sector
from kosilab.core.tests.factories import ChallengeFactory, ProcessFactory, UserFactory
from kosilab.core.tests.queries import grow_and_measure, list_pages_test
from kosilab.labs.tests.factories import grow_labs
from kosilab.processes.models import ProcessMember

pytestmark = pytest.mark.django_db

# Pinned query counts per page: (anonymous, lab manager). Session and user lookups included.
PINS = {
    "home": (4, 8),
    "manage": (None, 7),
}


@pytest.fixture
def setting(query_setting):
    return query_setting


test_list_pages_have_a_fixed_query_count = list_pages_test(
    [("home", lambda s: "/", lambda s: grow_challenges(s["lab"]))], PINS
)


def test_manage_page_does_not_grow_with_labs_drafts_or_processes(client, setting):
    client.force_login(setting["manager"])
    add_labs = grow_labs(setting["manager"])

    def grow(n):
        add_labs(n)
        for _ in range(n):
            ChallengeFactory(lab=setting["lab"], status="draft")
            process = ProcessFactory(lab=setting["lab"])
            ProcessMember.objects.create(process=process, user=UserFactory(), sector=Sector.SCIENCE)

    one, fifty = grow_and_measure(client, "/manage/", grow)
    assert one == fifty
    assert one == PINS["manage"][True]
