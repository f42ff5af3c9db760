"""Events in the browser: a full event, the waiting list and the freed seat; check-in and the certificate."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from kosilab.core.tests.factories import UserFactory
from kosilab.events.models import Registration, RegistrationStatus
from kosilab.events.tests.factories import EventFactory, register
from kosilab.labs.services import lab_team_set

pytestmark = pytest.mark.browser


def test_a_guest_lands_on_the_waiting_list_and_gets_the_seat_when_someone_cancels(new_ui, lab):
    event = EventFactory(lab=lab, title="Werkstatt Wissenschaft und Praxis", capacity=1, offer_hours=0)
    holder = register(event, UserFactory(name="Hanna Holder", email="hanna@example.org"))
    assert holder.status == RegistrationStatus.CONFIRMED

    # A guest registers for the full event: the page says so, and the guest confirms by mail.
    guest = new_ui()
    guest.visit(event.get_absolute_url())
    assert guest.page.get_by_text("All seats are taken").count() == 1
    guest.fill({"#id_name": "Gustav Gast", "#id_email": "gustav@example.org"})
    guest.submit("#id_email")
    registration = Registration.objects.get(email="gustav@example.org")
    assert registration.status == RegistrationStatus.UNCONFIRMED
    guest.visit(f"/events/r/{registration.token}/confirm/")
    guest.submit("main form[method=post] button")
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.WAITING
    guest.visit(f"/events/r/{registration.token}/")
    assert "On the waiting list – place 1" in guest.page.locator("main").inner_text()

    # The seat holder cancels; the seat goes to the guest, who is told by mail.
    mail.outbox.clear()
    holder_ui = new_ui()
    holder_ui.log_in("hanna@example.org")
    holder_ui.visit("/events/mine/")
    holder_ui.follow(f"main a[href='/events/r/{holder.token}/']")
    holder_ui.follow(f"main a[href='/events/r/{holder.token}/cancel/']")
    holder_ui.submit("main form[method=post] button")
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert [m.to for m in mail.outbox if "gustav@example.org" in m.to] == [["gustav@example.org"]]

    guest.visit(f"/events/r/{registration.token}/")
    assert guest.page.locator(".checkin-code").inner_text() == registration.code
    assert guest.page.locator("figure.qr svg").count() == 1


def test_organiser_checks_in_by_search_and_the_attendee_downloads_the_certificate(new_ui, lab):
    manager = UserFactory(name="Mara Manager", email="mara@example.org")
    lab_team_set(lab=lab, user=manager, role="manager", by=None)
    starts = timezone.now() - datetime.timedelta(hours=1)
    event = EventFactory(
        lab=lab, title="Fortbildung für Kommunen", starts_at=starts, ends_at=starts + datetime.timedelta(hours=3)
    )
    # Registered while registration was open; the event has begun now.
    with_time = timezone.now() - datetime.timedelta(days=1)
    attendee = UserFactory(name="Ada Attendee", email="ada@example.org")
    others = [UserFactory(name=f"Person {n}") for n in range(3)]
    from unittest import mock

    with mock.patch("django.utils.timezone.now", return_value=with_time):
        ada = register(event, attendee)
        for person in others:
            register(event, person)

    organiser = new_ui()
    organiser.log_in("mara@example.org")
    organiser.visit(event.get_absolute_url())
    organiser.follow(f"main a[href='/events/{event.pk}/attendees/']")
    organiser.page.locator("#id_q").fill("Ada")
    organiser.page.wait_for_function("() => document.querySelectorAll('#attendee-table tbody tr').length === 1")
    organiser.check_a11y()
    organiser.htmx(lambda: organiser.page.locator(f"#registration-{ada.pk} button[type=submit]").click())
    ada.refresh_from_db()
    assert ada.attended_at is not None
    assert "Here since" in organiser.page.locator(f"#registration-{ada.pk}").inner_text()

    # Check-in by the personal code works too.
    other = Registration.objects.get(event=event, user=others[0])
    organiser.fill({"#id_code": other.code.lower()})
    organiser.submit("#id_code")
    other.refresh_from_db()
    assert other.attended_at is not None

    person = new_ui()
    person.log_in("ada@example.org")
    person.visit(f"/events/r/{ada.token}/")
    with person.page.expect_download() as download:
        person.page.locator(f"a[href='/events/r/{ada.token}/certificate.pdf']").click()
    path = download.value.path()
    with open(path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


def test_an_attendee_gives_feedback_and_the_organiser_sees_the_chart(new_ui, lab):
    manager = UserFactory(name="Mara Manager", email="mara@example.org")
    lab_team_set(lab=lab, user=manager, role="manager", by=None)
    starts = timezone.now() + datetime.timedelta(days=1)
    event = EventFactory(
        lab=lab, title="Zukunftswerkstatt", starts_at=starts, ends_at=starts + datetime.timedelta(hours=2)
    )
    registration = register(event, name="Fiona Feedback", email="fiona@example.org")
    type(event).objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=3), ends_at=timezone.now() - datetime.timedelta(hours=1)
    )

    guest = new_ui()
    guest.visit(f"/events/r/{registration.token}/")
    guest.follow(f"main a[href='/events/r/{registration.token}/feedback/']")
    guest.page.locator("input[name=rating][value='4']").check()
    guest.page.locator("input[name=usefulness][value='5']").check()
    guest.page.locator("input[name=recommend][value='yes']").check()
    guest.fill({"#id_comment": "Good mix of people from all four sectors."})
    guest.submit("#id_comment")

    organiser = new_ui()
    organiser.log_in("mara@example.org")
    organiser.visit(f"/events/{event.pk}/attendees/")
    organiser.follow(f"main a[href='/events/{event.pk}/feedback/']")
    main = organiser.page.locator("main")
    assert main.locator("svg[role=img]").count() == 2
    assert "Good mix of people from all four sectors." in main.inner_text()
    assert "Fiona" not in main.inner_text()
