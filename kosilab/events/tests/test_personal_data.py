"""Registrations are personal data: in the person's download, gone with their account, thinned after an event."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from kosilab.accounts.services import user_delete, user_export
from kosilab.core.tests.factories import UserFactory
from kosilab.events.models import Answer, Feedback, Registration, RegistrationStatus
from kosilab.events.tests.factories import EventFactory, QuestionFactory, register

pytestmark = pytest.mark.django_db


def test_the_data_download_lists_registrations_with_answers(lab):
    person = UserFactory(name="Paula Person")
    event = EventFactory(lab=lab, title="Werkstatt")
    question = QuestionFactory(event=event, label="Diet?")
    register(event, person, answers={question.pk: "vegan"})
    [entry] = user_export(user=person)["event_registrations"]
    assert entry["event"] == "Werkstatt"
    assert entry["status"] == RegistrationStatus.CONFIRMED
    assert entry["answers"] == {"Diet?": "vegan"}
    assert entry["feedback"] is None


def test_deleting_the_account_frees_the_seat_and_removes_the_personal_data(lab, django_capture_on_commit_callbacks):
    person = UserFactory(email="paula@example.org")
    event = EventFactory(lab=lab, capacity=1)
    question = QuestionFactory(event=event)
    own = register(event, person, answers={question.pk: "secret"})
    waiting = register(event, name="Wanda", email="wanda@example.org")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        user_delete(user=person)

    own.refresh_from_db()
    waiting.refresh_from_db()
    assert own.status == RegistrationStatus.CANCELLED
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert (own.user_id, own.name) == (None, "–")
    assert "paula" not in own.email
    assert not Answer.objects.filter(registration=own).exists()
    assert [m.to for m in mail.outbox] == [["wanda@example.org"]]  # nothing to the deleted account


def test_housekeeping_thins_registrations_of_events_long_over(lab, settings):
    settings.KOSILAB_REGISTRATION_RETENTION_DAYS = 30
    event = EventFactory(lab=lab)
    recent = EventFactory(lab=lab)
    old = register(event, name="Olga", email="olga@example.org")
    kept = register(recent, name="Karl", email="karl@example.org")
    Feedback.objects.create(registration=old, event=event, rating=5, usefulness=4, recommend=True)
    token = old.token
    over = timezone.now() - timedelta(days=40)
    type(event).objects.filter(pk=event.pk).update(starts_at=over - timedelta(hours=2), ends_at=over)
    Registration.objects.filter(pk=old.pk).update(attended_at=over - timedelta(hours=1))

    out = StringIO()
    call_command("events_housekeeping", stdout=out)
    assert "1 past registrations without personal data now" in out.getvalue()
    old.refresh_from_db()
    kept.refresh_from_db()
    assert (old.name, old.status) == ("–", RegistrationStatus.CONFIRMED)
    assert old.attended_at is not None and old.token != token
    assert Feedback.objects.get(registration=old).rating == 5
    assert kept.email == "karl@example.org"

    out = StringIO()
    call_command("events_housekeeping", stdout=out)
    assert "0 past registrations" in out.getvalue()
