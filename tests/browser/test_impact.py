"""A process lead adds measurements to an indicator and sees the chart and its table change."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from kosilab.core.tests.factories import ProcessFactory, UserFactory
from kosilab.impact.models import Indicator, Measurement
from kosilab.labs.services import lab_team_set

pytestmark = pytest.mark.browser


def test_add_measurements_and_see_the_chart(ui, lab):
    manager = UserFactory(name="Mara Manager", email="mara@example.org")
    lab_team_set(lab=lab, user=manager, role="manager", by=None)
    process = ProcessFactory(lab=lab, title="Fahrradgaragen im Quartier")
    indicator = Indicator.objects.create(
        lab=lab,
        process=process,
        name="Share of cycling",
        unit="%",
        level="outcome",
        baseline=Decimal(8),
        target=Decimal(15),
        target_date=timezone.localdate() + datetime.timedelta(days=700),
        sdg=11,
    )
    ui.log_in("mara@example.org")
    ui.visit(process.get_absolute_url())
    ui.follow(f"main a[href='/impact/process/{process.pk}/']")
    ui.follow(f"main a[href='/impact/indicator/{indicator.pk}/']")

    today = timezone.localdate()
    for days_ago, value in ((300, "9"), (30, "11.5")):
        ui.fill(
            {
                "#id_measured_on": (today - datetime.timedelta(days=days_ago)).isoformat(),
                "#id_value": value,
                "#id_source": "Counts at three cross-sections",
            }
        )
        ui.submit("#id_source")
    assert sorted(Measurement.objects.filter(indicator=indicator).values_list("value", flat=True)) == [
        Decimal("9"),
        Decimal("11.5"),
    ]
    chart = ui.page.locator("main figure svg[role=img]").first
    assert chart.locator("title").count() == 1
    assert chart.locator("circle").count() >= 2
    table = ui.page.locator("main table.impact-table").inner_text()
    assert "11.5" in table and "Counts at three cross-sections" in table

    # A value for the same day is refused with a message, and nothing changes.
    ui.fill({"#id_measured_on": (today - datetime.timedelta(days=30)).isoformat(), "#id_value": "12"})
    ui.submit("#id_value")
    assert Measurement.objects.filter(indicator=indicator).count() == 2
    assert ui.page.locator("#id_measured_on_error, .errorlist, .error").count() >= 1
