"""Content in more than one language (kosilab/core/content_languages.py): which text a reader sees,
how a text in another language than the page is marked, and the translation fields of forms."""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

from kosilab.challenges.forms import ChallengeForm
from kosilab.challenges.models import Challenge
from kosilab.challenges.services import challenge_create
from kosilab.core import content_languages
from kosilab.core.content_languages import localise, translation_field_names, untranslated
from kosilab.core.tests.factories import ChallengeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def challenge(lab):
    challenge = ChallengeFactory(lab=lab, title="Wie wohnen wir im Alter?", summary="Eine Frage der Stadt.")
    challenge.title_en = "How do we live when we are old?"
    challenge.save()
    return Challenge.objects.get(pk=challenge.pk)


def test_the_installation_language_comes_first_and_english_is_a_further_language():
    assert content_languages.content_languages() == ("de", "en")
    assert content_languages.further_languages() == ("en",)
    assert translation_field_names(Challenge) == ("title_en", "summary_en", "context_en", "goals_en")
    assert translation_field_names(Challenge, "title") == ("title_en",)


def test_translations_are_kept_in_one_json_column(challenge):
    assert challenge.i18n == {"title_en": "How do we live when we are old?"}
    assert challenge.title == "Wie wohnen wir im Alter?"


def test_a_reader_sees_their_language_else_german(challenge):
    assert localise(challenge, "title", "en").text == "How do we live when we are old?"
    assert not localise(challenge, "title", "en").is_other_language
    summary = localise(challenge, "summary", "en")
    assert (summary.text, summary.language, summary.is_other_language) == ("Eine Frage der Stadt.", "de", True)
    assert localise(challenge, "title", "de").text == "Wie wohnen wir im Alter?"
    with translation.override("en-gb"):  # a regional variant reads the language's texts
        assert localise(challenge, "title").text == "How do we live when we are old?"


def test_a_text_written_only_in_english_is_shown_to_german_readers_marked_as_english(lab):
    challenge = ChallengeFactory(lab=lab, context="")
    challenge.context_en = "Written in English only."
    shown = localise(challenge, "context", "de")
    assert (shown.text, shown.language) == ("Written in English only.", "en")
    assert shown.lang_attr == ' lang="en"'


def test_nothing_anywhere_gives_an_empty_text(lab):
    challenge = ChallengeFactory(lab=lab, goals="")
    shown = localise(challenge, "goals", "en")
    assert shown.text == "" and not shown.is_other_language and shown.lang_attr == ""


def test_untranslated_names_the_fields_shown_in_another_language(challenge):
    assert untranslated(challenge, "en") == ["summary"]
    assert untranslated(challenge, "de") == []


def test_a_row_read_without_its_translations_costs_no_query(challenge, django_assert_num_queries):
    row = Challenge.objects.only("id", "title").get(pk=challenge.pk)
    with django_assert_num_queries(0):
        assert localise(row, "title", "en").text == "Wie wohnen wir im Alter?"


def test_the_filters_mark_a_fallback_with_its_language_and_escape(challenge):
    challenge.summary = "<b>Eine</b> Frage"
    template = Template(
        '{% load content %}<h1>{{ c|localised:"title" }}</h1><p>{{ c|localised:"summary" }}</p>'
        '<title>{{ c|localised_text:"summary" }}</title>'
        '{% localise c "summary" as s %}<div{{ s.lang_attr }}>{{ s.text }}</div>'
    )
    with translation.override("en"):
        html = template.render(Context({"c": challenge}))
    assert "<h1>How do we live when we are old?</h1>" in html
    assert '<p><span lang="de">&lt;b&gt;Eine&lt;/b&gt; Frage</span></p>' in html
    assert "<title>&lt;b&gt;Eine&lt;/b&gt; Frage</title>" in html
    assert '<div lang="de">&lt;b&gt;Eine&lt;/b&gt; Frage</div>' in html
    with translation.override("de"):
        html = template.render(Context({"c": challenge}))
    assert "<h1>Wie wohnen wir im Alter?</h1>" in html and 'lang="de"' not in html


def test_the_untranslated_note_names_the_languages_and_links_to_the_edit_page(challenge):
    template = Template("{% load content %}{% untranslated_note c url %}")
    with translation.override("en"):
        note = template.render(Context({"c": challenge, "url": "/edit/"}))
        assert "Not yet translated into English: some texts are shown in German." in note
        assert '<a href="/edit/">Add the translation</a>' in note
        assert "Add the translation" not in template.render(Context({"c": challenge, "url": ""}))
    with translation.override("de"):
        assert template.render(Context({"c": challenge, "url": "/edit/"})).strip() == ""


