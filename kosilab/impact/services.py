"""Writes for indicators and their measurements.

Each function validates with the model's own validators (``full_clean``), writes in a transaction
and records one audit entry. One value per indicator and day: a second one is refused with a clear
message (checked first, and kept by a unique constraint should two requests race).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kosilab.accounts.types import Viewer, account
from kosilab.core.audit import log_action
from kosilab.core.errors import DomainError
from kosilab.impact.models import Indicator, Measurement
from kosilab.labs.models import Lab
from kosilab.processes.models import Process

INDICATOR_FIELDS = ("name", "unit", "level", "description", "baseline", "target", "target_date", "sdg")
MEASUREMENT_FIELDS = ("measured_on", "value", "source", "note")


def _clean(obj: Indicator | Measurement, exclude: list[str]) -> None:
    """The model's validation, as a DomainError naming the first field that failed."""
    try:
        obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise DomainError(messages[0], field=None if field == "__all__" else field) from None


def _check_indicator(indicator: Indicator) -> None:
    indicator.name = indicator.name.strip()
    indicator.unit = indicator.unit.strip()
    if not indicator.name:
        raise DomainError(_("Please give the indicator a name."), field="name")
    if not indicator.unit:
        raise DomainError(_("Please name the unit, for example % or people."), field="unit")
    _clean(indicator, exclude=["lab", "process", "created_by"])


def _audit_data(indicator: Indicator) -> dict[str, Any]:
    return {"process": indicator.process_id, "name": indicator.name}


@transaction.atomic
def indicator_create(*, lab: Lab, process: Process | None = None, by: Viewer | None, **fields: Any) -> Indicator:
    """A new indicator of ``process`` (its lab is the process's lab), or of the whole ``lab``."""
    if process is not None:
        lab = process.lab
    unknown = set(fields) - set(INDICATOR_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    last = Indicator.objects.filter(lab=lab, process=process).aggregate(last=Max("position"))["last"]
    indicator = Indicator(
        lab=lab,
        process=process,
        created_by=account(by),
        position=(last or 0) + 1,
        **fields,
    )
    _check_indicator(indicator)
    indicator.save()
    log_action("impact.indicator_created", actor=by, target=indicator, data=_audit_data(indicator))
    return indicator


@transaction.atomic
def indicator_update(*, indicator: Indicator, by: Viewer | None, **fields: Any) -> Indicator:
    for name, value in fields.items():
        if name not in INDICATOR_FIELDS:
            raise TypeError(f"Unknown field: {name}")
        setattr(indicator, name, value)
    _check_indicator(indicator)
    indicator.save()
    log_action("impact.indicator_updated", actor=by, target=indicator, data=_audit_data(indicator))
    return indicator


@transaction.atomic
def indicator_delete(*, indicator: Indicator, by: Viewer | None) -> None:
    data = {**_audit_data(indicator), "measurements": indicator.measurements.count()}
    log_action("impact.indicator_deleted", actor=by, target=indicator, data=data)
    indicator.delete()


def _duplicate(measured_on: datetime.date) -> DomainError:
    return DomainError(
        _("There is already a value for %(date)s. Change that one instead, or choose another date.")
        % {"date": date_format(measured_on, "DATE_FORMAT")},
        field="measured_on",
    )


def _check_measurement(measurement: Measurement) -> None:
    measurement.source = measurement.source.strip()
    _clean(measurement, exclude=["indicator", "created_by"])
    if measurement.measured_on > timezone.localdate():
        raise DomainError(_("A measured value cannot lie in the future."), field="measured_on")
    others = Measurement.objects.filter(indicator_id=measurement.indicator_id, measured_on=measurement.measured_on)
    if others.exclude(pk=measurement.pk).exists():
        raise _duplicate(measurement.measured_on)


def _save_measurement(measurement: Measurement) -> None:
    try:
        with transaction.atomic():
            measurement.save()
    except IntegrityError:  # the same day saved by a simultaneous request
        raise _duplicate(measurement.measured_on) from None


def _measurement_data(measurement: Measurement) -> dict[str, Any]:
    return {
        "indicator": measurement.indicator_id,
        "measured_on": measurement.measured_on.isoformat(),
        "value": str(measurement.value),
    }


@transaction.atomic
def measurement_add(
    *,
    indicator: Indicator,
    by: Viewer | None,
    measured_on: datetime.date,
    value: Decimal,
    source: str = "",
    note: str = "",
) -> Measurement:
    measurement = Measurement(
        indicator=indicator,
        measured_on=measured_on,
        value=value,
        source=source,
        note=note,
        created_by=account(by),
    )
    _check_measurement(measurement)
    _save_measurement(measurement)
    log_action(
        "impact.measurement_added",
        actor=by,
        target=measurement,
        lab=indicator.lab_id,
        data=_measurement_data(measurement),
    )
    return measurement


@transaction.atomic
def measurement_update(*, measurement: Measurement, by: Viewer | None, **fields: Any) -> Measurement:
    for name, value in fields.items():
        if name not in MEASUREMENT_FIELDS:
            raise TypeError(f"Unknown field: {name}")
        setattr(measurement, name, value)
    _check_measurement(measurement)
    _save_measurement(measurement)
    log_action(
        "impact.measurement_updated",
        actor=by,
        target=measurement,
        lab=measurement.indicator.lab_id,
        data=_measurement_data(measurement),
    )
    return measurement


@transaction.atomic
def measurement_delete(*, measurement: Measurement, by: Viewer | None) -> None:
    log_action(
        "impact.measurement_deleted",
        actor=by,
        target=measurement,
        lab=measurement.indicator.lab_id,
        data=_measurement_data(measurement),
    )
    measurement.delete()
