"""The cockpit of /manage/: each "today" item appears with its data and goes when it is done; a lab's
team sees only its own labs' items; "this week" counts Berlin days, on a Sunday night, across
midnight and across the changes of daylight saving time (see docs/cockpit.md)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from kosilab.cocreation.services import report_create, report_resolve
from kosilab.cocreation.tests.factories import idea, open_challenge
from kosilab.continuation.services import followup_add, followup_done, handover_create
from kosilab.core.tests.english import english_everywhere  # noqa: F401
from kosilab.core.tests.factories import LabFactory, ProcessFactory, UserFactory
from kosilab.events.models import RegistrationStatus
from kosilab.events.services import registration_check_in, registration_confirm_email, registration_create
from kosilab.events.tests.factories import EventFactory, register
from kosilab.labs.services import lab_team_set
from kosilab.processes.services import milestone_add, milestone_toggle_done, phase_advance
from kosilab.results.services import result_update
from kosilab.results.tests.factories import make_result
from kosilab.rooms.services import booking_create
from kosilab.rooms.tests.factories import RoomFactory
from kosilab.site.cockpit import cockpit
from kosilab.sustainability.services import decision_create
from kosilab.sustainability.tests.factories import make_funding

pytestmark = pytest.mark.django_db  # and "clock": the module is in CLOCK_SENSITIVE (conftest.py)

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
# A Monday morning in Berlin; every test that depends on the day travels to a fixed moment.
MONDAY_MORNING = dt.datetime(2027, 6, 14, 9, 0, tzinfo=BERLIN)


@pytest.fixture
def labs(db):
    """Lab A with a manager and a facilitator, lab B with its own manager."""
    a = LabFactory(slug="a", name="Lab A")
    b = LabFactory(slug="b", name="Lab B")
    people = {"manager": UserFactory(), "facilitator": UserFactory(), "other": UserFactory()}
    lab_team_set(lab=a, user=people["manager"], role="manager", by=None)
    lab_team_set(lab=a, user=people["facilitator"], role="facilitator", by=None)
    lab_team_set(lab=b, user=people["other"], role="manager", by=None)
    return {"a": a, "b": b, **people}


def page(client, user) -> str:
    client.force_login(user)
    response = client.get("/manage/")
    assert response.status_code == 200
    return response.content.decode()


def kinds(user, lab) -> dict[str, list[str]]:
    """The "today" items of the cockpit: kind → the items' texts."""
    return {kind.key: [item.text for item in kind.items] for kind in cockpit(user, [lab]).kinds}


@time_machine.travel(MONDAY_MORNING, tick=False)
def test_a_report_waits_in_the_moderation_queue_until_it_is_resolved(client, labs):
    report = report_create(idea=idea(open_challenge(labs["a"])), reporter=UserFactory(), reason="Spam")
    html = page(client, labs["facilitator"])
    assert reverse("cocreation:moderation", args=["a"]) in html
    assert "1 report to review" in html
    report_resolve(report=report, by=labs["manager"])
    assert "moderation" not in kinds(labs["manager"], labs["a"])
    assert "Nothing waits for you today." in page(client, labs["manager"])


@time_machine.travel(MONDAY_MORNING, tick=False)
def test_waiting_registrations_show_until_confirmed(labs):
    event = EventFactory(lab=labs["a"], title="Werkstatt Mobilität", starts_at=MONDAY_MORNING + dt.timedelta(days=3))
    registration = register(event, confirm=False)
    assert registration.status == RegistrationStatus.UNCONFIRMED
    assert kinds(labs["manager"], labs["a"])["registrations"] == ["Werkstatt Mobilität"]
    registration_confirm_email(registration=registration)
    assert "registrations" not in kinds(labs["manager"], labs["a"])


@time_machine.travel(MONDAY_MORNING, tick=False)
def test_a_waiting_list_shows_on_a_full_event(client, labs):
    event = EventFactory(
        lab=labs["a"], title="Kleine Runde", capacity=1, starts_at=MONDAY_MORNING + dt.timedelta(days=2)
    )
    register(event)
    waiting = register(event)
    assert waiting.status == RegistrationStatus.WAITING
    html = page(client, labs["manager"])
    assert "1 on the waiting list" in html
    assert reverse("events:attendees", args=[event.pk]) in html


