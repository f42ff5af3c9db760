"""The pages people meet when something is refused or goes wrong: a new confirmation link, too
many failed log-ins, too many attempts (429), a request with a null character (400) and a database that cannot be
reached (503). Each is checked with axe-core like every other page, in English and German."""

from __future__ import annotations

import pytest
from django.core import mail

from kosilab.core.tests import fault_urls
from kosilab.core.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.browser


def test_a_newcomer_without_the_confirmation_gets_a_new_link_by_logging_in(ui):
    user = UserFactory(email="nora@example.org", email_confirmed_at=None)
    ui.visit("/accounts/login/")
    ui.fill({"#id_login": "Nora@Example.org", "#id_password": PASSWORD})
    ui.submit("#id_password")
    assert ui.path == "/accounts/confirm-email/"
    assert "confirm your address" in ui.page.locator("main p[role=status]").inner_text()
    assert [m.to for m in mail.outbox] == [[user.email]]
    assert ui.page.locator("header form[action='/accounts/logout/']").count() == 0


@pytest.mark.parametrize(
    ("language", "message"), [("en", "Too many failed log-in attempts"), ("de", "Zu viele fehlgeschlagene")]
)
def test_the_eleventh_wrong_password_is_refused_in_the_visitors_language(new_ui, language, message):
    UserFactory(email="mara@example.org")
    ui = new_ui(language=language)
    ui.visit("/accounts/login/")
    for attempt in range(10):
        ui.fill({"#id_login": "mara@example.org", "#id_password": f"wrong-{attempt}"})
        ui.submit("#id_password")
        assert message not in ui.page.locator("main").inner_text()
    ui.fill({"#id_login": "mara@example.org", "#id_password": PASSWORD})
    ui.submit("#id_password")
    assert message in ui.page.locator("main [role=alert]").inner_text()
    assert ui.page.locator("header form[action='/accounts/logout/']").count() == 0  # the right one is not tried


def test_too_many_old_links_get_the_429_page(ui):
    for attempt in range(20):
        ui.visit(f"/accounts/confirm/old-{attempt}/", status=410)
    ui.visit("/accounts/confirm/old-21/", status=429)
    assert ui.page.locator("h1").inner_text() == "Too many attempts"


def test_a_null_character_in_the_address_gets_the_400_page(ui):
    ui.visit("/actors/people/?q=%00", status=400)
    assert ui.page.locator("h1").inner_text() == "Invalid request"


def test_a_database_that_cannot_be_reached_gets_the_503_page(ui, settings):
    settings.ROOT_URLCONF = "kosilab.core.tests.fault_urls"
    fault_urls.failures["read"] = 2  # the request and its one retry on a fresh connection
    try:
        response = ui.page.goto("/fault/read/")
    finally:
        fault_urls.failures.clear()
    assert response.status == 503
    assert response.headers["retry-after"] == "30"
    # The UI counts every 5xx as a problem; this one is the answer the test asks for.
    expected = f"server error 503 for GET {ui.base_url}/fault/read/"
    assert ui.problems == [expected]
    ui.problems.clear()
    ui.check_a11y()
    assert ui.page.locator("h1").inner_text() == "Temporarily unavailable"
