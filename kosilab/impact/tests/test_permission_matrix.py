"""Permission matrix rows for impact (see kosilab/core/tests/matrix.py).

Indicators of a process follow the process: seen by whoever sees the process, changed by whoever
may change it (lab staff, process lead, admin). Indicators of the whole lab: seen when the lab is
seen, changed by its staff. The dashboard and the exports follow the view permission.
"""

from __future__ import annotations

import datetime

import pytest

from kosilab.core.tests.factories import ProcessFactory
from kosilab.core.tests.matrix import (
    ANYONE,
    LAB_STAFF,
    PRIVATE,
    PRIVATE_ELSEWHERE,
    case,
    done,
    matrix_test,
)
from kosilab.impact.models import Indicator, Measurement
from kosilab.impact.tests.factories import make_indicator, measure
from kosilab.processes.services import member_add

# Staff of the lab who may not see it elsewhere: a 404 for what is not theirs.
NOT_HERE = {**PRIVATE, "facilitator": 404, "manager": 404, "admin": 404}
INDICATOR = {"name": "Places", "unit": "places", "level": "output"}
VALUE = {"measured_on": "2024-05-02", "value": "3", "source": "Count"}

CASES = [
    case("impact:process", "get", "/impact/process/{process}/", ANYONE),
    case("impact:process-internal", "get", "/impact/process/{internal}/", PRIVATE),
    case("impact:process-hidden-lab", "get", "/impact/process/{hidden_process}/", PRIVATE_ELSEWHERE),
    case("impact:indicator_create", "get", "/impact/process/{process}/new/", LAB_STAFF),
    case("impact:indicator_create-post", "post", "/impact/process/{process}/new/", done(LAB_STAFF), INDICATOR),
    case("impact:indicator_create-internal", "get", "/impact/process/{internal}/new/", PRIVATE),
    case("impact:indicator_create-hidden-lab", "get", "/impact/process/{hidden_process}/new/", PRIVATE_ELSEWHERE),
    case("impact:process_csv", "get", "/impact/process/{process}/indicators.csv", ANYONE),
    case("impact:process_xlsx", "get", "/impact/process/{process}/indicators.xlsx", ANYONE),
    case("impact:process_csv-internal", "get", "/impact/process/{internal}/indicators.csv", PRIVATE),
    case(
        "impact:process_xlsx-hidden-lab", "get", "/impact/process/{hidden_process}/indicators.xlsx", PRIVATE_ELSEWHERE
    ),
    case("impact:lab", "get", "/impact/lab/home/", ANYONE),
    case("impact:lab-hidden", "get", "/impact/lab/hidden/", PRIVATE_ELSEWHERE),
    case("impact:lab_indicator_create", "get", "/impact/lab/home/new/", LAB_STAFF),
    case("impact:lab_indicator_create-post", "post", "/impact/lab/home/new/", done(LAB_STAFF), INDICATOR),
    case("impact:lab_indicator_create-hidden", "get", "/impact/lab/hidden/new/", PRIVATE_ELSEWHERE),
    case("impact:lab_csv", "get", "/impact/lab/home/indicators.csv", ANYONE),
    case("impact:lab_xlsx", "get", "/impact/lab/home/indicators.xlsx", ANYONE),
    case("impact:lab_csv-hidden", "get", "/impact/lab/hidden/indicators.csv", PRIVATE_ELSEWHERE),
    case("impact:indicator", "get", "/impact/indicator/{indicator}/", ANYONE),
    case("impact:indicator-internal", "get", "/impact/indicator/{internal_indicator}/", PRIVATE),
    case("impact:indicator-lab", "get", "/impact/indicator/{lab_indicator}/", ANYONE),
    case("impact:indicator-hidden-lab", "get", "/impact/indicator/{hidden_indicator}/", PRIVATE_ELSEWHERE),
    case("impact:indicator_edit", "get", "/impact/indicator/{indicator}/edit/", LAB_STAFF),
    case("impact:indicator_edit-post", "post", "/impact/indicator/{indicator}/edit/", done(LAB_STAFF), INDICATOR),
    case("impact:indicator_edit-lab", "get", "/impact/indicator/{lab_indicator}/edit/", LAB_STAFF),
    case("impact:indicator_edit-internal", "get", "/impact/indicator/{internal_indicator}/edit/", PRIVATE),
    case("impact:indicator_edit-hidden-lab", "get", "/impact/indicator/{hidden_indicator}/edit/", PRIVATE_ELSEWHERE),
    case("impact:indicator_delete", "get", "/impact/indicator/{indicator}/delete/", LAB_STAFF),
    case("impact:indicator_delete-post", "post", "/impact/indicator/{indicator}/delete/", done(LAB_STAFF)),
    case("impact:measurement_add", "post", "/impact/indicator/{indicator}/measurements/", done(LAB_STAFF), VALUE),
    case(
        "impact:measurement_add-hidden-lab",
        "post",
        "/impact/indicator/{hidden_indicator}/measurements/",
        {**PRIVATE_ELSEWHERE, "other_manager": 302, "admin": 302},
        VALUE,
    ),
    case("impact:measurement_edit", "get", "/impact/indicator/{indicator}/measurements/{measurement}/", LAB_STAFF),
    case(
        "impact:measurement_edit-post",
        "post",
        "/impact/indicator/{indicator}/measurements/{measurement}/",
        done(LAB_STAFF),
        VALUE,
    ),
    case(
        "impact:measurement_edit-elsewhere",
        "get",
        "/impact/indicator/{lab_indicator}/measurements/{measurement}/",
        {**LAB_STAFF, "facilitator": 404, "manager": 404, "admin": 404},
    ),
    case(
        "impact:measurement_delete",
        "post",
        "/impact/indicator/{indicator}/measurements/{measurement}/delete/",
        done(LAB_STAFF),
    ),
]


