"""The pages of lab staff and of a logged-in person, with their forms, error states and htmx parts."""

from __future__ import annotations

import pytest

from kosilab.challenges.services import participation_join
from kosilab.core.tests.factories import ChallengeFactory, ProcessFactory, UserFactory
from kosilab.labs.models import LabMembership
from kosilab.labs.services import lab_team_set
from kosilab.processes.models import LogEntry, Milestone
from kosilab.processes.services import member_add

pytestmark = pytest.mark.browser


@pytest.fixture
def staff_world(lab, sector_people):
    manager = UserFactory(name="Mara Manager", email="mara@example.org")
    lab_team_set(lab=lab, user=manager, role="manager", by=None)
    challenge = ChallengeFactory(lab=lab, status="open", title="How do we share cargo bikes?")
    participation_join(challenge=challenge, user=sector_people["business"], kind="joined", message="Count me in")
    process = ProcessFactory(lab=lab, title="Cargo bikes for everyone", visibility="internal")
    member_add(process=process, user=sector_people["public"], role="lead", by=None)
    return {"manager": manager, "challenge": challenge, "process": process}


def test_lab_staff_pages_forms_and_htmx_parts_are_accessible(ui, lab, sector_people, staff_world):
    challenge, process = staff_world["challenge"], staff_world["process"]
    ui.log_in("mara@example.org")

    ui.visit("/manage/")
    ui.visit(f"/labs/{lab.slug}/edit/")
    ui.fill({"#id_name": "", "#id_founded": "1850"})
    ui.submit("#id_name")
    assert ui.page.locator("#id_name_error").is_visible()
    assert ui.page.locator("#id_founded_error").is_visible()
    ui.visit(f"/labs/{lab.slug}/phases/")

    # The lab team: adding and removing swap the table with htmx.
    ui.visit(f"/labs/{lab.slug}/team/")
    team = ui.page.locator("#team")
    ui.fill({"#team #id_email": "nobody@example.org"})
    ui.htmx(lambda: team.locator(f"form[action='/labs/{lab.slug}/team/'] button[type=submit]").click())
    assert ui.page.locator("#team #id_email_error").is_visible()
    science = sector_people["science"]
    ui.fill({"#team #id_email": science.email})
    ui.page.locator("#team #id_role").select_option("facilitator")
    ui.htmx(lambda: team.locator(f"form[action='/labs/{lab.slug}/team/'] button[type=submit]").click())
    assert LabMembership.objects.filter(lab=lab, user=science, role="facilitator").exists()
    ui.htmx(lambda: team.locator(f"form[action='/labs/{lab.slug}/team/{science.pk}/remove/'] button").click())
    assert not LabMembership.objects.filter(lab=lab, user=science).exists()

    # The lab's audit log, linked from the lab page: what was just done, filtered by action, by
    # person (a name in the table) and, refused, by a period that ends before it starts.
    ui.visit(f"/labs/{lab.slug}/")
    ui.follow(f"main a[href='/labs/{lab.slug}/audit/']")
    assert "Removed from the lab team" in ui.page.locator("main table").inner_text()
    ui.page.locator("#id_action").select_option("labs.team.removed")
    ui.submit("#id_person")
    assert ui.page.locator("main table tbody tr").count() == 1
    ui.follow("main table a[href^='?actor=']")
    assert "Only the entries of Mara Manager." in ui.page.locator("main").inner_text()
    ui.fill({"#id_since": "2030-05-02", "#id_until": "2030-05-01"})
    ui.submit("#id_since")
    assert ui.page.locator("#id_until_error").is_visible()

    # A challenge as its lab sees it: with the participants.
    ui.visit(challenge.get_absolute_url())
    assert "Count me in" in ui.page.locator("main table").inner_text()
    ui.follow(f"main nav.actions a[href='/challenges/{challenge.pk}/edit/']")
    ui.fill({"#id_starts_on": "2030-05-01", "#id_ends_on": "2030-04-01"})
    ui.submit("#id_title")
    assert ui.page.locator("#id_ends_on_error").is_visible()

    # An internal process: edit page, team page, milestones and log.
    ui.visit(process.get_absolute_url())
    ui.visit(f"/processes/{process.pk}/edit/")
    ui.visit(f"/processes/{process.pk}/team/")
    ui.visit(process.get_absolute_url())
    ui.submit("#id_due_on")  # an empty milestone is refused with a message
    assert ui.page.locator("main .messages .message-error").is_visible()
    ui.fill({"#id_title": "Bikes ordered", "#id_due_on": "2030-06-30"})
    ui.submit("#id_due_on")
    milestone = Milestone.objects.get(process=process, title="Bikes ordered")
    ui.submit(f"form[action='/processes/{process.pk}/milestones/{milestone.pk}/toggle/'] button")
    milestone.refresh_from_db()
    assert milestone.done_on is not None
    ui.fill({"#id_text": "First meeting with the bike shop."})
    ui.submit("#id_text")
    assert LogEntry.objects.filter(process=process, text="First meeting with the bike shop.").exists()

    ui.visit("/actors/organisations/")
    ui.follow("main a[href='/actors/organisations/new/']")
    ui.submit("#id_name")
    assert ui.page.locator("#id_name_error").is_visible()
    organisation = sector_people["science"].profile.organisation
    ui.visit(f"/actors/organisations/{organisation.pk}/edit/")


def test_profile_and_password_pages_are_accessible(ui, sector_people):
    person = sector_people["business"]
    ui.log_in(person.email)
    ui.follow("header a[href='/actors/people/me/']")
    ui.fill({"#id_account-name": ""})
    ui.submit("#id_account-name")
    assert ui.page.locator("#id_account-name_error").is_visible()
    ui.fill({"#id_account-name": "Bea Business", "#id_profile-skills": "logistics, bikes"})
    ui.page.locator("input[name='profile-visibility'][value='public']").check()
    ui.submit("#id_account-name")
    person.refresh_from_db()
    assert person.name == "Bea Business"
    ui.follow(f"main a[href='/actors/people/{person.pk}/']")
    ui.visit("/accounts/password/change/")
    ui.submit("#id_oldpassword")
    assert ui.page.locator("#id_oldpassword_error").is_visible()


def test_a_person_deletes_their_account_from_the_profile(ui, sector_people):
    from kosilab.accounts.models import User
    from kosilab.core.tests.factories import PASSWORD

    person = sector_people["science"]
    ui.log_in(person.email)
    ui.visit("/actors/people/me/")
    assert ui.page.locator("main a[href='/accounts/my-data/']").count() == 1
    ui.follow("main a[href='/accounts/delete/']")
    # The password again first (allauth's reauthentication), then a box to tick.
    assert ui.path.startswith("/accounts/reauthenticate/")
    ui.fill({"#id_password": "wrong-password"})
    ui.submit("#id_password")
    assert ui.page.locator("#id_password_error").is_visible()
    ui.fill({"#id_password": PASSWORD})
    ui.submit("#id_password")
    assert ui.path == "/accounts/delete/"
    ui.submit("#id_confirm")
    assert ui.page.locator("#id_confirm_error").is_visible()
    assert User.objects.filter(pk=person.pk).exists()
    ui.page.locator("#id_confirm").check()
    ui.submit("#id_confirm")
    assert ui.page.url.endswith("/")
    assert not User.objects.filter(pk=person.pk).exists()
