"""A lab process written in German and English: the forms save the translation, each reader sees
their language, and what is not translated is marked."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from kosilab.core.models import AuditEntry
from kosilab.core.tests.factories import ChallengeFactory, ProcessFactory
from kosilab.planning.forms import FromTemplateForm
from kosilab.processes.models import Process
from kosilab.processes.services import process_start

pytestmark = pytest.mark.django_db

TITLE = "Fahrradgaragen im Quartier"
SUMMARY = "Wo Räder sicher stehen."
FORM = {"title": TITLE, "summary": SUMMARY, "status": "running", "visibility": "public"}
ENGLISH = {"title_en": "Bicycle garages in the neighbourhood", "summary_en": "Where bikes are parked safely."}


@pytest.fixture
def process(lab):
    return ProcessFactory(lab=lab, title=TITLE, summary=SUMMARY)


def test_the_edit_form_saves_and_removes_an_english_translation(client, manager, process):
    client.force_login(manager)
    url = reverse("processes:edit", args=[process.pk])
    form = {**FORM, "started_on": process.started_on.isoformat()}
    assert client.post(url, {**form, **ENGLISH}).status_code == 302
    process.refresh_from_db()
    assert process.i18n == ENGLISH
    assert process.title == TITLE
    entry = AuditEntry.objects.filter(action="processes.process.updated").latest("pk")
    assert entry.data["fields"] == ["title_en", "summary_en"]
    assert client.post(url, {**form, **ENGLISH, "summary_en": ""}).status_code == 302
    process.refresh_from_db()
    assert process.i18n == {"title_en": ENGLISH["title_en"]}
    entry = AuditEntry.objects.filter(action="processes.process.updated").latest("pk")
    assert entry.data["fields"] == ["summary_en"]


def test_the_edit_form_shows_a_group_per_further_language(client, manager, process):
    process.title_en = ENGLISH["title_en"]
    process.save()
    client.force_login(manager)
    page = client.get(reverse("processes:edit", args=[process.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<details class="translation" open>' in page  # open: it holds a translation
    assert "Translation: English (optional)" in page
    assert 'name="title_en"' in page and 'name="summary_en"' in page and 'lang="en"' in page
    assert f'value="{ENGLISH["title_en"]}"' in page


def test_an_english_reader_sees_the_english_title(client, process):
    process.title_en = ENGLISH["title_en"]
    process.summary_en = ENGLISH["summary_en"]
    process.save()
    page = client.get(process.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"<title>{ENGLISH['title_en']}" in page
    assert f"<h1>{ENGLISH['title_en']}</h1>" in page
    assert f'<p class="lead">{ENGLISH["summary_en"]}</p>' in page
    assert "untranslated-note" not in page
    assert TITLE not in page


def test_without_english_the_german_text_is_marked_and_the_note_shown(client, process):
    page = client.get(process.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"<title>{TITLE} – " in page  # bare text: no element inside <title>
    assert f'<h1><span lang="de">{TITLE}</span></h1>' in page
    assert f'<p class="lead" lang="de">{SUMMARY}</p>' in page
    assert "Not yet translated into English: some texts are shown in German." in page
    assert "Add the translation" not in page  # only for those who may edit


def test_the_team_is_pointed_to_the_edit_page(client, manager, process):
    client.force_login(manager)
    page = client.get(process.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    edit = reverse("processes:edit", args=[process.pk])
    assert f'<a href="{edit}">Add the translation</a>' in page


def test_a_german_reader_sees_german_without_a_note(client, process):
    process.title_en = ENGLISH["title_en"]
    process.save()
    page = client.get(process.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert f"<h1>{TITLE}</h1>" in page
    assert f'<p class="lead">{SUMMARY}</p>' in page
    assert "untranslated-note" not in page
    assert ENGLISH["title_en"] not in page


def test_the_list_shows_the_title_in_the_readers_language(client, process, lab):
    ProcessFactory(lab=lab, title="Nur auf Deutsch")
    process.title_en = ENGLISH["title_en"]
    process.save()
    page = client.get(reverse("processes:list"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'">{ENGLISH["title_en"]}</a>' in page
    assert '"><span lang="de">Nur auf Deutsch</span></a>' in page


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("planning:process_sessions", "<title>Sessions of {title}"),
        ("methods:for_process", "<h1>Methods for {title}</h1>"),
        ("impact:process", "<h1>Indicators: {title}</h1>"),
    ],
)
def test_the_pages_about_a_process_name_it_in_the_readers_language(client, manager, process, name, expected):
    process.title_en = ENGLISH["title_en"]
    process.save()
    client.force_login(manager)
    page = client.get(reverse(name, args=[process.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert expected.format(title=ENGLISH["title_en"]) in page
    assert TITLE not in page


def test_a_process_started_with_a_translation_keeps_it(lab, manager):
    process = process_start(lab=lab, by=manager, title=TITLE, summary=SUMMARY, title_en=" Bicycle garages ")
    process = Process.objects.get(pk=process.pk)
    assert process.title == TITLE
    assert process.i18n == {"title_en": "Bicycle garages"}


def test_an_unknown_translation_is_refused_by_process_start(lab, manager):
    with pytest.raises(TypeError):
        process_start(lab=lab, by=manager, title=TITLE, colour_en="blue")


def test_the_start_form_saves_the_translation_and_offers_the_challenges_own(client, lab, manager):
    challenge = ChallengeFactory(lab=lab, title="Wie parken wir Räder?", summary="Kurz.")
    challenge.title_en = "Where do we park bikes?"
    challenge.save()
    client.force_login(manager)
    url = reverse("processes:create", args=[lab.slug])
    page = client.get(url, {"challenge": challenge.pk}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<details class="translation" open>' in page
    assert 'value="Where do we park bikes?"' in page
    assert f'<option value="{challenge.pk}" selected>Where do we park bikes?</option>' in page
    data = {"challenge": challenge.pk, "title": TITLE, "visibility": "public", **ENGLISH, "summary_en": ""}
    response = client.post(url, data)
    assert response.status_code == 302
    process = Process.objects.get()
    assert process.challenge == challenge
    assert process.i18n == {"title_en": ENGLISH["title_en"]}


def test_a_list_of_processes_to_choose_from_names_them_in_the_readers_language(process):
    process.title_en = ENGLISH["title_en"]
    process.save()
    form = FromTemplateForm(processes=Process.objects.filter(pk=process.pk))
    with translation.override("en"):
        assert [label for _value, label in form.fields["process"].choices][1:] == [ENGLISH["title_en"]]
    with translation.override("de"):
        assert [label for _value, label in form.fields["process"].choices][1:] == [TITLE]