@pytest.fixture
def world(matrix_world):
    lab, private_lab = matrix_world["lab"], matrix_world["private_lab"]
    process = ProcessFactory(lab=lab)
    internal = ProcessFactory(lab=lab, visibility="internal")
    hidden_process = ProcessFactory(lab=private_lab)
    indicator = make_indicator(process=process)
    return {
        **matrix_world,
        "process": process,
        "internal": internal,
        "hidden_process": hidden_process,
        "indicator": indicator,
        "measurement": measure(indicator, datetime.date(2024, 1, 15)),
        "internal_indicator": make_indicator(process=internal),
        "lab_indicator": make_indicator(lab=lab, name="Workshop guests", unit="people"),
        "hidden_indicator": make_indicator(process=hidden_process),
    }


test_permission_matrix = matrix_test(CASES)


@pytest.mark.parametrize(("role", "expected"), [("lead", 302), ("co_creator", 403)])
def test_process_lead_changes_the_indicators_of_their_process(client, world, role, expected):
    person = world["people"]["member"]
    member_add(process=world["process"], user=person, role=role, by=None)
    client.force_login(person)
    response = client.post(f"/impact/indicator/{world['indicator'].pk}/measurements/", VALUE)
    assert response.status_code == expected
    assert Measurement.objects.filter(indicator=world["indicator"]).count() == (2 if expected == 302 else 1)
    # The lead of one process does not steer the indicators of the whole lab.
    assert client.get(f"/impact/indicator/{world['lab_indicator'].pk}/edit/").status_code == 403


def test_smuggled_fields_are_ignored(client, world):
    client.force_login(world["people"]["facilitator"])
    data = {**INDICATOR, "lab": world["other_lab"].pk, "process": world["hidden_process"].pk, "position": 99}
    client.post(f"/impact/process/{world['process'].pk}/new/", data)
    created = Indicator.objects.get(name="Places")
    assert (created.lab, created.process, created.position) == (world["lab"], world["process"], 2)
