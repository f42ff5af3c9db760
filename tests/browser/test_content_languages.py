"""A challenge written in German gets an English translation: the lab manager opens the English
section of the edit form with the keyboard, writes the title and summary, and saves; an English
reader then sees English, with the untranslated context shown in German and marked as German; a
German reader sees German, without a note. axe checks every page on the way."""

from __future__ import annotations

import pytest

from kosilab.challenges.models import Challenge
from kosilab.core.tests.factories import ChallengeFactory, UserFactory
from kosilab.labs.services import lab_team_set

pytestmark = pytest.mark.browser

TITLE_DE = "Wie finden Fahrräder im Quartier einen sicheren Platz?"
TITLE_EN = "Where can bicycles be parked safely in the neighbourhood?"


def test_a_lab_manager_translates_a_challenge_and_readers_see_their_language(new_ui, lab):
    manager = UserFactory(name="Mara Manager", email="mara@example.org")
    lab_team_set(lab=lab, user=manager, role="manager", by=None)
    challenge = ChallengeFactory(
        lab=lab, status="open", title=TITLE_DE, summary="Sichere Abstellplätze fehlen.", context="Keller sind eng."
    )

    staff = new_ui()
    staff.log_in("mara@example.org")
    staff.visit(challenge.get_absolute_url())
    assert "Not yet translated into English" in staff.page.locator(".untranslated-note").inner_text()
    staff.follow(".untranslated-note a")  # "Add the translation" leads to the edit form
    english = staff.page.locator("details.translation")
    assert english.get_attribute("open") is None  # closed while empty
    english.locator("summary").focus()
    staff.page.keyboard.press("Enter")
    assert english.get_attribute("open") is not None
    staff.check_a11y()
    assert staff.page.locator("#id_title_en").get_attribute("lang") == "en"
    staff.fill({"#id_title_en": TITLE_EN, "#id_summary_en": "Safe parking places are missing."})
    staff.submit("#id_title_en")
    assert staff.page.locator("main h1").inner_text() == TITLE_EN
    assert Challenge.objects.get(pk=challenge.pk).i18n == {
        "title_en": TITLE_EN,
        "summary_en": "Safe parking places are missing.",
    }

    reader = new_ui(language="en")
    reader.visit(challenge.get_absolute_url())
    assert reader.page.locator("main h1").inner_text() == TITLE_EN
    assert reader.page.locator("main [lang='de']").inner_text() == "Keller sind eng."
    assert reader.page.locator(".untranslated-note a").count() == 0  # a reader cannot edit
    reader.visit("/challenges/?q=bicycles")
    assert reader.page.locator(f"main a:has-text('{TITLE_EN}')").count() == 1

    german = new_ui(language="de")
    german.visit(challenge.get_absolute_url())
    assert german.page.locator("main h1").inner_text() == TITLE_DE
    assert german.page.locator(".untranslated-note").count() == 0
