"""The lab's impact dashboard shows its indicators a page at a time, in the dashboard's order: the
whole lab's first, then by process, each in chain order; the export still holds all of them."""

from __future__ import annotations

import re

import pytest

from kosilab.core.tests.factories import LabFactory, ProcessFactory
from kosilab.impact.models import Level
from kosilab.impact.tests.factories import make_indicator
from kosilab.impact.views import INDICATORS_PER_PAGE

pytestmark = pytest.mark.django_db


def _names(content: str) -> list[str]:
    return re.findall(r">(Indikator [^<]+)</a></th>", content)


def test_indicators_come_a_page_at_a_time_in_the_dashboards_order(client):
    lab = LabFactory(slug="viel", name="Viel gemessen")
    process = ProcessFactory(lab=lab, title="Aaa Prozess")
    for i in range(INDICATORS_PER_PAGE):
        make_indicator(process=process, name=f"Indikator P {i:02d}", level=Level.OUTCOME if i % 2 else Level.OUTPUT)
    make_indicator(lab=lab, name="Indikator Lab ganz", level=Level.IMPACT)

    first = client.get("/impact/lab/viel/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    names = _names(first)
    assert len(names) == INDICATORS_PER_PAGE
    assert names[0] == "Indikator Lab ganz"  # the whole lab's indicator first
    outputs = [name for name in names[1:] if int(name[-2:]) % 2 == 0]
    assert names[1 : 1 + len(outputs)] == outputs  # output before outcome (chain order)
    assert f"{INDICATORS_PER_PAGE + 1} indicators" in first
    assert 'rel="next"' in first

    second = client.get("/impact/lab/viel/?page=2", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert len(_names(second)) == 1
    assert set(_names(second)).isdisjoint(names)

    export = client.get("/impact/lab/viel/indicators.csv")
    assert export.status_code == 200
    assert export.content.decode("utf-8-sig").count("Indikator ") == INDICATORS_PER_PAGE + 1
