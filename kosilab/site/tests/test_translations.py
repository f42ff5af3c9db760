"""The manage page and its cockpit name processes, challenges, results and events in the reader's
language, and mark a title shown in German on an English page (kosilab/core/content_languages.py)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine

from kosilab.core.tests.factories import ChallengeFactory, ProcessFactory
from kosilab.events.tests.factories import EventFactory
from kosilab.results.tests.factories import make_result

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
MONDAY_MORNING = dt.datetime(2027, 6, 14, 9, 0, tzinfo=BERLIN)


@pytest.fixture
def desk(lab, manager, client):
    """A running process translated into English; a draft challenge, a draft result and an event
    that are not; another event that is."""
    with time_machine.travel(MONDAY_MORNING, tick=False):
        process = ProcessFactory(lab=lab, title="Quartiersmobilität")
        process.title_en = "Mobility in the neighbourhood"
        process.save()
        ChallengeFactory(lab=lab, status="draft", title="Wo parken Lastenräder?")
        make_result(process, title="Geschäftsmodell", visibility="draft")
        start = MONDAY_MORNING + dt.timedelta(days=2)
        EventFactory(lab=lab, title="Laborabend", starts_at=start, ends_at=start + dt.timedelta(hours=2))
        event = EventFactory(
            lab=lab, title="Werkstatt", starts_at=start + dt.timedelta(hours=3), ends_at=start + dt.timedelta(hours=4)
        )
        event.title_en = "Workshop"
        event.save()
    return client, manager


def _manage(desk, language: str) -> str:
    client, manager = desk
    with time_machine.travel(MONDAY_MORNING, tick=False):
        client.force_login(manager)
        response = client.get("/manage/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def test_the_english_manage_page_shows_english_titles_and_marks_german_ones(desk):
    page = _manage(desk, "en")
    assert ">Mobility in the neighbourhood</a></th>" in page  # the table of running processes
    assert '<span lang="de">Wo parken Lastenräder?</span></a>' in page  # the drafts
    assert 'lang="de">Geschäftsmodell</a>' in page  # the cockpit's draft results
    assert "Draft in “Mobility in the neighbourhood”" in page
    assert 'lang="de">Laborabend</a>' in page  # this week
    assert '">Workshop</a>' in page
    assert "Quartiersmobilität" not in page and "Werkstatt" not in page


def test_the_german_manage_page_shows_german_titles_unmarked(desk):
    page = _manage(desk, "de")
    assert ">Quartiersmobilität</a></th>" in page
    assert '">Wo parken Lastenräder?</a>' in page
    assert '">Geschäftsmodell</a>' in page
    assert '">Werkstatt</a>' in page
    assert 'lang="de">' not in page.replace('<html lang="de">', "").replace('value="de" lang="de">', "")
    assert "Mobility in the neighbourhood" not in page
