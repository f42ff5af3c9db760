"""A facilitator plans a 3-hour session from recommended methods, reorders by keyboard and exports the PDF."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from kosilab.core.tests.factories import ProcessFactory, UserFactory
from kosilab.labs.services import lab_team_set
from kosilab.planning.models import Block, Session

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def library(transactional_db):
    call_command("load_method_library", verbosity=0)


def _titles(session):
    return list(Block.objects.filter(session=session).order_by("position").values_list("title", flat=True))


def test_plan_a_three_hour_session_from_recommendations_reorder_by_keyboard_and_export(ui, lab):
    facilitator = UserFactory(name="Fina Facilitator", email="fina@example.org")
    lab_team_set(lab=lab, user=facilitator, role="facilitator", by=None)
    process = ProcessFactory(lab=lab, title="Fahrradgaragen im Quartier")
    day = timezone.localdate() + datetime.timedelta(days=14)

    ui.log_in("fina@example.org")
    ui.visit(process.get_absolute_url())
    ui.follow(f"main a[href='/planning/process/{process.pk}/']")
    ui.follow(f"main a[href='/planning/process/{process.pk}/new/']")
    ui.fill(
        {
            "#id_title": "Ideenwerkstatt",
            "#id_date": day.isoformat(),
            "#id_starts_at": "10:00",
            "#id_slot_minutes": "180",
        }
    )
    ui.submit("#id_title")
    session = Session.objects.get(process=process)
    assert ui.path == f"/planning/{session.pk}/"

    # Recommended methods for the phase, the team and the time; add the first two.
    for _ in range(2):
        ui.htmx(lambda: ui.page.locator("#recommendations a, #recommendations button[type=submit]").first.click())
        assert ui.page.locator("#recommendations ol.recommendations li").count() >= 2
        ui.submit("#recommendations ol.recommendations li:first-child form button")
    ui.fill({"#id_free-title": "Pause", "#id_free-minutes": "15"})
    ui.submit("#id_free-minutes")
    titles = _titles(session)
    assert len(titles) == 3 and titles[-1] == "Pause"
    assert "Planned:" in ui.page.locator("#agenda").inner_text()

    # Keyboard only: focus the "up" button of the break and press Enter; focus stays on a move button.
    pause = Block.objects.get(session=session, title="Pause")
    ui.page.locator(f"#move-up-{pause.pk}").focus()
    ui.htmx(lambda: ui.page.keyboard.press("Enter"))
    assert _titles(session)[1] == "Pause"
    focused = ui.page.evaluate("() => document.activeElement && document.activeElement.id")
    assert focused in {f"move-up-{pause.pk}", f"move-down-{pause.pk}"}

    with ui.page.expect_download() as download:
        ui.page.locator(f"a[href='/planning/{session.pk}/agenda.pdf']").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
