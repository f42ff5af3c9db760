"""A lab's focus and description in further languages: written through the lab's form, kept in
``lab.i18n``, shown in the reader's language, and in German (marked as such) where no translation
exists yet (kosilab/core/content_languages.py)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from kosilab.core.models import AuditEntry
from kosilab.labs.models import Lab

pytestmark = pytest.mark.django_db

NOTE = "Not yet translated into English"


def _edit(client, lab: Lab, **values: str):
    data = {"name": lab.name, "city": lab.city, "host": lab.host_id, "is_public": "on"}
    data.update({"focus": lab.focus, "description": lab.description, **values})
    return client.post(reverse("labs:edit", args=[lab.slug]), data)


@pytest.fixture
def german_lab(lab: Lab) -> Lab:
    lab.focus = "Wohnen im Quartier"
    lab.description = "Das Labor erprobt neue Wohnformen."
    lab.save()
    return lab


def test_the_form_offers_the_english_fields_marked_as_english(client, german_lab, manager):
    client.force_login(manager)
    html = client.get(reverse("labs:edit", args=[german_lab.slug])).content.decode()
    assert re.search(r'<textarea[^>]*name="description_en"', html)
    assert re.search(r'<input[^>]*name="focus_en"', html)
    assert re.search(r'name="description_en"[^>]*lang="en"|lang="en"[^>]*name="description_en"', html)
    assert '<details class="translation"' in html


def test_the_english_texts_are_saved_in_the_translations_and_logged(client, german_lab, manager):
    client.force_login(manager)
    response = _edit(
        client, german_lab, focus_en="Housing in the neighbourhood", description_en="The lab tries new ways of living."
    )
    assert response.status_code == 302
    lab = Lab.objects.get(pk=german_lab.pk)
    assert lab.i18n == {
        "focus_en": "Housing in the neighbourhood",
        "description_en": "The lab tries new ways of living.",
    }
    assert lab.focus == "Wohnen im Quartier"  # the German text stays as it was
    entry = AuditEntry.objects.get(action="labs.lab.updated")
    assert set(entry.data["fields"]) == {"focus_en", "description_en"}


def test_an_emptied_translation_is_removed(client, german_lab, manager):
    german_lab.focus_en = "Housing in the neighbourhood"
    german_lab.description_en = "The lab tries new ways of living."
    german_lab.save()
    client.force_login(manager)
    response = _edit(client, german_lab, focus_en="Housing in the neighbourhood", description_en="")
    assert response.status_code == 302
    assert Lab.objects.get(pk=german_lab.pk).i18n == {"focus_en": "Housing in the neighbourhood"}


def test_the_english_page_shows_the_english_texts(client, german_lab):
    german_lab.focus_en = "Housing in the neighbourhood"
    german_lab.description_en = "The lab tries\nnew ways of living."
    german_lab.save()
    html = client.get(german_lab.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<p class="lead">Housing in the neighbourhood</p>' in html
    assert "<p>The lab tries<br>new ways of living.</p>" in html
    assert "Wohnen im Quartier" not in html
    assert NOTE not in html
    assert '<p class="lead" lang="de">' not in html


def test_without_english_texts_the_english_page_shows_the_german_ones_marked(client, german_lab, manager):
    html = client.get(german_lab.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<p class="lead" lang="de">Wohnen im Quartier</p>' in html
    assert '<p lang="de">Das Labor erprobt neue Wohnformen.</p>' in html
    assert NOTE in html
    edit_url = reverse("labs:edit", args=[german_lab.slug])
    assert f'href="{edit_url}"' not in html  # a visitor may not add the translation

    client.force_login(manager)
    html = client.get(german_lab.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert re.search(rf'class="untranslated-note".*<a href="{re.escape(edit_url)}">Add the translation</a>', html)


def test_a_partly_translated_lab_marks_only_the_german_text(client, german_lab):
    german_lab.focus_en = "Housing in the neighbourhood"
    german_lab.save()
    html = client.get(german_lab.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<p class="lead">Housing in the neighbourhood</p>' in html
    assert '<p lang="de">Das Labor erprobt neue Wohnformen.</p>' in html
    assert NOTE in html


def test_the_german_page_shows_the_german_texts(client, german_lab):
    german_lab.focus_en = "Housing in the neighbourhood"
    german_lab.description_en = "The lab tries new ways of living."
    german_lab.save()
    html = client.get(german_lab.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert '<p class="lead">Wohnen im Quartier</p>' in html
    assert "<p>Das Labor erprobt neue Wohnformen.</p>" in html
    assert "Housing in the neighbourhood" not in html
    assert 'class="untranslated-note"' not in html


def test_the_lab_list_shows_the_focus_in_the_readers_language(client, german_lab, other_lab):
    german_lab.focus_en = "Housing in the neighbourhood"
    german_lab.save()
    other_lab.focus = "Mobilität"
    other_lab.save()
    html = client.get(reverse("labs:list"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<p>Housing in the neighbourhood</p>" in html
    assert '<p lang="de">Mobilität</p>' in html
    html = client.get(reverse("labs:list"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "<p>Wohnen im Quartier</p>" in html
    assert "<p>Mobilität</p>" in html
