"""A lab documents a business model for a process and records who takes it over."""

from __future__ import annotations

import pytest

from kosilab.continuation.models import Handover
from kosilab.core.tests.factories import OrganisationFactory, ProcessFactory, UserFactory
from kosilab.labs.services import lab_team_set
from kosilab.results.models import CANVAS_FIELDS, Result

pytestmark = pytest.mark.browser


def test_document_a_business_model_and_record_a_handover(ui, lab):
    manager = UserFactory(name="Mara Manager", email="mara@example.org")
    lab_team_set(lab=lab, user=manager, role="manager", by=None)
    process = ProcessFactory(lab=lab, title="Fahrradgaragen im Quartier")
    station = OrganisationFactory(name="Mobility station", sector="business")

    ui.log_in("mara@example.org")
    ui.visit(process.get_absolute_url())
    ui.follow(f"main a[href='/results/process/{process.pk}/']")
    ui.follow(f"main a[href='/results/process/{process.pk}/new/']")
    ui.page.locator("#id_kind").select_option("business_model")
    ui.fill({"#id_title": "Business model for bicycle garages", "#id_summary": "Rent per place, run by a cooperative."})
    ui.page.locator("#id_visibility").select_option("public")
    ui.submit("#id_title")
    result = Result.objects.get(process=process)

    # The nine fields of the canvas.
    if not ui.path.endswith("/canvas/"):
        ui.follow(f"main a[href='/results/{result.pk}/canvas/']")
    for key, _label, _help in CANVAS_FIELDS["business_model"]:
        ui.fill({f"#id_{key}": f"About {key.replace('_', ' ')}"})
    ui.submit("#id_key_partners")
    result.refresh_from_db()
    assert len([v for v in result.canvas.values() if v]) == 9
    assert ui.page.locator("main").get_by_text("About revenue streams").count() >= 1

    # Who takes it over: an organisation, as a regular service.
    ui.follow(f"main a[href='/continuation/result/{result.pk}/manage/']")
    ui.follow(f"main a[href='/continuation/result/{result.pk}/new/']")
    ui.page.locator("#id_taker_kind").select_option("organisation")
    ui.page.locator("#id_taker_organisation").select_option(str(station.pk))
    ui.page.locator("#id_form").select_option("regular_service")
    ui.fill({"#id_funding": "Rents and a municipal grant", "#id_commitments": "The station runs the garages."})
    ui.page.locator("#id_status").select_option("handing_over")
    ui.submit("#id_funding")
    handover = Handover.objects.get(result=result)
    assert (handover.taker_organisation, handover.status) == (station, "handing_over")

    # The public page tells what became of it.
    ui.visit(f"/continuation/result/{result.pk}/")
    text = ui.page.locator("main").inner_text()
    assert "Mobility station" in text and "Business model for bicycle garages" in text
    ui.visit(f"/continuation/lab/{lab.slug}/")
