""" "What became of it" shows a lab's public results a page at a time, with how many there are."""

from __future__ import annotations

import re

import pytest

from kosilab.continuation.views import RESULTS_PER_PAGE
from kosilab.core.tests.factories import LabFactory, ProcessFactory
from kosilab.results.tests.factories import make_result

pytestmark = pytest.mark.django_db


def test_results_come_a_page_at_a_time(client):
    lab = LabFactory(slug="ergiebig", name="Ergiebig")
    process = ProcessFactory(lab=lab)
    for i in range(RESULTS_PER_PAGE + 2):
        make_result(process, title=f"Ergebnis Nr. {i:02d}")

    first = client.get("/continuation/lab/ergiebig/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    on_first = set(re.findall(r"Ergebnis Nr\. (\d\d)", first))
    assert len(on_first) == RESULTS_PER_PAGE
    assert f"{RESULTS_PER_PAGE + 2} public results" in first
    second = client.get("/continuation/lab/ergiebig/?page=2", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    on_second = set(re.findall(r"Ergebnis Nr\. (\d\d)", second))
    assert len(on_second) == 2
    assert on_first.isdisjoint(on_second)
