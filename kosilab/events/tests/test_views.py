"""The event pages: bad input gets a clear message and changes nothing; the happy paths work."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from kosilab.core.tests.factories import UserFactory
from kosilab.events import services
from kosilab.events.models import (
    Event,
    EventKind,
    EventStatus,
    Question,
    QuestionKind,
    Registration,
    RegistrationStatus,
)
from kosilab.events.tests.factories import EventFactory, QuestionFactory, register

pytestmark = pytest.mark.django_db

S = RegistrationStatus


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def _text(response) -> str:
    return response.content.decode()


# --- List and page ---------------------------------------------------------------------------


def test_list_filters_by_type_lab_dates_and_free_seats(client, lab, other_lab):
    workshop = EventFactory(lab=lab, kind=EventKind.WORKSHOP, title="Repair café")
    full = EventFactory(lab=other_lab, kind=EventKind.TRAINING, title="Design thinking", capacity=1)
    register(full, UserFactory())
    network = EventFactory(lab=None, kind=EventKind.PUBLIC, title="Network day")
    EventFactory(lab=lab, status=EventStatus.DRAFT, title="Secret draft")

    page = _text(client.get("/events/"))
    assert all(title in page for title in ("Repair café", "Design thinking", "Network day"))
    assert "Secret draft" not in page
    assert "Design thinking" not in _text(client.get("/events/?kind=workshop"))
    assert "Repair café" not in _text(client.get(f"/events/?lab={other_lab.slug}"))
    only_network = _text(client.get("/events/?lab=network"))
    assert "Network day" in only_network and "Repair café" not in only_network
    free = _text(client.get("/events/?free=on"))
    assert "Design thinking" not in free and "Repair café" in free
    later = (workshop.starts_at + timedelta(days=2)).date().isoformat()
    assert "Repair café" not in _text(client.get(f"/events/?date_from={later}"))
    assert network.title in _text(client.get(f"/events/?date_to={later}"))


@pytest.mark.parametrize(
    "query", ["date_from=yesterday", "date_from=2030-02-01&date_to=2030-01-01", "kind=x", "page=999"]
)
def test_list_survives_bad_filters(client, query):
    EventFactory()
    assert client.get(f"/events/?{query}").status_code == 200


def test_titles_are_escaped(client):
    event = EventFactory(title="<script>alert(1)</script>")
    assert "<script>alert(1)</script>" not in _text(client.get(f"/events/{event.pk}/"))
    assert "&lt;script&gt;" in _text(client.get("/events/"))


def test_the_list_is_walked_page_by_page_in_time_order(client):
    now = timezone.now().replace(microsecond=0)
    # Two events share a start: the id decides between them, and neither is shown twice or lost.
    upcoming = [EventFactory(starts_at=now + timedelta(days=1 + min(i, 23))) for i in range(25)]
    past = [
        EventFactory(starts_at=now - timedelta(days=30 - i), ends_at=now - timedelta(days=29 - i)) for i in range(3)
    ]

    first = client.get("/events/")
    page = first.context["page_obj"]
    assert [e.pk for e in page] == [e.pk for e in upcoming[:20]]
    assert (page.count, page.count_capped, page.is_first, page.is_last) == (25, False, True, False)
    assert "25 events" in _text(first) and 'aria-label="Pages of the events"' in _text(first)
    second = client.get("/events/", {"after": page.next_cursor}).context["page_obj"]
    assert [e.pk for e in second] == [e.pk for e in upcoming[20:]] and second.is_last
    back = client.get("/events/", {"before": second.previous_cursor}).context["page_obj"]
    assert [e.pk for e in back] == [e.pk for e in upcoming[:20]] and back.is_first
    last = client.get("/events/", {"page": "last"}).context["page_obj"]
    assert [e.pk for e in last] == [e.pk for e in upcoming[-20:]]

    # The past ones, latest first; the filters stay in the page links.
    earlier = client.get("/events/", {"past": "on"})
    assert [e.pk for e in earlier.context["page_obj"]] == [e.pk for e in reversed(past)]
    assert "3 events" in _text(earlier)
    # A cursor of something else (or of nothing) gives the first page.
    assert [e.pk for e in client.get("/events/", {"after": "not-a-cursor"}).context["page_obj"]][:1] == [upcoming[0].pk]


def test_the_list_keeps_its_filters_in_the_page_links(client):
    for _ in range(21):
        EventFactory(kind=EventKind.WORKSHOP)
    page = _text(client.get("/events/", {"kind": "workshop"}))
    assert "?kind=workshop&amp;after=" in page and "?kind=workshop&amp;page=last" in page


# --- Registering -----------------------------------------------------------------------------


def test_a_guest_registers_and_confirms_by_the_link(client, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=3)
    question = QuestionFactory(event=event, kind=QuestionKind.YES_NO, label="Photos OK?", required=True)
    page = _text(client.get(f"/events/{event.pk}/"))
    assert "Photos OK?" in page and "<fieldset>" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/events/{event.pk}/register/",
            {"name": "Gina Gast", "email": "gina@example.org", f"question_{question.pk}": "yes"},
        )
    assert response.status_code == 200
    assert "Please check your e-mail" in _text(response)
    registration = Registration.objects.get(event=event)
    assert registration.status == S.UNCONFIRMED and registration.language == "en"
    assert registration.token not in _text(response)  # the link only goes by mail
    assert f"/events/r/{registration.token}/confirm/" in mail.outbox[0].body

    confirm_page = client.get(f"/events/r/{registration.token}/confirm/")
    assert "Confirm my registration" in _text(confirm_page)
    registration.refresh_from_db()
    assert registration.status == S.UNCONFIRMED  # opening the link (or a mail scanner) does not confirm
    response = client.post(f"/events/r/{registration.token}/confirm/", follow=True)
    assert "Your seat is confirmed" in _text(response)
    assert registration.code in _text(response)
    assert "<svg" in _text(response)  # the QR code, inline
    registration.refresh_from_db()
    assert registration.status == S.CONFIRMED


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "email": "gina@example.org"}, "This field is required."),
        ({"name": "Gina", "email": "not-an-address"}, "Enter a valid email address."),
        ({"name": "G" * 151, "email": "gina@example.org"}, "Ensure this value has at most 150 characters"),
    ],
)
def test_bad_guest_input_is_refused_with_a_message(client, data, message):
    event = EventFactory()
    response = client.post(f"/events/{event.pk}/register/", data)
    assert response.status_code == 400
    assert message in _text(response)
    assert not Registration.objects.exists()


def test_answers_are_required_and_checked(client, participant):
    event = EventFactory()
    food = QuestionFactory(event=event, kind=QuestionKind.CHOICE, choices="Vegan\nAnything", required=True)
    client.force_login(participant)
    response = client.post(f"/events/{event.pk}/register/", {})
    assert response.status_code == 400 and "This field is required." in _text(response)
    response = client.post(f"/events/{event.pk}/register/", {f"question_{food.pk}": "Meat"})
    assert response.status_code == 400 and "Select a valid choice." in _text(response)
    assert not Registration.objects.exists()
    response = client.post(f"/events/{event.pk}/register/", {f"question_{food.pk}": "Vegan"})
    assert response.status_code == 302


def test_a_user_registers_sees_the_code_and_a_second_click_says_already_registered(client, participant):
    event = EventFactory(capacity=1)
    client.force_login(participant)
    response = client.post(f"/events/{event.pk}/register/", follow=True)
    assert "You are registered. Your seat is confirmed." in _text(response)
    registration = Registration.objects.get(event=event)
    assert registration.code in _text(response)
    response = client.post(f"/events/{event.pk}/register/", follow=True)
    assert "You are already registered for this event." in _text(response)
    assert Registration.objects.filter(event=event).count() == 1
    assert "You are registered: Confirmed." in _text(client.get(f"/events/{event.pk}/"))
    assert event.title in _text(client.get("/events/mine/"))


def test_a_full_event_puts_people_on_the_waiting_list(client, participant):
    event = EventFactory(capacity=1)
    register(event, UserFactory())
    client.force_login(participant)
    assert "Join the waiting list" in _text(client.get(f"/events/{event.pk}/"))
    response = client.post(f"/events/{event.pk}/register/", follow=True)
    assert "All seats are taken: you are on the waiting list." in _text(response)
    assert "– place 1" in _text(response)  # after the status "On the waiting list", not saying it twice
    assert "<svg" not in _text(response)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"status": EventStatus.CANCELLED}, "This event has been cancelled."),
        ({"registration_closes_at": timezone.now() - timedelta(hours=1)}, "Registration for this event has closed."),
    ],
)
def test_closed_events_say_why_and_refuse(client, participant, changes, message):
    event = EventFactory(**changes)
    client.force_login(participant)
    assert message in _text(client.get(f"/events/{event.pk}/"))
    response = client.post(f"/events/{event.pk}/register/")
    assert response.status_code == 400 and message in _text(response)
    assert not Registration.objects.exists()


def test_cancel_by_link_asks_first_then_cancels_once(client):
    event = EventFactory(capacity=1, offer_hours=0)
    registration = register(event, email="gina@example.org")
    waiting = register(event, UserFactory())
    page = client.get(f"/events/r/{registration.token}/cancel/")
    assert "Do you really want to cancel" in _text(page)
    response = client.post(f"/events/r/{registration.token}/cancel/", follow=True)
    assert "Your registration has been cancelled." in _text(response)
    waiting.refresh_from_db()
    assert waiting.status == S.CONFIRMED
    client.post(f"/events/r/{registration.token}/cancel/")
    event.refresh_from_db()
    assert event.seats_taken == 1


def test_an_offer_is_accepted_from_the_registration_page(client):
    event = EventFactory(capacity=1, offer_hours=24)
    holder = register(event, UserFactory())
    waiting = register(event, UserFactory())
    services.registration_cancel(registration=holder)
    page = _text(client.get(f"/events/r/{waiting.token}/"))
    assert "Accept the seat" in page
    response = client.post(f"/events/r/{waiting.token}/accept/", follow=True)
    assert "Thank you! Your seat is confirmed." in _text(response)
    response = client.post(f"/events/r/{holder.token}/accept/", follow=True)
    assert "This offer is no longer open." in _text(response)


def test_unknown_tokens_are_not_found(client):
    assert client.get("/events/r/" + "x" * 80 + "/").status_code == 404
    assert client.post("/events/r/nothing/accept/").status_code == 404


# --- Organisers ------------------------------------------------------------------------------


def _event_data(**values):
    start = (timezone.localtime() + timedelta(days=5)).replace(second=0, microsecond=0)
    data = {
        "kind": "workshop",
        "title": "Repair café",
        "description": "Bring broken things.",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "address": "Markt 1",
        "capacity": "12",
        "offer_hours": "0",
    }
    data.update(values)
    return data


def test_an_organiser_creates_edits_publishes_an_event(client, lab, facilitator):
    client.force_login(facilitator)
    response = client.post(
        f"/events/new/{lab.slug}/",
        _event_data(lab="999", status="published", seats_taken="12", sequence="9"),  # smuggled fields are ignored
    )
    event = Event.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/events/{event.pk}/edit/"
    assert (event.lab, event.status, event.seats_taken, event.sequence) == (lab, EventStatus.DRAFT, 0, 0)
    assert event.organiser == lab.name
    response = client.post(f"/events/{event.pk}/edit/", _event_data(title="Repair café XL", capacity="20"))
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.title, event.capacity, event.sequence) == ("Repair café XL", 20, 1)
    client.post(f"/events/{event.pk}/publish/")
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"ends_at": "2020-01-01T10:00"}, "The event must end after it starts."),
        ({"capacity": "0"}, "Enter a number of seats between 1 and 100000."),
        ({"capacity": "-3"}, "Ensure this value is greater than or equal to 0."),
        ({"address": ""}, "Say where the event takes place"),
        ({"title": ""}, "This field is required."),
        ({"starts_at": "tomorrow"}, "Enter a valid date/time."),
    ],
)
def test_bad_event_input_is_refused_with_a_message(client, lab, manager, values, message):
    client.force_login(manager)
    response = client.post(f"/events/new/{lab.slug}/", _event_data(**values))
    assert response.status_code == 400
    assert message in _text(response)
    assert not Event.objects.exists()


def test_capacity_below_seats_taken_is_refused(client, lab, manager):
    event = EventFactory(lab=lab, capacity=2)
    register(event, UserFactory())
    register(event, UserFactory())
    client.force_login(manager)
    response = client.post(f"/events/{event.pk}/edit/", _event_data(capacity="1"))
    assert response.status_code == 400
    assert "There are already 2 seats taken" in _text(response)
    event.refresh_from_db()
    assert event.capacity == 2


def test_questions_are_added_edited_and_removed(client, lab, manager):
    event = EventFactory(lab=lab)
    client.force_login(manager)
    response = client.post(
        f"/events/{event.pk}/questions/", {"new-label": "Food?", "new-kind": "choice", "new-choices": "Only one"}
    )
    assert response.status_code == 400
    assert "A choice question needs at least two choices" in _text(response)
    client.post(
        f"/events/{event.pk}/questions/",
        {"new-label": "Food?", "new-kind": "choice", "new-choices": "Vegan\nAnything", "new-position": "1"},
    )
    question = Question.objects.get(event=event)
    assert "Food?" in _text(client.get(f"/events/{event.pk}/edit/"))
    client.post(f"/events/{event.pk}/questions/{question.pk}/", {"label": "Diet?", "kind": "text", "position": "1"})
    question.refresh_from_db()
    assert (question.label, question.choices) == ("Diet?", "")
    client.post(f"/events/{event.pk}/questions/{question.pk}/delete/")
    assert not Question.objects.exists()


def test_cancelling_an_event_tells_everyone(client, lab, manager, django_capture_on_commit_callbacks):
    event = EventFactory(lab=lab)
    registration = register(event, UserFactory())
    client.force_login(manager)
    assert "1 confirmed registration will be cancelled." in _text(client.get(f"/events/{event.pk}/cancel/"))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/events/{event.pk}/cancel/", {"reason": "Sorry."})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == S.CANCELLED
    assert [m.to for m in mail.outbox] == [[registration.email]]


def test_attendee_list_search_and_check_in(client, lab, facilitator):
    event = EventFactory(lab=lab, capacity=1, starts_at=timezone.now() + timedelta(minutes=30))
    anna = register(event, UserFactory(name="Anna Amsel"))
    bert = register(event, UserFactory(name="Bert Bussard"))  # waiting
    register(event, email="unconfirmed@example.org", confirm=False)
    client.force_login(facilitator)
    page = _text(client.get(f"/events/{event.pk}/attendees/"))
    assert "Anna Amsel" in page and "Bert Bussard" in page
    assert "unconfirmed@example.org" not in page  # not yet a registration
    assert "<caption>" in page and 'scope="col"' in page
    page = _text(client.get(f"/events/{event.pk}/attendees/?q=amsel"))
    assert "Anna Amsel" in page and "Bert Bussard" not in page
    page = _text(client.get(f"/events/{event.pk}/attendees/?q={bert.code.lower()}"))
    assert "Bert Bussard" in page and "Anna Amsel" not in page
    partial = client.get(
        f"/events/{event.pk}/attendees/?q=bert", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="attendee-table"
    )
    assert _text(partial).startswith('<div id="attendee-table">')

    # Without JavaScript: a form post and a redirect back.
    response = client.post(
        f"/events/{event.pk}/attendees/{anna.pk}/check-in/", {"attended": "1", "next_query": "q=anna"}
    )
    assert response["Location"] == f"/events/{event.pk}/attendees/?q=anna"
    anna.refresh_from_db()
    assert anna.attended_at is not None
    # With htmx: the row comes back.
    row = client.post(f"/events/{event.pk}/attendees/{anna.pk}/check-in/", {"attended": "0"}, HTTP_HX_REQUEST="true")
    assert _text(row).startswith(f'<tr id="registration-{anna.pk}">')
    assert "Mark as attended" in _text(row)
    anna.refresh_from_db()
    assert anna.attended_at is None


def test_check_in_by_code(client, lab, manager):
    event = EventFactory(lab=lab, capacity=1, starts_at=timezone.now() + timedelta(minutes=30))
    anna = register(event, UserFactory(name="Anna Amsel"))
    waiting = register(event, UserFactory())
    client.force_login(manager)
    response = client.post(f"/events/{event.pk}/check-in/", {"code": "WRONG"})
    assert response.status_code == 400
    assert "No registration for this event has this code." in _text(response)
    response = client.post(f"/events/{event.pk}/check-in/", {"code": waiting.code})
    assert response.status_code == 400 and "is not confirmed" in _text(response)
    response = client.post(f"/events/{event.pk}/check-in/", {"code": anna.code}, follow=True)
    assert "Anna Amsel is checked in." in _text(response)


def test_other_labs_cannot_check_in_or_see_attendees(client, lab, other_manager):
    event = EventFactory(lab=lab)
    anna = register(event, UserFactory(name="Anna Amsel"))
    client.force_login(other_manager)
    assert client.get(f"/events/{event.pk}/attendees/").status_code == 403
    assert client.post(f"/events/{event.pk}/check-in/", {"code": anna.code}).status_code == 403
    anna.refresh_from_db()
    assert anna.attended_at is None
