"""German by default; the language switch in the header changes to English and back."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def switch_language(ui, code: str) -> None:
    ui.page.locator("#language-select").select_option(code)
    ui.submit("#language-select")


def test_pages_are_german_by_default_and_the_switch_changes_the_language(new_ui):
    # A browser that prefers a language the site does not have gets the default, German.
    ui = new_ui(language=None, locale="fr-FR")
    ui.visit("/challenges/")
    assert ui.html_lang() == "de"

    ui = new_ui(language=None, locale="de-DE")
    ui.visit("/challenges/?status=open")
    assert ui.html_lang() == "de"
    assert ui.page.locator("#language-select").input_value() == "de"
    german_title = ui.page.title()

    switch_language(ui, "en")
    assert ui.html_lang() == "en"
    assert ui.path == "/challenges/?status=open", "the switch returns to the same page"
    assert ui.page.locator("#language-select").input_value() == "en"
    assert ui.page.title() == "Challenges – KoSI-Lab"
    assert ui.page.title() != german_title
    cookies = {c["name"]: c["value"] for c in ui.page.context.cookies()}
    assert cookies.get("django_language") == "en"

    ui.visit("/labs/")  # the choice sticks
    assert ui.html_lang() == "en"

    switch_language(ui, "de")
    assert ui.html_lang() == "de"
    assert ui.path == "/labs/"
