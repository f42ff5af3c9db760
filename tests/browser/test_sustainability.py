"""A lab manager records funding that ends soon and sees the warning, then opens the legacy page
and the import form; axe-core checks each page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kosilab.core.tests.factories import LabFactory, ProcessFactory, UserFactory
from kosilab.labs.services import lab_team_set
from kosilab.methods.tests.factories import MethodFactory
from kosilab.processes.services import log_add
from kosilab.sustainability.models import Funding
from kosilab.sustainability.services import legacy_export, legacy_import
from kosilab.sustainability.tests.factories import make_mandate

pytestmark = pytest.mark.browser


def test_record_funding_ending_soon_see_the_warning_and_the_legacy(ui, lab):
    manager = UserFactory(name="Mara Manager", email="mara@example.org")
    lab_team_set(lab=lab, user=manager, role="manager", by=None)
    today = timezone.localdate()
    make_mandate(
        lab,
        starts_on=today - dt.timedelta(days=700),
        tied_to_term=True,
        term_ends_on=today + dt.timedelta(days=150),
    )
    MethodFactory(lab=lab, title="Stadtteilspaziergang")
    ui.log_in("mara@example.org")
    ui.visit(f"/labs/{lab.slug}/")
    ui.follow(f"main a[href='/sustainability/{lab.slug}/']")
    assert "term of office" in ui.page.locator("#warnings").inner_text()

    ui.follow(f"main a[href='/sustainability/{lab.slug}/funding/new/']")
    ui.fill(
        {
            "#id_funder": "ESF Plus",
            "#id_programme": "Soziale Innovation",
            "#id_amount_per_year": "120000",
            "#id_starts_on": (today - dt.timedelta(days=600)).isoformat(),
            "#id_ends_on": (today + dt.timedelta(days=40)).isoformat(),
        }
    )
    ui.submit("#id_funder")
    funding = Funding.objects.get(lab=lab)
    warnings = ui.page.locator("#warnings").inner_text()
    assert "ESF Plus – Soziale Innovation" in warnings and "40 days" in warnings
    assert "depends on one funder" in warnings
    chart = ui.page.locator("#timeline svg[role=img]")
    assert chart.locator("title").count() == 1
    assert ui.page.locator("#timeline table").inner_text().count("ESF Plus") == 1

    # A bad decision is refused with a message on the field, and nothing changes.
    ui.follow(f"main a[href='/sustainability/{lab.slug}/funding/{funding.pk}/decisions/new/']")
    ui.fill({"#id_decided_on": today.isoformat(), "#id_decided_by": "ESF-Verwaltungsbehörde"})
    ui.page.locator("#id_outcome").select_option("extended")
    ui.check_a11y()
    ui.submit("#id_decided_by")
    assert ui.page.locator("#id_new_ends_on_error").count() == 1
    assert not funding.decisions.exists()

    ui.visit(f"/sustainability/{lab.slug}/")
    ui.follow(f"main a[href='/sustainability/{lab.slug}/legacy/']")
    assert "Stadtteilspaziergang" in ui.page.locator("main").inner_text()
    ui.follow(f"main a[href='/sustainability/{lab.slug}/legacy/import/']")
    assert ui.page.locator("input[type=file]#id_archive").count() == 1

    # A predecessor's archive, loaded: its knowledge is on a page of its own.
    predecessor = LabFactory(slug="vorgaenger", name="Vorgängerlabor", city="Arnsberg")
    process = ProcessFactory(lab=predecessor, title="Quartiersgärten")
    log_add(process=process, by=None, text="Gelernt: Gießdienste früh verabreden.")
    MethodFactory(lab=predecessor, title="Gartenwerkstatt")
    archive, _created = legacy_import(lab=lab, by=None, data=legacy_export(lab=predecessor, by=None))
    ui.visit(f"/sustainability/{lab.slug}/legacy/")
    ui.follow(f"main a[href='/sustainability/{lab.slug}/legacy/inherited/{archive.pk}/']")
    page = ui.page.locator("main").inner_text()
    assert "Quartiersgärten" in page and "Gießdienste" in page and "Gartenwerkstatt" in page
