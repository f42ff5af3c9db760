"""Anonymous visitors: every public page loads with its assets and is free of WCAG 2.1 AA violations."""

from __future__ import annotations

import pytest

from kosilab.challenges.models import WantedSector
from kosilab.core.tests.factories import ChallengeFactory, ProcessFactory
from kosilab.processes.services import member_add

pytestmark = pytest.mark.browser

LIST_PAGES = ["/", "/labs/", "/challenges/", "/processes/", "/actors/organisations/", "/actors/people/"]


@pytest.fixture
def public_data(lab, sector_people):
    challenge = ChallengeFactory(lab=lab, status="open", title="How do we green the schoolyards?")
    WantedSector.objects.bulk_create(WantedSector(challenge=challenge, sector=s) for s in ("public", "science"))
    ChallengeFactory(lab=lab, status="draft", title="A draft nobody outside sees")
    process = ProcessFactory(lab=lab, challenge=challenge, title="Green schoolyards")
    for person in sector_people.values():
        member_add(process=process, user=person, role="co_creator", by=None)
    return {"challenge": challenge, "process": process, "person": sector_people["science"]}


@pytest.mark.parametrize("language", ["de", "en"])
def test_public_list_pages_are_accessible(new_ui, public_data, language):
    ui = new_ui(language=language, locale="de-DE")
    for path in LIST_PAGES:
        ui.visit(path)
        assert ui.html_lang() == language
        assert ui.page.locator("h1").count() == 1, f"{path} needs exactly one h1"
    assert ui.checked == LIST_PAGES


def test_public_detail_pages_filters_and_account_pages_are_accessible(ui, lab, public_data):
    challenge, process, person = public_data["challenge"], public_data["process"], public_data["person"]
    organisation = person.profile.organisation
    ui.visit("/")
    ui.follow(f"main a[href='{lab.get_absolute_url()}']")
    ui.follow(f"main a[href='{process.get_absolute_url()}']")
    assert ui.page.locator("#sector-warning").count() == 0  # all wanted sectors are in the team
    ui.follow(f"main a[href='{challenge.get_absolute_url()}']")
    # Anonymous: an invitation to log in instead of the participation form.
    assert ui.page.locator("#participation a[href^='/accounts/login/?next=']").count() == 1
    ui.visit(organisation.get_absolute_url())
    ui.follow(f"main a[href='{person.profile.get_absolute_url()}']")

    ui.visit("/challenges/?sector=science&status=in_progress&q=schoolyards")
    assert ui.page.locator(f"main a[href='{challenge.get_absolute_url()}']").count() == 1
    ui.visit("/challenges/?q=nothing-matches-this")
    assert ui.page.locator("main .card").count() == 0
    ui.visit(f"/processes/?lab={lab.slug}&status=running")
    ui.visit("/actors/organisations/?sector=business")
    assert ui.page.locator("main .card").count() == 1

    for path in ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]:
        ui.visit(path)
    # Pages that need an account send an anonymous visitor to the log-in page.
    ui.visit("/manage/")
    assert ui.path.startswith("/accounts/login/?next=/manage/")


def test_drafts_and_unknown_pages_are_not_found(ui, lab, public_data):
    draft = lab.challenges.get(status="draft")
    ui.visit(draft.get_absolute_url(), status=404, assets=False)
    ui.visit("/labs/no-such-lab/", status=404, assets=False)


def test_accessibility_statement_and_feedback_form(ui):
    from django.core import mail

    ui.visit("/labs/")
    ui.follow("footer a[href^='/accessibility/']")
    assert ui.page.locator("#id_page").input_value() == "/labs/"
    ui.submit("#id_message")
    assert ui.page.locator("#id_message_error").is_visible()
    ui.fill({"#id_message": "The filter button is hard to find."})
    ui.submit("#id_message")
    assert ui.page.locator(".messages").is_visible()
    assert len(mail.outbox) == 1
    ui.follow("footer a[href='/privacy/']")
