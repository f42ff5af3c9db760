"""A lab manager fills part of the playbook and sees the readiness radar change."""

from __future__ import annotations

import pytest

from kosilab.core.tests.factories import UserFactory
from kosilab.labs.services import lab_team_set
from kosilab.playbook.content import DIMENSIONS
from kosilab.playbook.models import Assessment, BlockState, ChecklistState

pytestmark = pytest.mark.browser


def _take_assessment(ui, lab, score: int) -> None:
    ui.visit(f"/playbook/{lab.slug}/assessment/new/")
    for dimension in DIMENSIONS:
        for question in dimension.questions:
            ui.page.locator(f"input[name={question.key}][value='{score}']").check()
    ui.submit(f"input[name={DIMENSIONS[0].questions[0].key}]")


def test_fill_part_of_the_playbook_and_see_the_radar_change(ui, lab):
    manager = UserFactory(name="Mara Manager", email="mara@example.org")
    lab_team_set(lab=lab, user=manager, role="manager", by=None)
    ui.log_in("mara@example.org")
    ui.visit(f"/labs/{lab.slug}/")
    ui.follow(f"main a[href='/playbook/{lab.slug}/']")

    # Phase 1: notes and status of one building block, and one checklist item.
    ui.follow(f"main ol a[href='/playbook/{lab.slug}/goal_definition/']")
    ui.fill({"#id_goals-notes": "Erste Frage: sichere Abstellplätze für Fahrräder im Quartier."})
    ui.page.locator("#id_goals-status").select_option("done")
    ui.submit("#id_goals-notes")
    assert BlockState.objects.get(playbook__lab=lab, block_key__startswith="goal_definition").status == "done"
    ui.page.locator("#checklist input[type=checkbox]").first.check()
    ui.submit("#checklist input[type=checkbox]")
    assert ChecklistState.objects.filter(playbook__lab=lab, done=True).count() == 1

    # Two self-assessments: the radar compares them, and the table says what changed.
    _take_assessment(ui, lab, 1)
    _take_assessment(ui, lab, 3)
    assert Assessment.objects.filter(playbook__lab=lab).count() == 2
    ui.visit(f"/playbook/{lab.slug}/")
    radar = ui.page.locator("main svg[role=img]").first
    assert radar.locator("title").count() == 1
    assert radar.locator("polygon").count() >= 2  # the earlier and the latest series
    table = ui.page.locator("main table").first.inner_text()
    assert "1.0" in table and "3.0" in table
