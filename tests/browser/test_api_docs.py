"""The API documentation page (/api/v1/docs/) and the token pages in a real browser, with axe-core:
Swagger UI comes from the app's own static files (drf-spectacular-sidecar), loads the site's schema,
sends nothing to another origin and nothing the Content-Security-Policy refuses; a person makes a
token, copies its secret once, reads with it, and revokes it."""

from __future__ import annotations

import pytest

from kosilab.core.tests.factories import LabFactory, UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def lab(transactional_db):
    return LabFactory(slug="open-lab", name="Offenes Labor")


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_docs_page_shows_swagger_ui_from_the_site_itself(new_ui, lab, language):
    ui = new_ui(language=language)
    ui.visit("/api/v1/docs/")
    assert ui.html_lang() == language
    ui.page.locator("#swagger-ui .opblock-tag").first.wait_for()  # the schema has been loaded and drawn
    ui.check_a11y()
    tags = ui.page.locator("#swagger-ui .opblock-tag").all_inner_texts()
    assert any("labs" in tag for tag in tags) and any("case-study-labs" in tag for tag in tags)
    assert ui.page.locator("table caption").count() == 1
    assert ui.page.locator("a[href='/api/v1/labs/']").count() == 1
    # An operation opened: its parameters and responses, still without a violation.
    ui.page.locator("#operations-labs-labs_list .opblock-summary-control").click()
    ui.page.locator("#operations-labs-labs_list .parameters").first.wait_for()
    ui.check_a11y()
    # Tried out: the request goes to this site and its answer is shown.
    operation = ui.page.locator("#operations-labs-labs_list")
    operation.locator("button.try-out__btn").click()
    with ui.page.expect_response(lambda response: "/api/v1/labs/" in response.url) as info:
        operation.locator("button.execute").click()
    assert info.value.status == 200
    operation.locator(".live-responses-table").first.wait_for()
    assert "open-lab" in operation.locator(".live-responses-table").inner_text()
    ui.check_a11y()


def test_a_person_makes_a_token_reads_with_it_and_revokes_it(ui, lab):
    person = UserFactory(email="ines@example.org")
    ui.log_in(person.email)
    ui.visit("/api/tokens/")
    ui.follow("a[href='/api/tokens/new/']")
    ui.fill({"#id_name": "Datenportal der Stadt"})
    ui.submit("#id_name")
    secret = ui.page.locator("#token-secret").input_value()
    assert secret.startswith("kosi_")
    answer = ui.page.request.get("/api/v1/labs/", headers={"Authorization": f"Bearer {secret}"})
    assert answer.status == 200 and answer.json()["results"][0]["slug"] == "open-lab"
    ui.visit("/api/tokens/")
    assert secret not in ui.page.content()
    with ui.page.expect_navigation():
        ui.page.get_by_role("button", name="Revoke the token Datenportal der Stadt").click()
    ui.check_a11y()
    assert "has been revoked" in ui.page.locator("main").inner_text()
    refused = ui.page.request.get("/api/v1/labs/", headers={"Authorization": f"Bearer {secret}"})
    assert refused.status == 401
