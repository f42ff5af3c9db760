"""Every impact page answers with a fixed number of SQL queries (1 and 50 rows), for anonymous
visitors and for a lab manager: lists are aggregated in the database, never per row."""

from __future__ import annotations

import datetime

import pytest

from kosilab.core.tests.factories import ProcessFactory, UserFactory
from kosilab.core.tests.queries import grow_and_measure, login_if_manager
from kosilab.impact.tests.factories import make_indicator, measure
from kosilab.processes.services import member_add

pytestmark = pytest.mark.django_db

# (anonymous, lab manager)
# The lab dashboard counts its indicators for their pages (one query).
PINS = {"process": (2, 5), "indicator": (2, 5), "lab": (5, 9)}
DAY = datetime.date(2020, 1, 1)


@pytest.fixture
def setting(query_setting):
    return {**query_setting, "process": ProcessFactory(lab=query_setting["lab"])}


@pytest.mark.parametrize("as_manager", [False, True], ids=["anonymous", "manager"])
def test_process_indicators(client, setting, as_manager):
    login_if_manager(client, setting, as_manager)

    def grow(n):
        for _ in range(n):
            indicator = make_indicator(process=setting["process"])
            measure(indicator, DAY)
            measure(indicator, DAY + datetime.timedelta(days=1))

    one, fifty = grow_and_measure(client, f"/impact/process/{setting['process'].pk}/", grow)
    assert (one, fifty) == (PINS["process"][as_manager],) * 2


@pytest.mark.parametrize("as_manager", [False, True], ids=["anonymous", "manager"])
def test_indicator_detail(client, setting, as_manager):
    indicator = make_indicator(process=setting["process"])
    login_if_manager(client, setting, as_manager)
    days = iter(range(1000))

    def grow(n):
        for _ in range(n):
            measure(indicator, DAY + datetime.timedelta(days=next(days)))

    one, fifty = grow_and_measure(client, f"/impact/indicator/{indicator.pk}/", grow)
    assert (one, fifty) == (PINS["indicator"][as_manager],) * 2


@pytest.mark.parametrize("as_manager", [False, True], ids=["anonymous", "manager"])
def test_lab_dashboard(client, setting, as_manager):
    lab = setting["lab"]
    login_if_manager(client, setting, as_manager)

    def grow(n):
        for i in range(n):
            process = ProcessFactory(lab=lab)
            member_add(process=process, user=UserFactory(profile={"sector": "business"}), role="expert", by=None)
            indicator = make_indicator(process=process) if i % 2 else make_indicator(lab=lab)
            measure(indicator, DAY)

    one, fifty = grow_and_measure(client, f"/impact/lab/{lab.slug}/", grow)
    assert (one, fifty) == (PINS["lab"][as_manager],) * 2
