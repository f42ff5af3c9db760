"""Result pages answer with a fixed number of SQL queries, whatever the number of results or files
(1 and 50), for anonymous visitors and for a lab manager."""

from __future__ import annotations

import pytest

from kosilab.core.tests.factories import ProcessFactory
from kosilab.core.tests.queries import grow_and_measure
from kosilab.results.models import ResultKind, ResultVisibility
from kosilab.results.tests.factories import attach, make_result

pytestmark = pytest.mark.django_db

# (anonymous, lab manager)
PINS = {"process": (3, 6), "detail": (2, 5)}


@pytest.fixture
def setting(query_setting):
    return {**query_setting, "process": ProcessFactory(lab=query_setting["lab"])}


@pytest.mark.parametrize("as_manager", [False, True], ids=["anonymous", "manager"])
def test_results_of_a_process(client, setting, as_manager):
    process = setting["process"]
    phases = list(process.phases.all())
    if as_manager:
        client.force_login(setting["manager"])

    def grow(n):
        for i in range(n):
            visibility = ResultVisibility.DRAFT if i % 3 == 1 else ResultVisibility.PUBLIC
            result = make_result(process, phase=phases[i % len(phases)], visibility=visibility)
            attach(result)
            attach(result)

    one, fifty = grow_and_measure(client, f"/results/process/{process.pk}/", grow)
    assert (one, fifty) == (PINS["process"][as_manager],) * 2


@pytest.mark.parametrize("as_manager", [False, True], ids=["anonymous", "manager"])
def test_result_page(client, setting, as_manager):
    result = make_result(setting["process"], kind=ResultKind.BUSINESS_MODEL, canvas={"channels": "Flyer"})
    if as_manager:
        client.force_login(setting["manager"])

    def grow(n):
        for _ in range(n):
            attach(result)

    one, fifty = grow_and_measure(client, f"/results/{result.pk}/", grow)
    assert (one, fifty) == (PINS["detail"][as_manager],) * 2
