"""A person's calendar address (/events/my-calendar/) and the research export (/research/) in the
browser with axe-core: the address is made, copyable and revoked; a lab manager asks for an export,
which the background task builds, and downloads the zip."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from kosilab.core.tests.factories import LabFactory, UserFactory
from kosilab.events.models import CalendarFeed
from kosilab.labs.models import LabRole
from kosilab.labs.services import lab_team_set

pytestmark = pytest.mark.browser


@pytest.fixture
def manager(transactional_db):
    lab = LabFactory(slug="closed-lab", name="Geschlossenes Labor", is_public=False)
    user = UserFactory(email="mara@example.org")
    lab_team_set(lab=lab, user=user, role=LabRole.MANAGER, by=None)
    return user


def test_a_member_makes_copies_and_revokes_the_calendar_address(ui, manager):
    ui.log_in(manager.email)
    ui.visit("/labs/closed-lab/")
    ui.follow("a[href='/events/my-calendar/']")
    with ui.page.expect_navigation():
        ui.page.get_by_role("button", name="Make my calendar address").click()
    ui.check_a11y()
    feed = CalendarFeed.objects.get(user=manager, revoked_at__isnull=True)
    field = ui.page.get_by_label("Secret calendar address (subscribe to it in your calendar program)")
    assert field.input_value().endswith(f"/events/feed/{feed.token}.ics")
    assert ui.page.get_by_role("button", name="Copy the address").is_visible()  # the script showed it
    with ui.page.expect_navigation():
        ui.page.get_by_role("button", name="Revoke the address").click()
    ui.check_a11y()
    assert "Your calendar address no longer works." in ui.page.locator("main").inner_text()


def test_a_lab_manager_asks_for_an_export_and_downloads_it(ui, manager):
    ui.log_in(manager.email)
    ui.visit("/research/")
    ui.page.get_by_label("Data of").select_option("closed-lab")
    with ui.page.expect_navigation():
        ui.page.get_by_role("button", name="Build the export (zip)").click()
    ui.check_a11y()
    ui.visit("/research/")  # the task ran after the commit
    with ui.page.expect_download() as info:
        ui.page.get_by_role("link", name="Download").click()
    names = zipfile.ZipFile(io.BytesIO(Path(info.value.path()).read_bytes())).namelist()
    assert "codebook.md" in names and "network.graphml" in names
