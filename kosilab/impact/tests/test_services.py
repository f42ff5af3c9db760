"""Indicator and measurement services: validation, one value per day, audit log."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from kosilab.core.errors import DomainError
from kosilab.core.models import AuditEntry
from kosilab.core.tests.factories import ProcessFactory
from kosilab.impact import services
from kosilab.impact.models import Indicator, Measurement
from kosilab.impact.tests.factories import make_indicator, measure

pytestmark = pytest.mark.django_db
DAY = datetime.date(2024, 3, 1)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def indicator(lab):
    return make_indicator(process=ProcessFactory(lab=lab))


def test_an_indicator_of_a_process_belongs_to_its_lab_and_is_logged(lab, other_lab):
    process = ProcessFactory(lab=lab)
    indicator = make_indicator(lab=other_lab, process=process)
    assert indicator.lab == lab
    assert indicator.position == 1
    assert make_indicator(process=process, name="Second").position == 2
    entry = AuditEntry.objects.get(action="impact.indicator_created", object_id=str(indicator.pk))
    assert entry.lab_id == lab.pk


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"name": "  "}, "name", "Please give the indicator a name."),
        ({"unit": ""}, "unit", "Please name the unit"),
        ({"unit": "x" * 31}, "unit", "at most 30 characters"),
        ({"baseline": Decimal("1e13")}, "baseline", "Enter a number between"),
        ({"target": Decimal("-1e13")}, "target", "Enter a number between"),
        ({"target_date": datetime.date(2200, 1, 1)}, "target_date", "Please enter a date between"),
        ({"sdg": 18}, "sdg", "not a valid choice"),
        ({"level": "dream"}, "level", "not a valid choice"),
    ],
)
def test_bad_indicators_are_refused_with_a_clear_message(lab, fields, field, message):
    with pytest.raises(DomainError) as error:
        make_indicator(lab=lab, **fields)
    assert error.value.field == field
    assert message in error.value.message
    assert not Indicator.objects.exists()


def test_update_and_delete(indicator):
    services.indicator_update(indicator=indicator, by=None, name="Cycling share", target=Decimal(20))
    indicator.refresh_from_db()
    assert (indicator.name, indicator.target) == ("Cycling share", Decimal(20))
    measure(indicator, DAY)
    services.indicator_delete(indicator=indicator, by=None)
    assert not Measurement.objects.exists()
    assert AuditEntry.objects.filter(action="impact.indicator_deleted", data__measurements=1).exists()


def test_one_value_per_day(indicator):
    measure(indicator, DAY, "9")
    with pytest.raises(DomainError) as error:
        measure(indicator, DAY, "10")
    assert error.value.field == "measured_on"
    assert error.value.message == (
        "There is already a value for 1 March 2024. Change that one instead, or choose another date."
    )
    assert Measurement.objects.get().value == Decimal(9)


def test_a_value_can_be_moved_to_a_free_day_only(indicator):
    first = measure(indicator, DAY)
    measure(indicator, DAY + datetime.timedelta(days=1))
    with pytest.raises(DomainError):
        services.measurement_update(measurement=first, by=None, measured_on=DAY + datetime.timedelta(days=1))
    first.refresh_from_db()
    services.measurement_update(measurement=first, by=None, value=Decimal("9.5"), source="Survey")
    first.refresh_from_db()
    assert (first.value, first.source, first.measured_on) == (Decimal("9.5"), "Survey", DAY)


@pytest.mark.parametrize(
    ("day", "value", "field", "message"),
    [
        (datetime.date(1899, 12, 31), "1", "measured_on", "Please enter a date between 1 January 1900 and"),
        (None, "1", "measured_on", "cannot lie in the future"),
        (DAY, "1000000000001", "value", "Enter a number between"),
    ],
)
def test_bad_values_are_refused(indicator, day, value, field, message):
    day = day or timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(DomainError) as error:
        measure(indicator, day, value)
    assert (error.value.field, message in error.value.message) == (field, True)
    assert not Measurement.objects.exists()


def test_progress_from_baseline_to_target(indicator):
    assert indicator.progress_percent(Decimal(8)) == 0
    assert indicator.progress_percent(Decimal("11.5")) == 50
    assert indicator.progress_percent(Decimal(16)) == 114
    assert indicator.progress_percent(None) is None
    indicator.target = None
    assert indicator.progress_percent(Decimal(9)) is None
