"""The process team without detours (docs/processes.md): whoever starts a process leads it; a
member is added by name with the keyboard only (the combobox of kosilab/core/widgets.py); someone
without an account is invited by e-mail and is in the team once they have signed up and confirmed
the address."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from kosilab.core.tests.factories import UserFactory
from kosilab.processes.models import Process, ProcessMember

pytestmark = pytest.mark.browser

PASSWORD = "a-long-and-unusual-passphrase"
INVITATION_LINK = re.compile(r"https?://[^/\s]+(/processes/invitations/[^\s]+/)")
CONFIRM_LINK = re.compile(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)")


def test_start_a_process_add_by_keyboard_and_invite_by_email(ui, new_ui, lab, manager):
    petra = UserFactory(name="Petra Public", profile={"visibility": "public", "sector": "science"})

    # Start a process: its starter is the process lead.
    ui.log_in(manager.email)
    ui.visit(f"/processes/new/{lab.slug}/")
    ui.fill({"#id_title": "Night library"})
    ui.submit("#id_title")
    process = Process.objects.get(title="Night library")
    assert ui.path == f"/processes/{process.pk}/"
    team = ui.page.locator("#team")
    row = team.locator("tbody tr", has_text=manager.name)
    assert row.locator("select[name=role] option[selected]").inner_text() == "Process lead"
    # The next phase is a visible, labelled step, not folded away.
    assert ui.page.locator("#advance-heading").is_visible()

    # Add a member by name, with the keyboard only.
    combobox = ui.page.locator("#id_person")
    assert combobox.get_attribute("role") == "combobox"
    assert ui.page.locator("label[for=id_person]").inner_text().startswith("Person")
    combobox.focus()
    ui.htmx(lambda: ui.page.keyboard.type("Pet"))
    listbox = ui.page.locator("#id_person_listbox")
    assert listbox.is_visible() and combobox.get_attribute("aria-expanded") == "true"
    ui.page.keyboard.press("ArrowDown")
    active = combobox.get_attribute("aria-activedescendant")
    assert active and ui.page.locator(f"#{active}").inner_text().startswith("Petra Public")
    ui.page.keyboard.press("Enter")  # chooses; does not submit yet
    assert combobox.input_value() == "Petra Public"
    assert not listbox.is_visible() and combobox.get_attribute("aria-expanded") == "false"
    ui.check_a11y()
    for _ in range(3):  # role, sector, then the button
        ui.page.keyboard.press("Tab")
    assert ui.page.evaluate("document.activeElement.textContent.trim()") == "Add to the team"
    ui.htmx(lambda: ui.page.keyboard.press("Enter"))
    assert "Petra Public is now in the team." in team.inner_text()
    assert ProcessMember.objects.filter(process=process, user=petra, role="co_creator").exists()

    # Invite someone without an account.
    mail.outbox.clear()
    ui.fill({"#id_invite-email": "Nina@Example.org"})
    ui.page.locator("#id_invite-role").select_option("expert")
    ui.page.locator("#id_invite-sector").select_option("civil_society")
    ui.htmx(lambda: ui.submit_button("#id_invite-email").click())
    assert "An invitation has been sent to nina@example.org" in team.inner_text()
    assert "nina@example.org" in team.locator("table", has_text="Open invitations").inner_text()
    [invitation_mail] = mail.outbox
    assert invitation_mail.to == ["nina@example.org"]
    link = INVITATION_LINK.search(invitation_mail.body)
    assert link, invitation_mail.body

    # Nina follows the link, signs up with that address and confirms it: she is in the team.
    nina = new_ui()
    nina.visit(link.group(1))
    nina.follow("main a[href^='/accounts/signup/']")
    assert nina.page.locator("#id_email").input_value() == "nina@example.org"  # the invited address
    nina.fill({"#id_name": "Nina Neu", "#id_password1": PASSWORD, "#id_password2": PASSWORD})
    nina.page.locator("#id_privacy").check()
    mail.outbox.clear()
    nina.submit("#id_email")
    assert not ProcessMember.objects.filter(process=process, user__email="nina@example.org").exists()
    [confirmation] = mail.outbox
    confirm = CONFIRM_LINK.search(confirmation.body)
    assert confirm, confirmation.body
    nina.visit(confirm.group(1))
    nina.submit("main form button[type=submit]")
    member = ProcessMember.objects.get(process=process, user__email="nina@example.org")
    assert (member.role, member.sector) == ("expert", "civil_society")


def test_the_profile_finds_its_organisation_by_name(ui, participant):
    from kosilab.core.tests.factories import OrganisationFactory

    wanted = OrganisationFactory(name="Stadtbibliothek Dortmund")
    OrganisationFactory(name="Stadtwerke Dortmund")
    ui.log_in(participant.email)
    ui.visit("/actors/people/me/")
    combobox = ui.page.locator("#id_profile-organisation")
    assert combobox.get_attribute("role") == "combobox"
    ui.htmx(lambda: combobox.fill("Stadtbib"))
    combobox.press("ArrowDown")
    combobox.press("Enter")
    assert combobox.input_value() == "Stadtbibliothek Dortmund"
    ui.check_a11y()
    ui.submit("#id_profile-organisation")
    participant.profile.refresh_from_db()
    assert participant.profile.organisation == wanted
    assert ui.page.locator("#id_profile-organisation").input_value() == "Stadtbibliothek Dortmund"