def test_a_form_offers_each_translated_field_in_each_further_language(lab, challenge):
    with translation.override("en"):
        form = ChallengeForm(instance=challenge)
        assert [field.name for field in form.visible_fields()][:2] == ["title", "summary"]
        (group,) = form.translation_groups()
        assert group["language"] == "en" and group["open"] is True
        fields = {field.name: field for field in group["fields"]}
        assert list(fields) == ["title_en", "summary_en", "context_en", "goals_en"]
        assert fields["title_en"].label == "Title (English)"
        assert fields["title_en"].value() == "How do we live when we are old?"
        assert not fields["title_en"].field.required
        assert 'lang="en"' in str(fields["title_en"])
        assert fields["title_en"].field.max_length == 200


def test_a_form_empties_a_translation_to_none_and_refuses_one_too_long(lab, challenge):
    data = {"title": challenge.title, "summary": challenge.summary, "status": "open", "title_en": "  "}
    form = ChallengeForm(data, instance=challenge)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["title_en"] is None
    form = ChallengeForm({**data, "title_en": "x" * 201}, instance=challenge)
    assert not form.is_valid() and "title_en" in form.errors
    group = form.translation_groups()[0]
    assert group["open"] is True  # an error opens its language's group


def test_the_form_leaves_the_view_s_object_as_it_was(lab, challenge):
    data = {"title": challenge.title, "summary": challenge.summary, "status": "open", "title_en": "Other"}
    form = ChallengeForm(data, instance=challenge)
    assert form.is_valid()
    assert challenge.i18n == {"title_en": "How do we live when we are old?"}


FURTHER_LANGUAGE = """
import django
django.setup()
from django.utils import translation
from kosilab.challenges.forms import ChallengeForm
from kosilab.challenges.models import Challenge
from kosilab.challenges.services import challenge_create
from kosilab.core.content_languages import localise, further_languages
challenge = Challenge(title="Wie wohnen wir?", summary="Kurz")
challenge.title_fr = "Comment habitons-nous ?"
assert challenge.i18n == {"title_fr": "Comment habitons-nous ?"}, challenge.i18n
assert further_languages() == ("en", "fr"), further_languages()
assert localise(challenge, "title", "fr").text == "Comment habitons-nous ?"
assert localise(challenge, "title", "en").text == "Wie wohnen wir?"
with translation.override("en"):
    groups = ChallengeForm().translation_groups()
    assert [g["name"] for g in groups] == ["English", "French"], groups
    assert [f.name for f in groups[1]["fields"]][:2] == ["title_fr", "summary_fr"]
print("ok")
"""


def test_a_further_language_is_a_setting_not_a_migration(tmp_path):
    """An installation that also writes French sets KOSILAB_CONTENT_LANGUAGES=de,en,fr: the models,
    forms and pages know French, and the database needs no new migration."""
    env = {
        **os.environ,
        "KOSILAB_CONTENT_LANGUAGES": "de,en,fr",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
    }
    root = Path(__file__).resolve().parents[3]
    command = [sys.executable, "-c", FURTHER_LANGUAGE]
    run = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=120)  # noqa: S603
    assert run.stdout.strip() == "ok", run.stderr
    command = [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"]
    check = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=120)  # noqa: S603
    assert check.returncode == 0, check.stdout + check.stderr


def test_cleaning_while_english_is_active_copies_no_german_into_the_translation(challenge):
    with translation.override("en"):
        challenge.full_clean()
        challenge.save()
    challenge.refresh_from_db()
    assert challenge.i18n == {"title_en": "How do we live when we are old?"}


def test_the_admin_edits_the_column_and_each_further_language_once(client, admin_user, challenge):
    client.force_login(admin_user)
    page = client.get(f"/admin/challenges/challenge/{challenge.pk}/change/", HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert 'name="title"' in html and 'name="title_en"' in html
    assert 'name="title_i18n"' not in html and 'name="title_de"' not in html


def test_an_empty_translation_is_not_stored(lab):
    challenge = challenge_create(
        lab=lab, by=None, wanted_sectors=[], title="Wie wohnen wir?", summary="S", title_en=None, summary_en=""
    )
    challenge.refresh_from_db()
    assert challenge.i18n == {}


def test_a_map_names_an_event_in_the_reader_s_language():
    from kosilab.core.templatetags.maps import _point
    from kosilab.events.models import Event

    event = Event(pk=7, title="Lab-Sitzung", latitude=Decimal("51.5"), longitude=Decimal("7.4"))
    event.title_en = "Lab session"
    with translation.override("en"):
        assert _point(event)["title"] == "Lab session"
    with translation.override("de"):
        assert _point(event)["title"] == "Lab-Sitzung"
