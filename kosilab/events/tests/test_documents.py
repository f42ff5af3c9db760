"""Certificates, feedback, attendee exports and calendars of events."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta
from decimal import Decimal

import icalendar
import openpyxl
import pytest
from django.utils import timezone, translation

from kosilab.core.errors import DomainError
from kosilab.core.models import AuditEntry
from kosilab.core.tests.factories import LabFactory, UserFactory
from kosilab.core.tests.pdf import NAMES, assert_names_drawn, page_count, pdf_content_text
from kosilab.events.documents import calendar
from kosilab.events.documents.pdf import certificate_hours, initials, pdf_text
from kosilab.events.models import Answer, Event, EventStatus, Feedback, Question, Registration, RegistrationStatus
from kosilab.events.services import feedback_give
from kosilab.events.tests.factories import EventFactory
from kosilab.labs.models import LabRole
from kosilab.labs.services import lab_team_set
from kosilab.rooms.models import Room

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


def registration(event, *, name="", attended=False, status=RegistrationStatus.CONFIRMED, language="en", **values):
    n = Registration.objects.count() + 1
    return Registration.objects.create(
        event=event,
        name=name or f"Guest {n}",
        email=values.pop("email", f"guest{n}@example.org"),
        status=status,
        language=language,
        attended_at=timezone.now() if attended else None,
        **values,
    )


def past_event(lab=None, **values) -> Event:
    start = values.pop("starts_at", timezone.now() - timedelta(days=1))
    return EventFactory(lab=lab, starts_at=start, ends_at=values.pop("ends_at", start + timedelta(hours=2)), **values)


# --- Certificates ------------------------------------------------------------------------------


def test_attendee_downloads_their_certificate(client, lab):
    event = past_event(
        lab,
        title="Werkstatt: Straßen für alle",
        organiser="Amt für Stadtentwicklung",
        starts_at=timezone.make_aware(timezone.datetime(2025, 5, 6, 18, 0)),
        ends_at=timezone.make_aware(timezone.datetime(2025, 5, 6, 20, 20)),
    )
    mine = registration(event, name="Jürgen Groß", attended=True)
    response = client.get(f"/events/r/{mine.token}/certificate.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF-")
    text = pdf_content_text(response.content)
    for expected in (
        "Certificate of attendance",
        "Jürgen Groß",
        "Werkstatt: Straßen für alle",
        "Organiser: Amt für Stadtentwicklung",
        "Duration: 2.5 hours",
        "6 May 2025",
        "18:00",
        "20:20",
        "Home Lab",
        f"Certificate no. {event.pk}-{mine.pk}",
    ):
        assert expected in text, expected


def test_certificate_language_from_registration_or_query(client, lab):
    event = past_event(lab, starts_at=timezone.make_aware(timezone.datetime(2025, 5, 6, 18, 0)))
    german = registration(event, attended=True, language="de")
    assert "6. Mai 2025" in pdf_content_text(client.get(f"/events/r/{german.token}/certificate.pdf").content)
    text = pdf_content_text(client.get(f"/events/r/{german.token}/certificate.pdf?lang=en").content)
    assert "6 May 2025" in text
    # An unknown language falls back to the registration's.
    text = pdf_content_text(client.get(f"/events/r/{german.token}/certificate.pdf?lang=xx").content)
    assert "6. Mai 2025" in text


def test_certificate_only_for_checked_in_attendees(client, lab):
    event = past_event(lab)
    not_there = registration(event)
    cancelled = registration(event, attended=True, status=RegistrationStatus.CANCELLED)
    assert client.get(f"/events/r/{not_there.token}/certificate.pdf").status_code == 404
    assert client.get(f"/events/r/{cancelled.token}/certificate.pdf").status_code == 404
    assert client.get("/events/r/not-a-token/certificate.pdf").status_code == 404
    assert client.get(f"/events/r/{'x' * 70}/certificate.pdf").status_code == 404


def test_certificate_with_characters_the_font_lacks(client):
    """The embedded font draws Latin, Greek, Cyrillic and Arabic; CJK and emoji become "?", not boxes."""
    event = past_event(None, title="Zukunft – „gemeinsam“ 🌱", organiser="Łódź & 東京")
    mine = registration(event, name="Dvořák 李小龍 <script>", attended=True)
    response = client.get(f"/events/r/{mine.token}/certificate.pdf")
    assert response.status_code == 200
    text = pdf_content_text(response.content)
    assert "Dvořák ??? <script>" in text
    assert "Zukunft – „gemeinsam“ ?" in text
    assert "Łódź & ??" in text


@pytest.mark.parametrize("language", ["de", "en"])
def test_certificates_print_every_name(client, lab, manager, language):
    """Names in Cyrillic, Greek, Arabic and Latin with any accents, in the name and in the title."""
    event = past_event(lab, title=f"Erzählcafé mit {NAMES[0]} und {NAMES[9]}", organiser=NAMES[6])
    attendees = [registration(event, name=name, attended=True, language=language) for name in NAMES]
    client.force_login(manager)
    response = client.get(f"/events/{event.pk}/certificates.pdf")
    assert response.status_code == 200
    assert page_count(response.content) == len(NAMES)
    assert_names_drawn(response.content, (*NAMES, event.title))
    text = pdf_content_text(response.content)
    assert ("Teilnahmebescheinigung" if language == "de" else "Certificate of attendance") in text
    for mine in attendees:  # the attendee's own download, one page
        assert_names_drawn(client.get(f"/events/r/{mine.token}/certificate.pdf").content, (mine.name,))


def test_pdf_text_and_initials():
    assert pdf_text("Grüße, Ærø – €") == "Grüße, Ærø – €"
    assert pdf_text("Łukasz\tŻółć\n") == "Łukasz Żółć"
    assert pdf_text("Ελλάδα") == "Ελλάδα"
    assert pdf_text("Nguye\u0302\u0303n") == "Nguyễn"  # composed: one glyph per letter
    assert pdf_text("東京 🌱") == "?? ?"
    assert initials("Home Lab") == "HL"
    assert initials("KoSI-Lab Dortmund") == "KL"
    assert initials("Ümit") == "Ü"
    assert initials("") == "K"


@pytest.mark.parametrize(
    ("minutes", "credit", "expected"),
    [(120, None, "2"), (140, None, "2.5"), (134, None, "2"), (10, None, "0.5"), (60, Decimal("7.5"), "7.5")],
)
def test_certificate_hours(minutes, credit, expected):
    start = timezone.now()
    event = Event(starts_at=start, ends_at=start + timedelta(minutes=minutes), credit_hours=credit)
    assert certificate_hours(event) == Decimal(expected)


def test_organiser_downloads_one_or_all_certificates(client, lab, manager, facilitator, participant, other_manager):
    event = past_event(lab)
    ada = registration(event, name="Ada", attended=True)
    registration(event, name="Bea", attended=True, language="de")
    absent = registration(event, name="Carl")
    other = registration(past_event(lab), name="Dora", attended=True)
    one = f"/events/{event.pk}/attendees/{ada.pk}/certificate.pdf"
    for user in (manager, facilitator):
        client.force_login(user)
        response = client.get(one)
        assert response.status_code == 200
        assert "Ada" in pdf_content_text(response.content)
    assert client.get(f"/events/{event.pk}/attendees/{absent.pk}/certificate.pdf").status_code == 404
    assert client.get(f"/events/{event.pk}/attendees/{other.pk}/certificate.pdf").status_code == 404
    response = client.get(f"/events/{event.pk}/certificates.pdf")
    assert response.status_code == 200
    assert page_count(response.content) == 2
    text = pdf_content_text(response.content)
    assert "Ada" in text
    assert "Bea" in text
    assert "Carl" not in text
    for user, status in ((participant, 403), (other_manager, 403)):
        client.force_login(user)
        assert client.get(one).status_code == status
        assert client.get(f"/events/{event.pk}/certificates.pdf").status_code == status
    client.logout()
    assert client.get(one)["Location"].startswith("/accounts/login/")


def test_all_certificates_without_check_ins_explains(client, lab, manager):
    event = past_event(lab)
    registration(event)
    client.force_login(manager)
    response = client.get(f"/events/{event.pk}/certificates.pdf")
    assert response.status_code == 200
    assert "Nobody has been checked in" in response.content.decode()


def test_attendee_cannot_fetch_the_staff_certificate_of_someone_else(client, lab, participant):
    event = past_event(lab)
    theirs = registration(event, user=participant, attended=True)
    other = registration(event, attended=True)
    client.force_login(participant)
    assert client.get(f"/events/{event.pk}/attendees/{other.pk}/certificate.pdf").status_code == 403
    assert client.get(f"/events/r/{theirs.token}/certificate.pdf").status_code == 200


# --- Feedback ----------------------------------------------------------------------------------

VALID = {"rating": "4", "usefulness": "5", "recommend": "yes", "comment": "Gut moderiert."}


def test_attendee_gives_feedback_once(client, lab):
    event = past_event(lab)
    mine = registration(event, attended=True)
    url = f"/events/r/{mine.token}/feedback/"
    page = client.get(url)
    assert page.status_code == 200
    assert "How would you rate the event overall?" in page.content.decode()
    response = client.post(url, VALID)
    assert response.status_code == 302
    feedback = Feedback.objects.get()
    assert (feedback.rating, feedback.usefulness, feedback.recommend, feedback.comment) == (
        4,
        5,
        True,
        "Gut moderiert.",
    )
    assert feedback.event == event
    assert AuditEntry.objects.filter(action="events.feedback.given", object_id=str(event.pk), lab=lab).count() == 1
    again = client.post(url, {**VALID, "rating": "1"}, follow=True)
    assert "You have already given feedback for this event." in again.content.decode()
    assert Feedback.objects.count() == 1
    assert Feedback.objects.get().rating == 4
    assert "Send feedback" not in client.get(url).content.decode()


def test_feedback_service_refuses_a_second_time():
    event = past_event()
    mine = registration(event, attended=True)
    feedback_give(registration=mine, rating=3, usefulness=3, recommend=False)
    with pytest.raises(DomainError, match="already given feedback"):
        feedback_give(registration=mine, rating=3, usefulness=3, recommend=False)


def test_feedback_only_after_the_start(client, lab):
    event = EventFactory(lab=lab)  # next week
    mine = registration(event, attended=False)
    url = f"/events/r/{mine.token}/feedback/"
    assert "Feedback opens when the event has started" in client.get(url).content.decode()
    client.post(url, VALID)
    assert not Feedback.objects.exists()


def test_feedback_of_confirmed_registrations_when_nobody_was_checked_in(client, lab):
    event = past_event(lab)
    confirmed = registration(event)
    waiting = registration(event, status=RegistrationStatus.WAITING)
    assert client.post(f"/events/r/{waiting.token}/feedback/", VALID).status_code == 200
    assert not Feedback.objects.exists()
    assert client.post(f"/events/r/{confirmed.token}/feedback/", VALID).status_code == 302
    assert Feedback.objects.count() == 1


def test_no_feedback_from_absentees_when_there_was_a_check_in(client, lab):
    event = past_event(lab)
    registration(event, attended=True)
    absent = registration(event)
    page = client.post(f"/events/r/{absent.token}/feedback/", VALID)
    assert "Only attendees of the event can give feedback." in page.content.decode()
    assert not Feedback.objects.exists()


def test_no_feedback_for_a_cancelled_event(client, lab):
    event = past_event(lab, status=EventStatus.CANCELLED)
    mine = registration(event, attended=True)
    client.post(f"/events/r/{mine.token}/feedback/", VALID)
    assert not Feedback.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {**VALID, "rating": "9"},
        {**VALID, "usefulness": "0"},
        {**VALID, "rating": "x"},
        {**VALID, "recommend": ""},
        {**VALID, "comment": "x" * 2001},
        {"comment": "only a comment"},
    ],
)
def test_invalid_feedback_changes_nothing(client, data):
    mine = registration(past_event(), attended=True)
    response = client.post(f"/events/r/{mine.token}/feedback/", data)
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()
    assert not Feedback.objects.exists()


def test_feedback_results_for_organisers(client, lab, manager, participant, other_manager):
    event = past_event(lab)
    for rating, comment in ((5, "Sehr gut <script>alert(1)</script>"), (4, ""), (4, "Mehr Pausen"), (1, "")):
        reg = registration(event, name=f"Secret Name {rating}{comment[:2]}", attended=True)
        feedback_give(registration=reg, rating=rating, usefulness=3, recommend=rating > 2, comment=comment)
    url = f"/events/{event.pk}/feedback/"
    client.force_login(manager)
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Secret Name" not in page
    assert "<script>alert(1)</script>" not in page
    assert "Sehr gut &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Mehr Pausen" in page
    assert "3.5 of 5" in page  # (5 + 4 + 4 + 1) / 4
    assert "3.0 of 5" in page
    assert "3 of 4 (75 %)" in page
    assert 'role="img"' in page
    assert "<title id=" in page
    assert "1: 1; 2: 0; 3: 0; 4: 2; 5: 1" in page  # the chart's description
    assert "<table>" in page
    assert '<th scope="row">4</th><td>2</td>' in page
    assert "style=" not in page
    assert "<script>" not in page.split("</head>")[1]
    for user, status in ((participant, 403), (other_manager, 403)):
        client.force_login(user)
        assert client.get(url).status_code == status
    client.logout()
    assert client.get(url)["Location"].startswith("/accounts/login/")


def test_feedback_results_without_feedback(client, lab, manager):
    client.force_login(manager)
    assert "No feedback yet." in client.get(f"/events/{past_event(lab).pk}/feedback/").content.decode()


# --- Attendee exports --------------------------------------------------------------------------


@pytest.fixture
def export_event(lab):
    event = past_event(lab, title="Workshop 1")
    diet = Question.objects.create(event=event, label="Diet?", position=1)
    note = Question.objects.create(event=event, label="=Note", position=2)
    ada = registration(event, name="Ada Ärger", email="ada@example.org", attended=True)
    Answer.objects.create(registration=ada, question=diet, value="vegan")
    evil = registration(event, name='=HYPERLINK("http://evil","x")', email="evil@example.org")
    Answer.objects.create(registration=evil, question=note, value="@SUM(1+1)")
    registration(event, name="Waiting Wim", status=RegistrationStatus.WAITING)
    registration(event, name="Unconfirmed Udo", status=RegistrationStatus.UNCONFIRMED)
    return event


def test_attendees_csv(client, manager, export_event):
    client.force_login(manager)
    response = client.get(f"/events/{export_event.pk}/attendees.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="attendees-{export_event.pk}-workshop-1.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Name", "E-mail", "Status", "Registered at", "Checked in at", "Check-in code", "Diet?", "'=Note"]
    by_name = {row[0]: row for row in rows[1:]}
    assert set(by_name) == {"Ada Ärger", '\'=HYPERLINK("http://evil","x")', "Waiting Wim"}
    ada = by_name["Ada Ärger"]
    assert ada[1:3] == ["ada@example.org", "Confirmed"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", ada[3])
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", ada[4])
    assert ada[5] == Registration.objects.get(name="Ada Ärger").code
    assert ada[6:] == ["vegan", ""]
    assert by_name['\'=HYPERLINK("http://evil","x")'][6:] == ["", "'@SUM(1+1)"]
    assert by_name["Waiting Wim"][2] == "On the waiting list"
    assert by_name["Waiting Wim"][4] == ""


def test_attendees_xlsx_has_no_formula(client, manager, export_event):
    client.force_login(manager)
    response = client.get(f"/events/{export_event.pk}/attendees.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Attendees"
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][-2:] == ["Diet?", "=Note"]
    assert ['=HYPERLINK("http://evil","x")', "evil@example.org"] in [row[:2] for row in values]
    assert "@SUM(1+1)" in [row[-1] for row in values]
    assert "Unconfirmed Udo" not in [row[0] for row in values]


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_exports_only_for_organisers(client, lab, export_event, participant, other_manager, suffix):
    url = f"/events/{export_event.pk}/attendees.{suffix}"
    assert client.get(url)["Location"].startswith("/accounts/login/")
    for user in (participant, other_manager):
        client.force_login(user)
        assert client.get(url).status_code == 403


def test_exports_of_a_private_labs_event_are_not_found_elsewhere(client, other_manager):
    hidden = LabFactory(slug="hidden-lab", name="Hidden", is_public=False)
    event = past_event(hidden)
    client.force_login(other_manager)
    assert client.get(f"/events/{event.pk}/attendees.csv").status_code == 404
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert client.get(f"/events/{event.pk}/attendees.csv").status_code == 200


# --- Calendars ---------------------------------------------------------------------------------


def _calendar(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def _uids(response) -> list[str]:
    return [str(component["UID"]) for component in _calendar(response).walk("VEVENT")]


def test_event_ics(client, lab):
    room = Room.objects.create(lab=lab, name="Werkraum", capacity=20, location="Rathausplatz 1, 2. OG")
    event = EventFactory(lab=lab, title="Zukunftswerkstatt", room=room, address="")
    response = client.get(f"/events/{event.pk}/event.ics")
    assert response["Content-Disposition"] == f'attachment; filename="event-{event.pk}.ics"'
    calendar = _calendar(response)
    assert str(calendar["X-WR-CALNAME"]) == "Zukunftswerkstatt"
    [vevent] = calendar.walk("VEVENT")
    assert str(vevent["UID"]) == str(event.uid)
    assert str(vevent["SUMMARY"]) == "Zukunftswerkstatt"
    assert str(vevent["LOCATION"]) == "Werkraum, Rathausplatz 1, 2. OG"
    assert str(vevent["URL"]) == f"http://testserver/events/{event.pk}/"
    assert vevent.decoded("DTSTART") == event.starts_at
    assert str(vevent["STATUS"]) == "CONFIRMED"


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"address": "Markt 3, Dortmund"}, "Markt 3, Dortmund"),
        ({"address": "", "online_url": "https://meet.example.org/lab"}, "https://meet.example.org/lab"),
    ],
)
def test_event_ics_location_fallbacks(client, values, expected):
    event = EventFactory(**values)
    [vevent] = _calendar(client.get(f"/events/{event.pk}/event.ics")).walk("VEVENT")
    assert str(vevent["LOCATION"]) == expected


def test_event_ics_of_a_draft_or_hidden_event_is_not_found(client, lab, manager):
    draft = EventFactory(lab=lab, status=EventStatus.DRAFT)
    assert client.get(f"/events/{draft.pk}/event.ics").status_code == 404
    client.force_login(manager)
    assert client.get(f"/events/{draft.pk}/event.ics").status_code == 200


def test_network_feed(client, lab):
    hidden = LabFactory(slug="hidden-lab", name="Hidden", is_public=False)
    upcoming = EventFactory(lab=lab)
    network = EventFactory(lab=None)
    cancelled = EventFactory(lab=lab, status=EventStatus.CANCELLED)
    Event.objects.filter(pk=cancelled.pk).update(sequence=2)
    recent = past_event(lab, starts_at=timezone.now() - timedelta(days=20))
    old = past_event(lab, starts_at=timezone.now() - timedelta(days=40))
    draft = EventFactory(lab=lab, status=EventStatus.DRAFT)
    private = EventFactory(lab=hidden)
    response = client.get("/events/calendar.ics")
    assert response["Content-Disposition"] == 'attachment; filename="kosilab-events.ics"'
    calendar = _calendar(response)
    assert "KoSI-Lab" in str(calendar["X-WR-CALNAME"])
    by_uid = {str(vevent["UID"]): vevent for vevent in calendar.walk("VEVENT")}
    assert set(by_uid) == {str(e.uid) for e in (upcoming, network, cancelled, recent)}
    assert str(old.uid) not in by_uid
    assert str(draft.uid) not in by_uid
    assert str(private.uid) not in by_uid
    assert str(by_uid[str(cancelled.uid)]["STATUS"]) == "CANCELLED"
    assert int(by_uid[str(cancelled.uid)]["SEQUENCE"]) == 2


def test_lab_feed(client, lab, other_lab):
    mine = EventFactory(lab=lab)
    EventFactory(lab=other_lab)
    EventFactory(lab=None)
    response = client.get(f"/events/lab/{lab.slug}/calendar.ics")
    assert response["Content-Disposition"] == f'attachment; filename="{lab.slug}.ics"'
    assert str(_calendar(response)["X-WR-CALNAME"]) == "Home Lab"
    assert _uids(response) == [str(mine.uid)]
    assert client.get("/events/lab/no-such-lab/calendar.ics").status_code == 404


def test_feed_of_a_private_lab_only_for_its_team(client, other_manager):
    hidden = LabFactory(slug="hidden-lab", name="Hidden", is_public=False)
    event = EventFactory(lab=hidden)
    assert client.get("/events/lab/hidden-lab/calendar.ics").status_code == 404
    lab_team_set(lab=hidden, user=other_manager, role=LabRole.MANAGER, by=None)
    client.force_login(other_manager)
    assert _uids(client.get("/events/lab/hidden-lab/calendar.ics")) == [str(event.uid)]


def test_feed_is_limited(client, lab, monkeypatch):
    monkeypatch.setattr(calendar, "FEED_LIMIT", 3)
    events = [EventFactory(lab=lab, starts_at=timezone.now() + timedelta(days=n)) for n in range(1, 6)]
    assert _uids(client.get("/events/calendar.ics")) == [str(e.uid) for e in events[:3]]


def test_export_links_include_renders(export_event):
    from django.template.loader import render_to_string

    html = render_to_string("events/export_links.html", {"event": export_event})
    for url in ("attendees.csv", "attendees.xlsx", "certificates.pdf", "feedback/"):
        assert f"/events/{export_event.pk}/{url}" in html
