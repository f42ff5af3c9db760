"""The search box in the header of every page, and the search page: by keyboard, in both languages,
free of WCAG 2.1 AA violations (axe-core checks every page the test loads)."""

from __future__ import annotations

import pytest

from kosilab.core.tests.factories import ChallengeFactory, ProcessFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def found(lab):
    challenge = ChallengeFactory(lab=lab, status="open", title="Wie begrünen wir die Schulhöfe?")
    ChallengeFactory(lab=lab, status="draft", title="Schulhöfe: ein Entwurf")
    ProcessFactory(lab=lab, title="Grüne Schulhöfe")
    return challenge


@pytest.mark.parametrize("language", ["de", "en"])
def test_search_from_the_header_by_keyboard(new_ui, found, language):
    ui = new_ui(language=language, locale="de-DE")
    ui.visit("/labs/")
    ui.page.focus("#site-search-q")
    ui.page.keyboard.type("Schulhöfe")
    with ui.page.expect_navigation():  # not only the load state: that of /labs/ may answer first
        ui.page.keyboard.press("Enter")
    ui.check_a11y()
    assert ui.path.startswith("/search/?q=")
    assert ui.html_lang() == language
    hits = ui.page.locator("main .search-hits .card")
    assert hits.count() == 2  # the challenge and the process; the draft is not found
    assert ui.page.locator(f"main a[href='{found.get_absolute_url()}']").count() == 1
    if language == "en":  # written in German only: marked for screen readers
        assert ui.page.locator(f"main a[href='{found.get_absolute_url()}']").get_attribute("lang") == "de"
    ui.follow("main nav a[href$='kind=process']")
    assert ui.page.locator("main .search-hits .card").count() == 1


def test_the_search_page_explains_empty_junk_and_too_long_queries(ui, found):
    ui.visit("/search/")
    ui.visit("/search/?q=%22*NEAR(")
    ui.visit("/search/?q=nichts-passt-hierzu")
    assert ui.page.locator("main .search-hits").count() == 0
    ui.visit("/search/?q=" + "x" * 201, status=400)
    assert ui.page.locator("#search-q").get_attribute("aria-invalid") == "true"
