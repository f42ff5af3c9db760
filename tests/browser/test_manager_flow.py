"""A lab manager publishes a challenge, starts a lab process, builds a mixed team and moves on a phase."""

from __future__ import annotations

import pytest
from django.utils import translation

from kosilab.challenges.models import Challenge
from kosilab.core.sectors import Sector
from kosilab.core.tests.factories import UserFactory
from kosilab.labs.services import lab_team_set
from kosilab.processes.models import PhaseTransition, Process, ProcessMember

pytestmark = pytest.mark.browser

WANTED = (Sector.PUBLIC, Sector.BUSINESS, Sector.SCIENCE)


def english(sector: Sector) -> str:
    with translation.override("en"):
        return str(sector.label)


def test_manager_creates_a_challenge_starts_a_process_builds_a_team_and_advances(ui, lab, sector_people):
    manager = UserFactory(name="Mara Manager", email="mara@example.org")
    lab_team_set(lab=lab, user=manager, role="manager", by=None)

    ui.log_in("mara@example.org")
    assert ui.page.locator("header a[href='/manage/']").count() == 1
    ui.visit(f"/labs/{lab.slug}/")
    ui.follow(f"main a[href='/challenges/new/{lab.slug}/']")

    # Without a title the form comes back with the error, accessibly.
    ui.submit("#id_title")
    assert ui.page.locator("#id_title_error").is_visible()
    assert ui.page.locator("#id_title").get_attribute("aria-invalid") == "true"

    ui.fill(
        {
            "#id_title": "How can the old depot become a neighbourhood workshop?",
            "#id_summary": "The city owns an empty tram depot.",
            "#id_goals": "A tested plan for using the depot.",
        }
    )
    ui.page.locator("#id_status").select_option("open")
    for sector in WANTED:
        ui.page.locator(f"input[name=wanted_sectors][value={sector.value}]").check()
    ui.submit("#id_title")
    challenge = Challenge.objects.get(title="How can the old depot become a neighbourhood workshop?")
    assert ui.path == challenge.get_absolute_url()
    assert sorted(challenge.wanted_sectors.values_list("sector", flat=True)) == sorted(s.value for s in WANTED)

    ui.follow(f"main a[href='/processes/new/{lab.slug}/?challenge={challenge.pk}']")
    assert ui.page.locator("#id_challenge").input_value() == str(challenge.pk)
    assert ui.page.locator("#id_title").input_value() == challenge.title
    ui.submit("#id_title")
    process = Process.objects.get(challenge=challenge)
    assert ui.path == process.get_absolute_url()
    first_phase = ui.page.locator("#current-phase strong").inner_text()

    # The starter leads the process and brings the sector of the lab's host (public administration):
    # the two other wanted sectors are missing.
    warning = ui.page.locator("#sector-warning")
    missing = [sector for sector in WANTED if sector != Sector.PUBLIC]
    assert english(Sector.PUBLIC) not in warning.inner_text()
    for sector in missing:
        assert english(sector) in warning.inner_text()

    team = ui.page.locator("#team")
    combobox = ui.page.locator("#team #id_person")
    # A name nobody has is refused inside the swapped team region.
    ui.htmx(lambda: combobox.fill("Nobody"))
    ui.htmx(lambda: team.locator("form[action$='/team/add/'] button[type=submit]").click())
    assert ui.page.locator("#team #id_person_error").is_visible()
    assert ui.page.locator("#team #id_person").get_attribute("aria-invalid") == "true"

    added = [manager.name]
    for sector in WANTED:
        before = warning.inner_text() if warning.count() else ""
        person = sector_people[sector.value]
        ui.htmx(lambda: combobox.fill(person.name))  # noqa: B023 (run at once)
        combobox.press("ArrowDown")
        combobox.press("Enter")
        ui.htmx(lambda: team.locator("form[action$='/team/add/'] button[type=submit]").click())
        added.append(person.name)
        names = team.locator("table").first.locator("tbody tr > td:first-child").all_inner_texts()
        assert sorted(names) == sorted(added)
        if sector in missing:
            missing.remove(sector)
            if missing:
                assert warning.inner_text() != before
        if missing:
            assert english(sector) not in warning.inner_text()
            for other in missing:
                assert english(other) in warning.inner_text()
        else:
            assert warning.count() == 0
    members = ProcessMember.objects.filter(process=process).exclude(user=manager)
    assert sorted(members.values_list("sector", flat=True)) == sorted(s.value for s in WANTED)

    # Move on: a visible step; the reason is required and recorded.
    assert ui.page.locator("#advance-heading").is_visible()
    ui.submit("#id_reason")
    assert ui.page.locator("main .messages .message-error").is_visible()
    assert ui.page.locator("#current-phase strong").inner_text() == first_phase

    ui.fill({"#id_reason": "The team is complete; we collect ideas now."})
    ui.submit("#id_reason")
    assert ui.path == process.get_absolute_url()
    next_phase = ui.page.locator("#current-phase strong").inner_text()
    assert next_phase != first_phase
    assert ui.page.locator(".phases li[aria-current=step]").inner_text() == next_phase
    process.refresh_from_db()
    transition = PhaseTransition.objects.filter(process=process).order_by("-at", "-pk").first()
    assert transition.reason == "The team is complete; we collect ideas now."
    assert transition.by == manager
    assert transition.to_phase_id == process.current_phase_id
    assert transition.to_phase.position == 2
