"""A lab manager's morning on the demo data: log in as Dortmund's lab manager, open the cockpit
(/manage/), follow every link it offers (each a page with a heading and no axe finding), then clear
the moderation queue from it and see its count drop. The cockpit also fits a phone's width.

With ``KOSILAB_SCREENSHOTS=docs/screenshots`` the test saves the cockpit in German and English,
full page, as ``cockpit-de.png`` and ``cockpit-en.png`` in that folder (as the maps and mail tests do).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.core.management import call_command

from kosilab.accounts.demo import DEMO_PASSWORD
from kosilab.cocreation.models import Report

pytestmark = pytest.mark.browser

MANAGER = "leitung.dortmund@kosilab.example.org"
COCKPIT_LINKS = (
    "() => [...document.querySelectorAll('#today a, #week a, #lab-tools a')].map(a => a.getAttribute('href'))"
)
# Nothing of the page needs scrolling sideways (wide tables scroll inside their own box).
NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture
def demo(transactional_db):
    # Migrations load the method library and the case studies, but transactional tests empty the
    # tables after each test, and the demo's plans use library methods.
    call_command("load_method_library", verbosity=0)
    call_command("load_case_studies", verbosity=0)
    call_command("seed_demo", verbosity=0)
    report = Report.objects.filter(lab__slug="dortmund", resolved_at__isnull=True).get()
    assert report.comment is not None, "the demo reports a comment in Dortmund"
    return report


def test_a_lab_managers_morning_from_the_cockpit(new_ui, demo):
    ui = new_ui()
    ui.log_in(MANAGER, DEMO_PASSWORD)
    ui.visit("/manage/")
    assert ui.page.locator("#today h2").count() == 1
    assert ui.page.locator("#do-moderation .cockpit-count").first.inner_text() == "1"

    links = [href for href in dict.fromkeys(ui.page.evaluate(COCKPIT_LINKS)) if href and not href.startswith("#")]
    assert len(links) >= 15, links
    for href in links:
        path, _hash, anchor = href.partition("#")
        ui.visit(path)  # (a fragment alone would not load the page again)
        assert ui.page.locator("main h1").count() == 1, f"{href} has no h1"
        if anchor:
            assert ui.page.locator(f"[id='{anchor}']").count() == 1, f"{href}: no element with that id"

    # The real action of the morning: close the report in the moderation queue, from the cockpit.
    ui.visit("/manage/")
    ui.follow("#do-moderation a[href='/ideas/moderation/dortmund/']")
    with ui.page.expect_navigation():
        ui.page.locator(f"form[action='/ideas/reports/{demo.pk}/resolve/'] button[type=submit]").click()
    ui.check_a11y()
    ui.visit("/manage/")
    assert ui.page.locator("#do-moderation").count() == 0
    demo.refresh_from_db()
    assert demo.resolved_at is not None

    # On a phone: nothing of the cockpit needs scrolling sideways.
    ui.page.set_viewport_size({"width": 360, "height": 740})
    ui.visit("/manage/")
    assert ui.page.evaluate(NO_SIDEWAYS_SCROLL)


@pytest.mark.skipif(not os.environ.get("KOSILAB_SCREENSHOTS"), reason="set KOSILAB_SCREENSHOTS=docs/screenshots")
def test_screenshots_of_the_cockpit(new_ui, demo):
    folder = Path(os.environ["KOSILAB_SCREENSHOTS"])
    folder.mkdir(parents=True, exist_ok=True)
    for language, locale in (("de", "de-DE"), ("en", "en-GB")):
        ui = new_ui(language=language, locale=locale)
        ui.log_in(MANAGER, DEMO_PASSWORD)
        ui.visit("/manage/")
        ui.page.screenshot(path=str(folder / f"cockpit-{language}.png"), full_page=True)
