"""A facilitator proposes a change of a case study with a source; a platform admin compares it with
the current profile and accepts it; the public profile shows the new value, its source and "last
checked" today. axe-core checks every page on the way."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone

from kosilab.core.tests.factories import LabFactory, UserFactory
from kosilab.knowledge.models import LabProfile, ProfileProposal, ProposalStatus
from kosilab.knowledge.tests.editing import case_study
from kosilab.labs.services import lab_team_set

pytestmark = pytest.mark.browser

SOURCE = "https://example.org/annual-report-2003"


@pytest.fixture
def setting(transactional_db):
    # The migrations load the method library, but transactional tests empty the tables after each test.
    call_command("load_method_library", verbosity=0)
    lab = LabFactory(slug="home", name="Home")
    facilitator = UserFactory(email="fay@example.org", name="Fay Facilitator", language="en")
    lab_team_set(lab=lab, user=facilitator, role="facilitator", by=None)
    UserFactory(email="ada@example.org", name="Ada Admin", is_superuser=True, is_staff=True)
    return {"lab": lab, "profile": case_study()}


def test_staff_propose_an_edit_and_an_admin_accepts_it(new_ui, setting):
    staff = new_ui()
    staff.log_in("fay@example.org")
    staff.visit("/knowledge/labs/testlab/")
    staff.visit("/knowledge/labs/testlab/propose/")
    assert staff.page.locator("#id_founded").input_value() == "2002"  # the form starts from the profile
    staff.fill(
        {
            "#id_founded": "2003",
            "#id_sources": SOURCE,
            "#id_comment": "The annual report names 2003.",
        }
    )
    staff.submit("#id_sources")
    proposal = ProfileProposal.objects.get()
    assert staff.path == f"/knowledge/proposals/{proposal.pk}/"
    assert "waiting for review" in staff.page.locator("main").inner_text()
    staff.visit("/knowledge/proposals/")
    assert "Testlab" in staff.page.locator("main table").inner_text()

    admin = new_ui()
    admin.log_in("ada@example.org")
    admin.visit("/knowledge/proposals/")
    admin.follow(f"main a[href='/knowledge/proposals/{proposal.pk}/']")
    table = admin.page.locator("main table").first.inner_text()
    assert "2002" in table and "2003" in table  # the current value beside the proposed one
    admin.fill({"#id_accept-note": "Thank you for the report."})
    day_before = timezone.localdate().isoformat()
    admin.submit("#id_accept-note")
    day_after = timezone.localdate().isoformat()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    assert "accepted" in admin.page.locator("main").inner_text()

    visitor = new_ui()
    visitor.visit("/knowledge/labs/testlab/")
    founded = visitor.page.locator("section.fact:has(#fact-founded)")
    text = founded.inner_text()
    assert "2003" in text
    assert SOURCE in text
    # "Checked" is the day of the acceptance; the test may run across midnight in the lab's time zone.
    checked = LabProfile.objects.get(pk=setting["profile"].pk).facts["founded"]["checked"]
    assert checked in {day_before, day_after}
    assert founded.locator("time").get_attribute("datetime") == checked


def test_a_manager_fills_the_own_profile_with_a_suggestion(new_ui, setting):
    manager = UserFactory(email="mo@example.org", name="Mo Manager", language="en")
    lab_team_set(lab=setting["lab"], user=manager, role="manager", by=None)
    ui = new_ui()
    ui.log_in("mo@example.org")
    ui.visit("/knowledge/own/home/")
    ui.page.locator("#take_team_size").check()
    ui.submit("#take_team_size")  # the last button of the form: "Use the chosen suggestions"
    assert ui.page.locator("#id_team_size").input_value() == "2"  # the facilitator and the manager
    assert not LabProfile.objects.filter(lab=setting["lab"]).exists()  # nothing saved yet
    with ui.page.expect_navigation():
        ui.page.locator("main form button[type=submit]", has_text="Save").click()
    ui.check_a11y()
    assert LabProfile.objects.get(lab=setting["lab"]).team_size == 2
    assert "has been saved" in ui.page.locator("main").inner_text()
