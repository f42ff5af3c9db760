"""Check-in opens KOSILAB_CHECKIN_OPENS_MINUTES before the start, on every path, and not earlier.

Before, a check-in (and so a certificate) was accepted days ahead: "attended on 10 December …
issued on 6 December". The clock is moved with time_machine; the event starts on Thursday,
10 December 2026 at 18:00 in Berlin (17:00 UTC), so check-in opens at 16:00 (15:00 UTC).
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import translation

from kosilab.core.errors import DomainError
from kosilab.core.models import AuditEntry
from kosilab.core.tests.factories import UserFactory
from kosilab.events import services
from kosilab.events.models import Registration
from kosilab.events.tests.factories import EventFactory, register

pytestmark = pytest.mark.django_db

UTC = dt.UTC
STARTS = dt.datetime(2026, 12, 10, 17, 0, tzinfo=UTC)  # 18:00 in Berlin
OPENS = STARTS - dt.timedelta(minutes=120)  # 16:00 in Berlin
FOUR_DAYS_BEFORE = dt.datetime(2026, 12, 6, 9, 0, tzinfo=UTC)
MESSAGE = "Check-in opens on 10 December 2026 at 16:00, 120 minutes before the start."


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def event(lab):
    with time_machine.travel(FOUR_DAYS_BEFORE, tick=False):
        return EventFactory(lab=lab, starts_at=STARTS, ends_at=STARTS + dt.timedelta(hours=2))


@pytest.fixture
def anna(event):
    with time_machine.travel(FOUR_DAYS_BEFORE, tick=False):
        return register(event, UserFactory(name="Anna Amsel", language="en"))


def _checked_in() -> list[int]:
    return list(Registration.objects.filter(attended_at__isnull=False).values_list("pk", flat=True))


def _check_in_logged() -> int:
    return AuditEntry.objects.filter(action="events.registration.checked_in").count()


def test_check_in_is_refused_days_before_and_nothing_is_written(event, anna, manager):
    with time_machine.travel(FOUR_DAYS_BEFORE, tick=False):
        with pytest.raises(DomainError) as refused:
            services.registration_check_in(registration=anna, by=manager)
        assert refused.value.message == MESSAGE
        with pytest.raises(DomainError) as refused:
            services.registration_check_in_by_code(event=event, code=anna.code, by=manager)
        assert refused.value.message == MESSAGE
    assert _checked_in() == [] and _check_in_logged() == 0


def test_the_window_opens_exactly_on_time(event, anna, manager):
    one_second_early = time_machine.travel(OPENS - dt.timedelta(seconds=1), tick=False)
    with one_second_early, pytest.raises(DomainError, match="Check-in opens on"):
        services.registration_check_in(registration=anna, by=manager)
    with time_machine.travel(OPENS, tick=False):
        checked = services.registration_check_in(registration=anna, by=manager)
    assert checked.attended_at == OPENS
    assert _check_in_logged() == 1


def test_check_in_stays_open_during_and_after_the_event(event, manager):
    with time_machine.travel(FOUR_DAYS_BEFORE, tick=False):
        early, late = (
            register(event, name="Early", email="e@example.org"),
            register(event, name="Late", email="l@x.org"),
        )
    with time_machine.travel(STARTS + dt.timedelta(minutes=20), tick=False):
        assert services.registration_check_in_by_code(event=event, code=early.code, by=manager).attended_at is not None
    with time_machine.travel(STARTS + dt.timedelta(days=1), tick=False):  # entered from a paper list
        assert services.registration_check_in(registration=late, by=manager).attended_at is not None


def test_undo_is_always_allowed(event, anna, manager):
    Registration.objects.filter(pk=anna.pk).update(attended_at=OPENS)  # e.g. checked in before this rule
    anna.refresh_from_db()
    with time_machine.travel(FOUR_DAYS_BEFORE, tick=False):
        assert services.registration_check_in(registration=anna, by=manager, attended=False).attended_at is None


def test_the_window_is_configurable(event, anna, manager, settings):
    settings.KOSILAB_CHECKIN_OPENS_MINUTES = 30
    one_minute_early = time_machine.travel(STARTS - dt.timedelta(minutes=31), tick=False)
    with one_minute_early, pytest.raises(DomainError) as refused:
        services.registration_check_in(registration=anna, by=manager)
    assert refused.value.message == "Check-in opens on 10 December 2026 at 17:30, 30 minutes before the start."
    with time_machine.travel(STARTS - dt.timedelta(minutes=30), tick=False):
        assert services.registration_check_in(registration=anna, by=manager).attended_at is not None


def test_the_message_is_in_the_users_language(event, anna, manager):
    german = translation.override("de")
    with time_machine.travel(FOUR_DAYS_BEFORE, tick=False), german, pytest.raises(DomainError) as refused:
        services.registration_check_in(registration=anna, by=manager)
    assert "10. Dezember 2026" in refused.value.message and "16:00" in refused.value.message


# --- Every path through the pages: list, htmx row, code (typed or from the QR code) ---------------


def test_every_check_in_page_refuses_before_the_window_and_says_when_it_opens(client, event, anna, manager):
    client.force_login(manager)
    with time_machine.travel(FOUR_DAYS_BEFORE, tick=False):
        page = client.get(f"/events/{event.pk}/attendees/").content.decode()
        assert "Check-in opens on 10 December 2026 at 16:00" in page

        row = client.post(
            f"/events/{event.pk}/attendees/{anna.pk}/check-in/", {"attended": "1"}, HTTP_HX_REQUEST="true"
        )
        assert row.status_code == 200
        assert f'<p class="form-errors" role="alert">{MESSAGE}</p>' in row.content.decode()
        assert "Mark as attended" in row.content.decode()

        response = client.post(f"/events/{event.pk}/attendees/{anna.pk}/check-in/", {"attended": "1"}, follow=True)
        assert MESSAGE in response.content.decode()

        response = client.post(f"/events/{event.pk}/check-in/", {"code": anna.code})
        assert response.status_code == 400 and MESSAGE in response.content.decode()

        assert client.get(f"/events/r/{anna.token}/certificate.pdf").status_code == 404
    assert _checked_in() == [] and _check_in_logged() == 0

    with time_machine.travel(OPENS + dt.timedelta(minutes=5), tick=False):
        page = client.get(f"/events/{event.pk}/attendees/").content.decode()
        assert "Check-in opens on" not in page
        response = client.post(f"/events/{event.pk}/check-in/", {"code": anna.code}, follow=True)
        assert "Anna Amsel is checked in." in response.content.decode()
    assert _checked_in() == [anna.pk]
