"""Keyboard only: the skip link comes first, and joining a challenge needs no mouse."""

from __future__ import annotations

import pytest

from kosilab.challenges.models import Participation
from kosilab.core.tests.factories import PASSWORD, ChallengeFactory, UserFactory

pytestmark = pytest.mark.browser

FOCUSED_MATCHES = "(selector) => document.activeElement !== null && document.activeElement.matches(selector)"
FOCUS_OUTLINE = "() => getComputedStyle(document.activeElement).outlineStyle"


def tab_to(ui, selector: str, *, limit: int = 60) -> int:
    """Press Tab until the focused element matches ``selector``; returns the number of presses."""
    for presses in range(1, limit + 1):
        ui.page.keyboard.press("Tab")
        if ui.page.evaluate(FOCUSED_MATCHES, selector):
            assert ui.page.evaluate(FOCUS_OUTLINE) != "none", f"focus on {selector} is not visible"
            return presses
    pytest.fail(f"{selector} was not reached with {limit} presses of Tab")


def test_skip_link_is_the_first_stop_and_moves_focus_to_the_content(ui):
    ui.visit("/challenges/")
    assert tab_to(ui, "a.skip-link", limit=1) == 1
    box = ui.page.locator("a.skip-link").bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0, "the focused skip link must be on screen"
    assert ui.page.locator("a.skip-link").get_attribute("href") == "#main"
    ui.page.keyboard.press("Enter")
    assert ui.page.evaluate("() => document.activeElement.id") == "main"
    assert ui.page.url.endswith("#main")
    # The next Tab continues inside the content (the search field of the filter), not in the header.
    ui.page.keyboard.press("Tab")
    assert ui.page.evaluate("() => document.activeElement.closest('main') !== null")
    ui.check_a11y()


def test_log_in_join_and_leave_a_challenge_with_the_keyboard_only(ui, lab):
    challenge = ChallengeFactory(lab=lab, status="open", title="Where should the new benches go?")
    person = UserFactory(name="Kira Keyboard", email="kira@example.org")

    ui.visit("/accounts/login/")
    assert ui.page.evaluate(FOCUSED_MATCHES, "#id_login"), "the e-mail field has the focus"
    ui.page.keyboard.type("kira@example.org")
    ui.page.keyboard.press("Tab")
    assert ui.page.evaluate(FOCUSED_MATCHES, "#id_password")
    ui.page.keyboard.type(PASSWORD)
    with ui.page.expect_navigation():
        ui.page.keyboard.press("Enter")
    ui.check_a11y()
    assert ui.path == "/"

    ui.visit(challenge.get_absolute_url())
    # Into the radio group (on the checked radio), arrow keys choose "interested".
    tab_to(ui, "#participation input[name=kind]:checked")
    ui.page.keyboard.press("ArrowUp")
    assert ui.page.locator("#participation input[name=kind][value=interested]").is_checked()
    tab_to(ui, "#participation textarea[name=message]", limit=3)
    ui.page.keyboard.type("I sit on benches every day.")
    tab_to(ui, "#participation button[type=submit]", limit=2)
    ui.htmx(lambda: ui.page.keyboard.press("Enter"))

    assert ui.page.locator("#participation-state").inner_text() == "You are interested in this challenge."
    participation = Participation.objects.get(challenge=challenge, user=person)
    assert (participation.kind, participation.message) == ("interested", "I sit on benches every day.")

    # Leaving works with the space bar on the button.
    tab_to(ui, f"#participation form[action='/challenges/{challenge.pk}/leave/'] button")
    ui.htmx(lambda: ui.page.keyboard.press("Space"))
    assert not Participation.objects.filter(challenge=challenge, user=person).exists()
    assert ui.page.locator("#participation input[name=kind]").count() == 2