def test_check_ins_due_today_go_when_everyone_is_checked_in(labs):
    with time_machine.travel(MONDAY_MORNING, tick=False):
        event = EventFactory(
            lab=labs["a"], title="Laborabend", starts_at=MONDAY_MORNING + dt.timedelta(hours=1), capacity=5
        )
        registration = register(event)
        EventFactory(lab=labs["a"], title="Morgen", starts_at=MONDAY_MORNING + dt.timedelta(days=1))
        assert kinds(labs["manager"], labs["a"])["check_ins"] == ["Laborabend"]
    with time_machine.travel(MONDAY_MORNING + dt.timedelta(hours=1, minutes=5), tick=False):
        registration_check_in(registration=registration, by=labs["manager"])
        assert "check_ins" not in kinds(labs["manager"], labs["a"])


@time_machine.travel(MONDAY_MORNING, tick=False)
def test_follow_ups_show_from_a_week_before_until_done(labs):
    result = make_result(ProcessFactory(lab=labs["a"]), title="Fahrradgarage")
    handover = handover_create(result=result, by=None, taker_kind="organisation", taker_name="Verein", form="project")
    today = MONDAY_MORNING.date()
    soon = followup_add(handover=handover, by=None, due_on=today + dt.timedelta(days=7), note="Ask about the budget")
    followup_add(handover=handover, by=None, due_on=today + dt.timedelta(days=8), note="Too early")
    assert kinds(labs["manager"], labs["a"])["followups"] == ["Ask about the budget"]
    followup_done(followup=soon, by=labs["manager"])
    assert "followups" not in kinds(labs["manager"], labs["a"])


@time_machine.travel(MONDAY_MORNING, tick=False)
def test_draft_results_show_until_published(client, labs):
    result = make_result(ProcessFactory(lab=labs["a"]), title="Geschäftsmodell", visibility="draft")
    html = page(client, labs["manager"])
    assert reverse("results:detail", args=[result.pk]) in html
    result_update(result=result, by=labs["manager"], kind=result.kind, title=result.title, visibility="public")
    assert "draft_results" not in kinds(labs["manager"], labs["a"])


@time_machine.travel(MONDAY_MORNING, tick=False)
def test_a_phase_whose_milestones_are_done_waits_for_a_decision(labs):
    process = ProcessFactory(lab=labs["a"], title="Quartiersmobilität")
    milestone = milestone_add(
        process=process, by=None, title="Interviews", due_on=MONDAY_MORNING.date(), phase=process.current_phase
    )
    assert "phases" not in kinds(labs["manager"], labs["a"])  # a milestone is still open
    milestone_toggle_done(milestone=milestone, by=None)
    assert kinds(labs["manager"], labs["a"])["phases"] == ["Quartiersmobilität"]
    phase_advance(process=process, by=labs["manager"], reason="Enough ideas")
    assert "phases" not in kinds(labs["manager"], labs["a"])


@time_machine.travel(MONDAY_MORNING, tick=False)
def test_funding_ending_soon_shows_until_a_decision_ends_it(client, labs):
    today = MONDAY_MORNING.date()
    funding = make_funding(
        labs["a"], starts_on=today - dt.timedelta(days=300), ends_on=today + dt.timedelta(days=40), funder="ESF Plus"
    )
    html = page(client, labs["manager"])
    assert "ESF Plus" in html and reverse("sustainability:watch", args=["a"]) + f"#funding-{funding.pk}" in html
    decision_create(record=funding, by=None, outcome="ended", decided_on=today, decided_by="Council")
    assert "ends" not in kinds(labs["manager"], labs["a"])


@time_machine.travel(MONDAY_MORNING, tick=False)
def test_a_lab_team_sees_only_its_own_labs(client, labs):
    report_create(idea=idea(open_challenge(labs["b"])), reporter=UserFactory(), reason="Spam")
    make_result(ProcessFactory(lab=labs["b"]), title="Entwurf von B", visibility="draft")
    EventFactory(lab=labs["b"], title="Fest in B", starts_at=MONDAY_MORNING + dt.timedelta(days=1))
    moderation_b, playbook_b = reverse("cocreation:moderation", args=["b"]), reverse("playbook:overview", args=["b"])
    for user in (labs["manager"], labs["facilitator"]):
        html = page(client, user)
        assert "Nothing waits for you today." in html
        assert "Entwurf von B" not in html and "Fest in B" not in html
        assert moderation_b not in html and playbook_b not in html
    html = page(client, labs["other"])
    assert "Entwurf von B" in html and "Fest in B" in html and moderation_b in html


