"""A challenge written in German and English: the edit form saves the translation, each reader sees
their language, what is not translated is marked, and the list finds a challenge by its English."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kosilab.challenges.models import Challenge
from kosilab.core.models import AuditEntry
from kosilab.core.tests.factories import ChallengeFactory

pytestmark = pytest.mark.django_db

FORM = {
    "title": "Wie kommen mehr Menschen mit dem Rad zur Arbeit?",
    "summary": "Eine Frage der Stadt.",
    "context": "Viele fahren Auto.",
    "status": "open",
    "wanted_sectors": ["public"],
}


@pytest.fixture
def challenge(lab):
    return ChallengeFactory(lab=lab, title=FORM["title"], summary=FORM["summary"], context=FORM["context"])


def test_the_edit_form_saves_and_removes_an_english_translation(client, facilitator, challenge):
    client.force_login(facilitator)
    url = reverse("challenges:edit", args=[challenge.pk])
    english = {"title_en": "How can more people cycle to work?", "summary_en": "A question of the city."}
    assert client.post(url, {**FORM, **english}).status_code == 302
    challenge.refresh_from_db()
    assert challenge.i18n == english
    assert challenge.title == FORM["title"]
    entry = AuditEntry.objects.filter(action="challenges.challenge.updated").latest("pk")
    assert entry.data["fields"] == ["title_en", "summary_en"]
    assert client.post(url, {**FORM, **english, "summary_en": ""}).status_code == 302
    challenge.refresh_from_db()
    assert challenge.i18n == {"title_en": "How can more people cycle to work?"}


def test_the_form_shows_a_group_per_further_language(client, facilitator, challenge):
    client.force_login(facilitator)
    page = client.get(reverse("challenges:edit", args=[challenge.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<details class="translation">' in page  # closed: nothing translated yet
    assert "Translation: English (optional)" in page
    assert 'name="title_en"' in page and 'lang="en"' in page


def test_an_english_reader_sees_english_and_the_rest_marked_german(client, challenge):
    challenge.title_en = "How can more people cycle to work?"
    challenge.save()
    page = client.get(challenge.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<h1>How can more people cycle to work?</h1>" in page
    assert '<p class="lead"><span lang="de">Eine Frage der Stadt.</span></p>' in page
    assert '<p lang="de">Viele fahren Auto.</p>' in page
    assert "Not yet translated into English: some texts are shown in German." in page
    assert "Add the translation" not in page  # only for those who may edit


def test_the_team_is_pointed_to_the_edit_page(client, facilitator, challenge):
    client.force_login(facilitator)
    page = client.get(challenge.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    edit = reverse("challenges:edit", args=[challenge.pk])
    assert f'<a href="{edit}">Add the translation</a>' in page


def test_a_german_reader_sees_german_without_a_note(client, challenge):
    challenge.title_en = "How can more people cycle to work?"
    challenge.save()
    page = client.get(challenge.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert f"<h1>{FORM['title']}</h1>" in page
    assert "untranslated-note" not in page


def test_the_list_finds_a_challenge_by_its_english_title(client, challenge, lab):
    ChallengeFactory(lab=lab, title="Wo parken Lastenräder?")
    challenge.title_en = "How can more people cycle to work?"
    challenge.save()
    page = client.get(reverse("challenges:list"), {"q": "cycle"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "How can more people cycle to work?" in page
    assert "Lastenräder" not in page
    assert Challenge.objects.count() == 2
