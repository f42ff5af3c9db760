"""The home page and the dashboard of one's labs answer with a fixed number of SQL queries, whatever
the number of labs, challenges and processes (1 and 50; see kosilab/core/tests/queries.py), and the
cockpit on /manage/ whatever the number of labs and of the rows of every kind it shows."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine

from kosilab.challenges.tests.factories import grow_challenges
from kosilab.core.sectors import Sector
from kosilab.core.tests.factories import ChallengeFactory, LabFactory, ProcessFactory, UserFactory
from kosilab.core.tests.queries import count, grow_and_measure, list_pages_test
from kosilab.labs.tests.factories import grow_labs
from kosilab.processes.models import ProcessMember

pytestmark = pytest.mark.django_db

# Pinned query counts per page: (anonymous, lab manager). Session and user lookups included.
PINS = {
    "home": (4, 8),
    "manage": (None, 19),
    # The cockpit full of every kind of row: two more, for the decisions on mandates and on funding
    # (Django asks for the prefetched decisions only when there are mandates or funding records).
    "manage with a full cockpit": (None, 21),
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


BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
NOW = dt.datetime(2027, 6, 14, 9, 0, tzinfo=BERLIN)  # a Monday morning


def fill_cockpit(lab, manager, rows: int) -> None:
    """``rows`` of every kind the cockpit shows, in ``lab``: reports, waiting and unconfirmed
    registrations, check-ins due, bookings, follow-ups, draft results, phases waiting for a decision,
    funding ending and playbook progress."""
    from kosilab.cocreation.services import report_create
    from kosilab.cocreation.tests.factories import idea, open_challenge
    from kosilab.continuation.services import followup_add, handover_create
    from kosilab.events.tests.factories import EventFactory, register
    from kosilab.playbook.content import PHASES
    from kosilab.playbook.services import checklist_set
    from kosilab.processes.services import milestone_add, milestone_toggle_done
    from kosilab.results.tests.factories import make_result
    from kosilab.rooms.services import booking_create
    from kosilab.rooms.tests.factories import RoomFactory
    from kosilab.sustainability.tests.factories import make_funding, make_mandate

    challenge = open_challenge(lab)
    room = RoomFactory(lab=lab, opens_at=dt.time(0), closes_at=dt.time(23, 59), open_on_weekends=True)
    today = NOW.date()
    for n in range(rows):
        report_create(idea=idea(challenge), reporter=UserFactory(), reason="Spam")
        full = EventFactory(lab=lab, capacity=1, starts_at=NOW + dt.timedelta(days=2, minutes=n))
        register(full)
        register(full)
        register(full, confirm=False)
        register(EventFactory(lab=lab, starts_at=NOW + dt.timedelta(hours=2, minutes=n)))
        start = NOW + dt.timedelta(days=1, hours=n % 10, minutes=n)
        booking_create(
            lab=lab,
            room=room,
            purpose=f"Meeting {n}",
            starts_at=start,
            ends_at=start + dt.timedelta(minutes=5),
            by=None,
        )
        process = ProcessFactory(lab=lab)
        result = make_result(process, title=f"Draft {n}", visibility="draft")
        handover = handover_create(
            result=result, by=None, taker_kind="organisation", taker_name="Verein", form="project"
        )
        followup_add(handover=handover, by=None, due_on=today + dt.timedelta(days=n % 7), note=f"Check {n}")
        milestone = milestone_add(process=process, by=None, title="Done", due_on=today, phase=process.current_phase)
        milestone_toggle_done(milestone=milestone, by=None)
        make_funding(lab, starts_on=today - dt.timedelta(days=300), ends_on=today + dt.timedelta(days=30 + n))
        make_mandate(lab, starts_on=today - dt.timedelta(days=300), ends_on=today + dt.timedelta(days=60 + n))
        item = PHASES[n % len(PHASES)].checklist[0].key
        checklist_set(lab=lab, item_key=item, done=True, by=manager)


@pytest.mark.clock
def test_the_cockpit_does_not_grow_with_labs_or_rows_of_any_kind(client, setting):
    from kosilab.labs.services import lab_team_set

    manager = setting["manager"]
    with time_machine.travel(NOW, tick=False):
        client.force_login(manager)
        fill_cockpit(setting["lab"], manager, 1)
        one = count(client, "/manage/")
        for n in range(2):
            lab = LabFactory(slug=f"more-{n}", name=f"More {n}")
            lab_team_set(lab=lab, user=manager, role="manager", by=None)
            fill_cockpit(lab, manager, 12)
        fill_cockpit(setting["lab"], manager, 11)
        many = count(client, "/manage/")
        html = client.get("/manage/").content.decode()
    assert (one, many) == (PINS["manage with a full cockpit"][True],) * 2
    assert 'id="do-moderation"' in html and 'id="do-check_ins"' in html and 'id="do-phases"' in html
