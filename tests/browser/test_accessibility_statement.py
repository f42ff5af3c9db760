"""The accessibility statement with everything configured, and with the admin's note of what is not:
both in German and English, free of WCAG 2.1 AA violations."""

from __future__ import annotations

import datetime as dt

import pytest

from kosilab.core.tests.factories import UserFactory

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_configured_statement_is_accessible(new_ui, settings, language):
    settings.KOSILAB_A11Y_STATEMENT_DATE = dt.date(2026, 3, 2)
    settings.KOSILAB_A11Y_REVIEWED = dt.date(2026, 11, 30)
    settings.KOSILAB_A11Y_ENFORCEMENT_EMAIL = "schlichtung@example.org"
    ui = new_ui(language=language, locale="de-DE")
    ui.visit("/accessibility/")
    assert ui.page.locator("time[datetime='2026-11-30']").count() == 1
    assert ui.page.locator("address a[href='mailto:schlichtung@example.org']").count() == 1
    assert ui.page.locator("#a11y-configuration").count() == 0


def test_an_admin_sees_what_is_not_configured(new_ui, settings):
    settings.KOSILAB_A11Y_STATEMENT_DATE = None
    settings.KOSILAB_A11Y_REVIEWED = None
    admin = UserFactory(is_staff=True)
    ui = new_ui()
    ui.log_in(admin.email)
    ui.visit("/accessibility/")
    note = ui.page.locator("#a11y-configuration")
    assert note.is_visible()
    assert "KOSILAB_A11Y_STATEMENT_DATE" in note.inner_text()
