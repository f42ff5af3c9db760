"""The impact demo loads once, on top of the demo labs, and its pages answer."""

from __future__ import annotations

import pytest

from kosilab.impact.demo import load_impact_demo
from kosilab.impact.models import Indicator, Measurement
from kosilab.site.demo import load_demo_base

pytestmark = pytest.mark.django_db


def test_nothing_without_the_demo_labs():
    assert load_impact_demo() is False
    assert not Indicator.objects.exists()


def test_loads_once_and_pages_answer(client):
    load_demo_base()
    assert load_impact_demo() is True
    counts = (Indicator.objects.count(), Measurement.objects.count())
    assert load_impact_demo() is False
    assert (Indicator.objects.count(), Measurement.objects.count()) == counts

    cycling = Indicator.objects.get(name="Anteil des Radverkehrs im Quartier")
    assert (cycling.unit, cycling.level, cycling.baseline, cycling.target, cycling.sdg) == ("%", "outcome", 8, 15, 11)
    assert 5 <= cycling.measurements.count() <= 6
    assert cycling.measurements.filter(source="Zählung an drei Querschnitten").exists()
    assert Indicator.objects.filter(lab__slug="dortmund", process__isnull=True).exists()
    assert set(Indicator.objects.filter(sdg=8).values_list("name", flat=True)) == {
        "Beratene Sozialunternehmen",
        "Neu gegründete Sozialunternehmen",
    }
    for url in ["/impact/lab/dortmund/", "/impact/lab/wuppertal/", cycling.get_absolute_url()]:
        assert client.get(url).status_code == 200
    assert client.get(f"/impact/process/{cycling.process_id}/").status_code == 200
