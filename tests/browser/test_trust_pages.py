"""The pages people meet when something is refused or goes wrong: asking for a new confirmation
link, too many attempts (429), a request with a null character (400) and a database that cannot be
reached (503). Each is checked with axe-core like every other page, in English and German."""

from __future__ import annotations

import pytest
from django.core import mail

from kosilab.core.tests import fault_urls
from kosilab.core.tests.factories import UserFactory

pytestmark = pytest.mark.browser


def test_a_newcomer_asks_for_a_new_confirmation_link(ui):
    user = UserFactory(email="nora@example.org", is_active=False, email_confirmed_at=None)
    ui.visit("/accounts/login/")
    ui.follow("main a[href='/accounts/confirm-again/']")
    ui.fill({"#id_email": "Nora@Example.org"})
    ui.submit("#id_email")
    assert "Nora@Example.org".lower() in ui.page.locator("main").inner_text().lower()
    assert [m.to for m in mail.outbox] == [[user.email]]


@pytest.mark.parametrize(("language", "heading"), [("en", "Too many attempts"), ("de", "Zu viele Versuche")])
def test_the_eleventh_wrong_password_gets_the_429_page_in_the_visitors_language(new_ui, language, heading):
    UserFactory(email="mara@example.org")
    ui = new_ui(language=language)
    ui.visit("/accounts/login/")
    for attempt in range(10):
        ui.fill({"#id_username": "mara@example.org", "#id_password": f"wrong-{attempt}"})
        ui.submit("#id_password")
        assert ui.page.locator("h1").inner_text() != heading
    ui.fill({"#id_username": "mara@example.org", "#id_password": "wrong-again"})
    with ui.page.expect_response(lambda r: r.request.method == "POST") as info:
        ui.submit("#id_password")
    assert info.value.status == 429
    assert int(info.value.headers["retry-after"]) > 0
    assert ui.page.locator("h1").inner_text() == heading


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
