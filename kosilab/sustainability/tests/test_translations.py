"""The legacy page reads its processes and results as values, with their translations: each title
in the reader's language, a German one marked on an English page (kosilab/core/content_languages.py)."""

from __future__ import annotations

import pytest

from kosilab.core.tests.factories import ChallengeFactory, ProcessFactory
from kosilab.results.tests.factories import make_result

pytestmark = pytest.mark.django_db


@pytest.fixture
def legacy(lab, manager, client):
    challenge = ChallengeFactory(lab=lab, title="Wo parken Lastenräder?")
    process = ProcessFactory(lab=lab, challenge=challenge, title="Quartiersmobilität")
    process.title_en = "Mobility in the neighbourhood"
    process.save()
    result = make_result(process, title="Geschäftsmodell")
    result.title_en = "Business model"
    result.save()
    translated = ChallengeFactory(lab=lab, title="Wie finden Menschen ins Labor?")
    translated.title_en = "How do people find the lab?"
    translated.save()
    ProcessFactory(lab=lab, challenge=translated, title="Wegweiser")
    client.force_login(manager)
    return f"/sustainability/{lab.slug}/legacy/"


def test_the_english_legacy_page_shows_english_titles_and_marks_german_ones(client, legacy):
    page = client.get(legacy, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert ">Mobility in the neighbourhood</a>" in page
    assert '<td lang="de">Wo parken Lastenräder?</td>' in page  # the question, not translated
    assert "<td>How do people find the lab?</td>" in page
    assert '<a href="/processes/' in page and '" lang="de">Wegweiser</a>' in page
    assert ">Business model</a>" in page
    assert "<td>Mobility in the neighbourhood</td>" in page  # the result's process
    assert "Quartiersmobilität" not in page and "Geschäftsmodell" not in page


def test_the_german_legacy_page_shows_german_titles(client, legacy):
    page = client.get(legacy, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert ">Quartiersmobilität</a>" in page
    assert "<td>Wo parken Lastenräder?</td>" in page
    assert "<td>Wie finden Menschen ins Labor?</td>" in page
    assert ">Geschäftsmodell</a>" in page
    assert "Mobility in the neighbourhood" not in page and "Business model" not in page
