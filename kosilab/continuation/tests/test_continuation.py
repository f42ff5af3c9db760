"""Handovers: recording one, status changes with history, the end with its reason, follow-ups and reminders."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import TestCase
from django.utils import timezone

from kosilab.continuation import services
from kosilab.continuation.models import FollowUp, Handover, HandoverEvent, HandoverStatus
from kosilab.core.errors import DomainError
from kosilab.core.tests.factories import LabFactory, OrganisationFactory, ProcessFactory, UserFactory
from kosilab.labs.models import LabRole
from kosilab.labs.services import lab_team_set
from kosilab.processes.services import member_add
from kosilab.results.tests.factories import make_result

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def setting(client):
    lab = LabFactory(slug="q", name="Q")
    manager = UserFactory(language="en")
    lab_team_set(lab=lab, user=manager, role=LabRole.MANAGER, by=None)
    process = ProcessFactory(lab=lab)
    lead = UserFactory(language="en")
    member_add(process=process, user=lead, role="lead", sector="public", by=None)
    member_add(process=process, user=UserFactory(), role="co_creator", sector="science", by=None)
    return {"lab": lab, "manager": manager, "lead": lead, "result": make_result(process, title="Garagen")}


def _handover(result, **values) -> Handover:
    values = {"taker_kind": "organisation", "taker_organisation": OrganisationFactory(), "form": "project", **values}
    return services.handover_create(result=result, by=None, **values)


def test_record_a_handover(client, setting):
    client.force_login(setting["manager"])
    result = setting["result"]
    response = client.post(
        f"/continuation/result/{result.pk}/new/",
        {
            "taker_kind": "administration",
            "taker_name": "Mobilstation",
            "form": "regular_service",
            "funding": "Haushalt",
            "decision": "Ratsbeschluss",
            "decision_on": "2025-03-01",
            "status": "handing_over",
        },
    )
    assert response.status_code == 302
    handover = Handover.objects.get()
    assert (handover.taker, handover.status, handover.decision_on) == (
        "Mobilstation",
        HandoverStatus.HANDING_OVER,
        dt.date(2025, 3, 1),
    )
    assert list(handover.events.values_list("from_status", "to_status")) == [("", "handing_over")]
    story = client.get(f"/continuation/result/{result.pk}/").content.decode()
    assert "Mobilstation" in story and "Handing over" in story


def test_taker_is_required(client, setting):
    client.force_login(setting["manager"])
    response = client.post(
        f"/continuation/result/{setting['result'].pk}/new/",
        {"taker_kind": "new_association", "form": "association", "status": "planned"},
    )
    assert response.status_code == 400
    assert "Choose the organisation that takes the result over" in response.content.decode()
    assert not Handover.objects.exists()


def test_status_changes_are_recorded_and_the_end_needs_a_reason(client, setting):
    handover = _handover(setting["result"])
    client.force_login(setting["lead"])
    response = client.post(f"/continuation/{handover.pk}/status/", {"status": "ended"})
    assert response.status_code == 400
    assert "Say why the continuation has ended." in response.content.decode()
    client.post(f"/continuation/{handover.pk}/status/", {"status": "continued", "note": "Vertrag"})
    client.post(f"/continuation/{handover.pk}/status/", {"status": "ended", "ended_reason": "Kein Geld"})
    handover.refresh_from_db()
    assert (handover.status, handover.ended_reason) == ("ended", "Kein Geld")
    assert list(HandoverEvent.objects.values_list("from_status", "to_status", "note")) == [
        ("", "planned", ""),
        ("planned", "continued", "Vertrag"),
        ("continued", "ended", "Kein Geld"),
    ]
    with pytest.raises(DomainError):
        services.handover_status_set(handover=handover, by=None, status="ended", ended_reason="x")


def test_database_refuses_an_end_without_reason(setting):
    handover = _handover(setting["result"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Handover.objects.filter(pk=handover.pk).update(status="ended", ended_reason="")


def test_reminders_go_out_once_seven_days_before(setting):
    handover = _handover(setting["result"])
    today = timezone.localdate()
    soon = FollowUp.objects.create(handover=handover, due_on=today + dt.timedelta(days=7), note="Zahlen prüfen")
    FollowUp.objects.create(handover=handover, due_on=today + dt.timedelta(days=8), note="Later")
    FollowUp.objects.create(handover=handover, due_on=today, note="Done", done_at=timezone.now())
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert services.followups_remind_due() == 1
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == sorted([setting["manager"].email, setting["lead"].email])
    assert "Zahlen prüfen" in mail.outbox[0].body
    soon.refresh_from_db()
    assert soon.reminder_sent_at is not None
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert services.followups_remind_due() == 0
        call_command("continuation_housekeeping", stdout=io.StringIO())
    assert len(mail.outbox) == 2


def test_followup_page_and_done(client, setting):
    handover = _handover(setting["result"])
    client.force_login(setting["manager"])
    response = client.post(f"/continuation/{handover.pk}/follow-ups/new/", {"due_on": "1900-01-01", "note": "x"})
    assert response.status_code == 400
    client.post(f"/continuation/{handover.pk}/follow-ups/new/", {"due_on": "2030-01-01", "note": "Nachfragen"})
    followup = FollowUp.objects.get()
    client.post(f"/continuation/follow-ups/{followup.pk}/done/")
    followup.refresh_from_db()
    assert followup.done_at is not None
    assert "Nachfragen" in client.get(f"/continuation/result/{setting['result'].pk}/").content.decode()


def test_followup_schedules_a_reminder_where_the_backend_can_defer(setting, monkeypatch):
    handover = _handover(setting["result"])
    calls = []
    monkeypatch.setattr(services, "enqueue_at", lambda task, when, **kwargs: calls.append((when, kwargs)) or True)
    with TestCase.captureOnCommitCallbacks(execute=True):
        followup = services.followup_add(handover=handover, by=None, due_on=dt.date(2030, 1, 10), note="x")
    assert calls == [(services.followup_reminder_time(due_on=dt.date(2030, 1, 10)), {"followup_id": followup.pk})]
    assert calls[0][0].date() == dt.date(2030, 1, 3)