def test_a_facilitator_gets_only_the_tools_a_facilitator_may_use(client, labs):
    html = page(client, labs["facilitator"])
    assert reverse("playbook:overview", args=["a"]) in html
    assert reverse("labs:team", args=["a"]) not in html  # the team is the managers' (labs.manage_team)
    assert reverse("labs:team", args=["a"]) in page(client, labs["manager"])


def test_a_participant_gets_the_page_without_a_cockpit(client, labs):
    html = page(client, UserFactory())
    assert "You are not in any lab team." in html
    assert 'id="today"' not in html and "Nothing waits for you today." not in html


def test_a_private_lab_offers_no_public_continuation_page(client, labs):
    labs["a"].is_public = False
    labs["a"].save(update_fields=["is_public"])
    assert reverse("continuation:lab", args=["a"]) not in page(client, labs["manager"])


# --- This week, in Berlin days -----------------------------------------------------------------


def _week(user, lab) -> list[tuple[dt.date, list[str]]]:
    return [(day.day, [entry.title for entry in day.entries]) for day in cockpit(user, [lab]).days]


@pytest.mark.parametrize(
    "now",
    [
        dt.datetime(2026, 12, 6, 23, 30, tzinfo=BERLIN),  # a Sunday night (22:30 UTC)
        dt.datetime(2027, 3, 27, 23, 30, tzinfo=BERLIN),  # the night before summer time begins
        dt.datetime(2026, 10, 24, 23, 30, tzinfo=BERLIN),  # the night before summer time ends
        dt.datetime(2027, 3, 28, 0, 10, tzinfo=BERLIN),  # just past midnight on the day it begins
    ],
    ids=["sunday-night", "spring-forward", "fall-back", "past-midnight"],
)
def test_this_week_is_today_and_the_six_days_after_it_in_berlin(labs, now):
    lab = labs["a"]
    today = now.date()

    def local(days: int, hour: int, minute: int = 0) -> dt.datetime:
        return dt.datetime.combine(today + dt.timedelta(days=days), dt.time(hour, minute), tzinfo=BERLIN)

    with time_machine.travel(now, tick=False):
        EventFactory(lab=lab, title="Yesterday late", starts_at=local(-1, 23, 50), ends_at=local(-1, 23, 55))
        EventFactory(lab=lab, title="Today late", starts_at=local(0, 23, 45), ends_at=local(0, 23, 55))
        EventFactory(lab=lab, title="Tomorrow early", starts_at=local(1, 0, 30))
        EventFactory(lab=lab, title="Last day late", starts_at=local(6, 23, 30), ends_at=local(6, 23, 50))
        EventFactory(lab=lab, title="Eighth day", starts_at=local(7, 0, 15))
        room = RoomFactory(lab=lab, open_on_weekends=True, opens_at=dt.time(0), closes_at=dt.time(23, 59))
        booking_create(
            lab=lab, room=room, purpose="Team meeting", starts_at=local(2, 10), ends_at=local(2, 11), by=None
        )
        week = _week(labs["manager"], lab)
        today_kinds = kinds(labs["manager"], lab)
    assert week == [
        (today, ["Today late"]),
        (today + dt.timedelta(days=1), ["Tomorrow early"]),
        (today + dt.timedelta(days=2), ["Team meeting"]),
        (today + dt.timedelta(days=6), ["Last day late"]),
    ]
    assert "check_ins" not in today_kinds  # nobody registered for "Today late"


def test_the_week_shows_local_times(client, labs):
    now = dt.datetime(2027, 3, 27, 20, 0, tzinfo=BERLIN)
    with time_machine.travel(now, tick=False):
        EventFactory(
            lab=labs["a"],
            title="After the change",
            starts_at=dt.datetime(2027, 3, 29, 18, 0, tzinfo=BERLIN),
            ends_at=dt.datetime(2027, 3, 29, 20, 0, tzinfo=BERLIN),
        )
        html = page(client, labs["manager"])
    assert "18:00–20:00" in html


def test_a_guest_registration_for_another_lab_is_not_counted(labs):
    with time_machine.travel(MONDAY_MORNING, tick=False):
        event = EventFactory(lab=labs["b"], starts_at=MONDAY_MORNING + dt.timedelta(days=2))
        registration_create(event=event, user=None, name="Gast", email="gast@example.org", language="de", answers={})
        assert "registrations" not in kinds(labs["manager"], labs["a"])
        assert "registrations" in kinds(labs["other"], labs["b"])
