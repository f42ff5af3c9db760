"""Print view, PDF agenda and the calendar entry."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.utils import translation

from kosilab.core.tests.pdf import NAMES, assert_names_drawn, page_count, pdf_content_text
from kosilab.planning import pdf, selectors, services
from kosilab.planning.tests.factories import MethodFactory, add_blocks
from kosilab.rooms.tests.factories import RoomFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned(session, manager, member):
    cafe = MethodFactory(title_en="World Café", title_de="Weltcafé", duration_min=60, materials_en="Flipchart\nMarkers")
    services.block_add(session=session, by=manager, title="Welcome", minutes=15, responsible=member)
    services.block_add(session=session, by=manager, method=cafe, notes="Three rounds of 20 minutes")
    services.block_add(session=session, by=manager, title="Łódź & Dvořák: wrap-up", minutes=20)
    return session


def test_pdf_is_a_pdf_with_the_blocks_and_materials(client, planned, member):
    client.force_login(member)
    response = client.get(f"/planning/{planned.pk}/agenda.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith('attachment; filename="agenda-kick-off-workshop')
    content = response.content
    assert content.startswith(b"%PDF-")
    text = " ".join(pdf_content_text(content).split())  # table cells wrap their lines
    for expected in (
        "Kick-off workshop",
        "Shared mobility in the north",
        "Welcome",
        "World Café",
        "Mia Member",
        "Three rounds of 20 minutes",
        "10:15",
        "11:15",
        "Łódź & Dvořák: wrap-up",
        "Flipchart",
        "Materials",
        "Kick-off workshop – page 1 of ",
    ):
        assert expected in text, expected


def test_pdf_is_in_the_readers_language_and_has_several_pages(planned, manager):
    add_blocks(planned, *([10] * 50))
    blocks = selectors.blocks_of(planned)
    with translation.override("de"):
        text = pdf_content_text(pdf.render_agenda(planned, blocks))
        content = pdf.render_agenda(planned, blocks)
    assert "Datum" in text  # the date label, from the German catalogue
    assert page_count(content) >= 2


@pytest.mark.parametrize("language", ["de", "en"])
def test_pdf_prints_every_name(session, manager, language):
    """Names in every script in the title, the block titles, the responsible column and the notes."""
    session.title = f"Werkstatt mit {NAMES[9]}"
    session.save(update_fields=["title"])
    for name in NAMES:
        services.block_add(
            session=session, by=manager, title=f"Runde: {name}", minutes=10, responsible_name=name, notes=name
        )
    with translation.override(language):
        content = pdf.render_agenda(session, selectors.blocks_of(session))
    assert_names_drawn(content, (*NAMES, session.title, *(f"Runde: {name}" for name in NAMES)))
    assert ("Verantwortlich" if language == "de" else "Responsible") in pdf_content_text(content)


def test_pdf_warns_about_an_overrun(planned):
    add_blocks(planned, 200)
    text = pdf_content_text(pdf.render_agenda(planned, selectors.blocks_of(planned)))
    assert "The plan is 115 minutes longer than the slot of 180 minutes." in text


def test_print_view_has_no_navigation(client, planned, member):
    client.force_login(member)
    page = client.get(f"/planning/{planned.pk}/print/").content.decode()
    assert "World Café" in page and "Flipchart" in page
    assert 'class="site-header"' not in page
    assert "@media print" not in page  # styles live in planning.css, not inline
    assert "<script>" not in page and "style=" not in page


def test_calendar_entry(client, planned, member, lab):
    planned.room = RoomFactory(lab=lab, name="Workshop room", location="Main Street 1")
    planned.save()
    client.force_login(member)
    response = client.get(f"/planning/{planned.pk}/session.ics")
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.content)
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Kick-off workshop"
    assert str(event["LOCATION"]) == "Workshop room, Main Street 1"
    assert "10:15–11:15 World Café" in str(event["DESCRIPTION"])
    assert event.decoded("DTEND") - event.decoded("DTSTART") == dt.timedelta(hours=3)
