"""The warning mails: each end and threshold once (a database row, written with the mails), in the
recipient's language, with a link to the watch; also when several workers send at once."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.test import override_settings

from kosilab.core.models import OutboxMail
from kosilab.core.tests.concurrency import run_at_once
from kosilab.core.tests.factories import LabFactory, UserFactory
from kosilab.labs.models import LabRole
from kosilab.labs.services import lab_team_set
from kosilab.sustainability.models import WarningMail
from kosilab.sustainability.services import decision_create, warnings_send_due
from kosilab.sustainability.tasks import send_due_warnings
from kosilab.sustainability.tests.factories import make_funding, make_mandate

TODAY = dt.date(2027, 6, 10)
TEMPLATE = "sustainability/mail/warning"


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(dt.datetime(2027, 6, 10, 9, 0, tzinfo=dt.UTC), tick=False):
        yield


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def warning_mails() -> list[OutboxMail]:
    return list(OutboxMail.objects.filter(template=TEMPLATE).order_by("pk"))


@pytest.fixture
def managers(lab):
    german = UserFactory(name="Greta", email="greta@example.org", language="de")
    english = UserFactory(name="Eric", email="eric@example.org", language="en")
    for user in (german, english):
        lab_team_set(lab=lab, user=user, role=LabRole.MANAGER, by=None)
    lab_team_set(lab=lab, user=UserFactory(email="fac@example.org"), role=LabRole.FACILITATOR, by=None)
    return german, english


@pytest.mark.django_db
@override_settings(KOSILAB_SITE_URL="https://lab.example.org")
def test_each_threshold_is_mailed_once_to_each_manager_in_their_language(lab, managers):
    funding = make_funding(lab, starts_on=days(-400), ends_on=days(100), funder="Bundesministerium")
    assert warnings_send_due(today=TODAY) == 1
    mails = warning_mails()
    assert sorted((m.to, m.language) for m in mails) == [("eric@example.org", "en"), ("greta@example.org", "de")]
    english = next(m for m in mails if m.language == "en")
    assert "Bundesministerium" in english.subject and "in 100 days" in english.subject
    assert f"https://lab.example.org/sustainability/{lab.slug}/#funding-{funding.pk}" in english.body
    assert "What to do:" in english.body
    row = WarningMail.objects.get()
    assert (row.kind, row.record_id, row.due_on, row.threshold_days, row.recipients) == (
        "funding_end",
        funding.pk,
        days(100),
        180,
        2,
    )

    # Again on the same day, and the next day: nothing new.
    assert warnings_send_due(today=TODAY) == 0
    assert warnings_send_due(today=days(1)) == 0
    # The next threshold (90 days ahead) is mailed once, when it is reached.
    assert warnings_send_due(today=days(10)) == 1
    assert warnings_send_due(today=days(11)) == 0
    assert sorted(WarningMail.objects.values_list("threshold_days", flat=True)) == [90, 180]
    assert len(warning_mails()) == 4

    # A renewal gives a new end: its thresholds are mailed again when they come.
    decision_create(
        record=funding, by=None, decided_on=days(11), decided_by="BMBF", outcome="extended", new_ends_on=days(300)
    )
    assert warnings_send_due(today=days(11)) == 0
    assert warnings_send_due(today=days(121)) == 1
    assert WarningMail.objects.filter(due_on=days(300), threshold_days=180).exists()


@pytest.mark.django_db
def test_an_end_that_passed_without_a_decision_is_mailed_once_and_not_when_it_is_long_past(lab, managers):
    make_mandate(lab, starts_on=days(-400), ends_on=days(-2), title="Pilot mandate")
    make_mandate(lab, starts_on=days(-900), ends_on=days(-400), title="Old mandate")
    assert warnings_send_due(today=TODAY) == 1
    row = WarningMail.objects.get()
    assert (row.kind, row.threshold_days) == ("mandate_end", 0)
    assert warnings_send_due(today=days(1)) == 0


@pytest.mark.django_db
def test_a_first_run_close_to_the_end_sends_only_the_nearest_threshold(lab, managers):
    make_mandate(lab, starts_on=days(-900), tied_to_term=True, term_ends_on=days(20))
    assert warnings_send_due(today=TODAY) == 1
    assert list(WarningMail.objects.values_list("kind", "threshold_days")) == [("term_end", 30)]


@pytest.mark.django_db
def test_ends_beyond_the_horizon_and_decided_ends_send_nothing(lab, managers):
    make_funding(lab, starts_on=days(-400), ends_on=days(181))
    mandate = make_mandate(lab, starts_on=days(-400), ends_on=days(20))
    decision_create(record=mandate, by=None, decided_on=TODAY, decided_by="Rat", outcome="ended")
    assert warnings_send_due(today=TODAY) == 0
    assert warning_mails() == []


@pytest.mark.django_db
def test_the_command_and_the_task_send_the_same_once(lab, managers):
    make_funding(lab, starts_on=days(-400), ends_on=days(25))
    out = StringIO()
    call_command("sustainability_housekeeping", stdout=out)
    assert "1 sustainability warnings mailed." in out.getvalue()
    assert send_due_warnings.call() == 0
    assert len(warning_mails()) == 2


@pytest.mark.django_db
def test_a_lab_without_managers_is_recorded_as_mailed_to_nobody(lab):
    make_funding(lab, starts_on=days(-400), ends_on=days(25))
    assert warnings_send_due(today=TODAY) == 1
    assert WarningMail.objects.get().recipients == 0
    assert warnings_send_due(today=TODAY) == 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.concurrency
def test_workers_sending_at_once_send_each_warning_once():
    lab = LabFactory(slug="busy")
    for number in range(3):
        lab_team_set(lab=lab, user=UserFactory(email=f"m{number}@example.org"), role=LabRole.MANAGER, by=None)
    make_funding(lab, starts_on=days(-400), ends_on=days(25))
    make_mandate(lab, starts_on=days(-400), ends_on=days(80))

    results, errors = run_at_once(lambda i: warnings_send_due(today=TODAY), 8)

    assert errors == []
    assert sum(results) == 2
    assert WarningMail.objects.count() == 2
    assert OutboxMail.objects.filter(template=TEMPLATE).count() == 6  # 2 warnings × 3 managers
