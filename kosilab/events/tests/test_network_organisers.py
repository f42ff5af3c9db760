"""Network events: organised by the lab that created them and the labs it names, nobody else."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from kosilab.core.tests.factories import LabFactory, UserFactory
from kosilab.events.models import Event
from kosilab.events.tests.factories import EventFactory, register
from kosilab.labs.models import LabRole
from kosilab.labs.services import lab_team_set

pytestmark = pytest.mark.django_db


def _staff(lab, role):
    user = UserFactory()
    lab_team_set(lab=lab, user=user, role=role, by=None)
    return user


def _form(**values):
    starts = (timezone.now() + timedelta(days=10)).replace(second=0, microsecond=0)
    return {
        "kind": "workshop",
        "title": "Network day",
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (starts + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
        "capacity": "50",
        "offer_hours": "0",
        "address": "Rathausplatz 1, Dortmund",
        **values,
    }


def test_a_manager_creates_a_network_event_with_co_organisers_and_only_they_see_the_attendees(client):
    home, partner, stranger_lab = LabFactory(slug="home"), LabFactory(slug="partner"), LabFactory(slug="far")
    manager = _staff(home, LabRole.MANAGER)
    partner_facilitator = _staff(partner, LabRole.FACILITATOR)
    stranger = _staff(stranger_lab, LabRole.MANAGER)

    client.force_login(manager)
    refused = client.post("/events/new/network/", _form(organising_lab=stranger_lab.pk))
    assert refused.status_code == 400  # not a lab the person manages
    assert not Event.objects.exists()
    response = client.post("/events/new/network/", _form(organising_lab=home.pk, co_organisers=[partner.pk]))
    assert response.status_code == 302
    event = Event.objects.get()
    assert (event.lab, event.organising_lab) == (None, home)
    assert list(event.co_organisers.all()) == [partner]

    event.status = "published"
    event.save()
    register(event, name="Nina Netz", email="nina@example.org")
    for user, status in ((manager, 200), (partner_facilitator, 200), (stranger, 404)):
        client.force_login(user)
        attendees = client.get(f"/events/{event.pk}/attendees/")
        assert attendees.status_code == status
        assert ("nina@example.org" in attendees.content.decode()) is (status == 200)
        assert client.get(f"/events/{event.pk}/attendees.csv").status_code == status
        assert client.get(f"/events/{event.pk}/cancel/").status_code == status
    client.force_login(stranger)
    assert client.post(f"/events/{event.pk}/cancel/", {"reason": "No."}).status_code == 404
    event.refresh_from_db()
    assert event.status == "published"


def test_the_organiser_changes_the_co_organisers(client):
    home, partner = LabFactory(slug="home"), LabFactory(slug="partner")
    manager = _staff(home, LabRole.MANAGER)
    partner_manager = _staff(partner, LabRole.MANAGER)
    event = EventFactory(lab=None, organising_lab=home)
    client.force_login(partner_manager)
    assert client.get(f"/events/{event.pk}/edit/").status_code == 404
    client.force_login(manager)
    form = _form(organising_lab=home.pk, co_organisers=[partner.pk, home.pk], title=event.title)
    assert client.post(f"/events/{event.pk}/edit/", form).status_code == 302
    assert list(event.co_organisers.all()) == [partner]  # the organising lab is not its own co-organiser
    client.force_login(partner_manager)
    assert client.get(f"/events/{event.pk}/edit/").status_code == 200
