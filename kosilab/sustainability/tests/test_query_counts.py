"""The watch and the legacy page answer with a fixed number of SQL queries, whatever the number of
records, decisions, methods, processes, results and handovers (1 and 50). Only the lab's team sees
them, so the pins are for the lab's manager."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from kosilab.continuation.services import handover_create
from kosilab.core.tests.factories import ProcessFactory, UserFactory
from kosilab.core.tests.queries import grow_and_measure
from kosilab.methods.tests.factories import MethodFactory
from kosilab.processes.models import MemberRole
from kosilab.processes.services import log_add, member_add
from kosilab.results.tests.factories import make_result
from kosilab.sustainability.services import decision_create, legacy_export, legacy_import
from kosilab.sustainability.tests.factories import make_funding, make_mandate, make_sponsor

pytestmark = pytest.mark.django_db

PINS = {"watch": 13, "legacy": 12, "inherited": 6}
TODAY = dt.date(2027, 6, 10)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(dt.datetime(2027, 6, 10, 9, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def setting(query_setting):
    return query_setting


def test_watch_page(client, setting):
    lab = setting["lab"]
    client.force_login(setting["manager"])

    def grow(n):
        for i in range(n):
            mandate = make_mandate(
                lab,
                starts_on=TODAY - dt.timedelta(days=400),
                ends_on=TODAY + dt.timedelta(days=20 + i),
                tied_to_term=True,
                term_ends_on=TODAY + dt.timedelta(days=100),
            )
            decision_create(record=mandate, by=None, decided_on=TODAY, decided_by="Rat", outcome="pending")
            funding = make_funding(
                lab, starts_on=TODAY - dt.timedelta(days=400), ends_on=TODAY + dt.timedelta(days=i), funder=f"F{i}"
            )
            decision_create(record=funding, by=None, decided_on=TODAY, decided_by="BMBF", outcome="pending")
            make_sponsor(lab, label=f"Sponsor {i}")
            process = ProcessFactory(lab=lab, title=f"P{i}")
            member_add(process=process, user=UserFactory(), role=MemberRole.LEAD, by=None, sector="public")

    one, fifty = grow_and_measure(client, f"/sustainability/{lab.slug}/", grow)
    assert (one, fifty) == (PINS["watch"],) * 2


def test_legacy_page(client, setting):
    lab = setting["lab"]
    client.force_login(setting["manager"])

    def grow(n):
        for i in range(n):
            MethodFactory(lab=lab, title=f"Eigene Methode {i}")
            process = ProcessFactory(lab=lab, title=f"Prozess {i}")
            log_add(process=process, by=None, text="Gelernt.")
            result = make_result(process, title=f"Ergebnis {i}")
            handover_create(result=result, by=None, taker_kind="administration", taker_name="Amt", form="project")

    one, fifty = grow_and_measure(client, f"/sustainability/{lab.slug}/legacy/", grow)
    assert (one, fifty) == (PINS["legacy"],) * 2


def test_inherited_page(client, setting, other_lab):
    lab = setting["lab"]
    client.force_login(setting["manager"])
    for i in range(50):
        MethodFactory(lab=other_lab, title=f"Methode {i}")
        process = ProcessFactory(lab=other_lab, title=f"Prozess {i}")
        log_add(process=process, by=None, text="Gelernt.")
        make_result(process, title=f"Ergebnis {i}")
    make_funding(other_lab, starts_on=TODAY, funder="ESF", amount_per_year=Decimal(1))
    archive, _created = legacy_import(lab=lab, by=None, data=legacy_export(lab=other_lab, by=None))
    response_queries = grow_and_measure(
        client, f"/sustainability/{lab.slug}/legacy/inherited/{archive.pk}/", lambda n: None
    )
    assert response_queries == (PINS["inherited"],) * 2
