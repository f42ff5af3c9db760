"""Every date and date-time field has a plausible window (core/validators.py, docs/architecture.md).

An event dated year 0001 used to be accepted: PostgreSQL stored it as "0001 BC" and its pages then
failed. Now every form refuses such dates with one clear message and writes nothing, and a test
walks all forms (and the admin's) so that a new date field without a window fails.
"""

from __future__ import annotations

import datetime
import importlib
import inspect
import pkgutil
from decimal import Decimal

import pytest
import time_machine
from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.utils import translation

import kosilab
from kosilab.challenges.models import Challenge
from kosilab.continuation.models import FollowUp, Handover
from kosilab.continuation.services import handover_create
from kosilab.core.admin import AuditedAdmin
from kosilab.core.tests.factories import ChallengeFactory, ProcessFactory
from kosilab.core.tests.matrix import base_world
from kosilab.core.validators import (
    PlausibleDate,
    validate_plausible_date,
    validate_plausible_measurement_date,
)
from kosilab.events.models import Event
from kosilab.events.tests.factories import EventFactory
from kosilab.impact.models import Indicator, Measurement
from kosilab.impact.tests.factories import make_indicator
from kosilab.planning.models import Session
from kosilab.planning.tests.factories import SessionFactory
from kosilab.processes.models import Process
from kosilab.results.tests.factories import make_result
from kosilab.rooms.models import Booking
from kosilab.rooms.tests.factories import RoomFactory

NOW = datetime.datetime(2026, 6, 15, 10, tzinfo=datetime.UTC)  # a Monday
MESSAGE = "Please enter a date between 1 January 1990 and 15 June 2036."
MEASUREMENT_MESSAGE = "Please enter a date between 1 January 1900 and 15 June 2036."


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def english():
    with translation.override("en"):
        yield


# --- The validator ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        (datetime.date(1990, 1, 1), True),
        (datetime.date(1989, 12, 31), False),
        (datetime.date(2036, 6, 15), True),
        (datetime.date(2036, 6, 16), False),
        (datetime.date(1, 1, 1), False),
        (datetime.date(9999, 12, 31), False),
        (datetime.datetime(1, 1, 1, tzinfo=datetime.UTC), False),
        (datetime.datetime(9999, 12, 31, 23, 59, tzinfo=datetime.UTC), False),
        (datetime.datetime(2026, 6, 15, 18, tzinfo=datetime.UTC), True),
    ],
)
def test_the_window_runs_from_1990_to_ten_years_ahead(clock, english, value, valid):
    if valid:
        validate_plausible_date(value)
    else:
        with pytest.raises(ValidationError) as error:
            validate_plausible_date(value)
        assert error.value.messages == [MESSAGE]


def test_measurements_may_be_older(clock, english):
    validate_plausible_measurement_date(datetime.date(1900, 1, 1))
    with pytest.raises(ValidationError) as error:
        validate_plausible_measurement_date(datetime.date(1899, 12, 31))
    assert error.value.messages == [MEASUREMENT_MESSAGE]


def test_the_window_moves_with_the_clock_and_survives_29_february(english):
    with time_machine.travel(datetime.datetime(2028, 2, 29, 12, tzinfo=datetime.UTC), tick=False):
        assert validate_plausible_date.window() == (datetime.date(1990, 1, 1), datetime.date(2038, 2, 28))


def test_the_message_is_in_the_users_language(clock):
    with translation.override("de"), pytest.raises(ValidationError) as error:
        validate_plausible_date(datetime.date(1, 1, 1))
    # The catalogue is regenerated at the end of the release; the dates are German already.
    assert "1. Januar 1990" in error.value.messages[0]
    assert "15. Juni 2036" in error.value.messages[0]


# --- Every form and every admin form carries a window --------------------------------------------


def _form_classes() -> list[type[forms.BaseForm]]:
    found: dict[str, type[forms.BaseForm]] = {}
    for module_info in pkgutil.iter_modules(kosilab.__path__):
        try:
            module = importlib.import_module(f"kosilab.{module_info.name}.forms")
        except ModuleNotFoundError:
            continue
        for name, value in vars(module).items():
            if inspect.isclass(value) and issubclass(value, forms.BaseForm) and value.__module__ == module.__name__:
                found[f"{module.__name__}.{name}"] = value
    return [found[key] for key in sorted(found)]


def _date_fields(form_class: type[forms.BaseForm]) -> dict[str, forms.Field]:
    return {
        name: field
        for name, field in form_class.base_fields.items()
        if isinstance(field, forms.DateField | forms.DateTimeField | forms.SplitDateTimeField)
    }


def _has_window(field: forms.Field) -> bool:
    return any(isinstance(validator, PlausibleDate) for validator in field.validators)


def test_the_walk_finds_the_forms_with_dates():
    with_dates = {cls.__name__ for cls in _form_classes() if _date_fields(cls)}
    assert {"EventForm", "EventFilterForm", "ChallengeForm", "MeasurementForm", "BookingForm"} <= with_dates


@pytest.mark.parametrize("form_class", [pytest.param(cls, id=cls.__name__) for cls in _form_classes()])
def test_every_date_field_of_every_form_has_a_plausible_window(form_class):
    missing = [name for name, field in _date_fields(form_class).items() if not _has_window(field)]
    assert not missing, f"{form_class.__module__}.{form_class.__name__}: no plausible window on {missing}"


def test_every_date_field_in_the_admin_has_a_plausible_window(admin_user):
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    checked = 0
    for model, model_admin in admin.site._registry.items():
        if not isinstance(model_admin, AuditedAdmin):
            continue
        form_class = model_admin.get_form(request)
        for name, field in _date_fields(form_class).items():
            assert _has_window(field), f"admin of {model.__name__}: no plausible window on {name}"
            checked += 1
    assert checked >= 5


def test_the_admin_refuses_an_event_in_year_1(clock, english, admin_user, lab):
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    form_class = admin.site._registry[Event].get_form(request)
    form = form_class(data={"starts_at_0": "0001-01-01", "starts_at_1": "10:00"})
    assert not form.is_valid()
    assert form.errors["starts_at"] == [MESSAGE]


# --- Through the pages: refused with the message, nothing written --------------------------------


@pytest.fixture
def world(db, clock):
    base = base_world()
    lab = base["lab"]
    process = ProcessFactory(lab=lab)
    result = make_result(process, title="Fahrradgarage")
    handover = handover_create(
        result=result, by=None, taker_kind="organisation", taker_name="Verein", form="association"
    )
    return {
        **base,
        "event": EventFactory(lab=lab),
        "challenge": ChallengeFactory(lab=lab, status="open"),
        "process": process,
        "session": SessionFactory(process=process, date=datetime.date(2026, 7, 6)),
        "result": result,
        "handover": handover,
        "indicator": make_indicator(process=process),
        "room": RoomFactory(lab=lab),
    }


def _count(model):
    return lambda world: model.objects.count()


def _field(key, name):
    def value(world):
        obj = world[key]
        obj.refresh_from_db()
        return getattr(obj, name)

    return value


EVENT = {
    "kind": "workshop",
    "title": "Repair café",
    "description": "Bring broken things.",
    "starts_at": "2026-07-01T10:00",
    "ends_at": "2026-07-01T12:00",
    "address": "Markt 1",
    "capacity": "12",
    "offer_hours": "0",
}
CHALLENGE = {"title": "Shade on the squares", "summary": "Cooler squares", "status": "open"}
HANDOVER = {"taker_kind": "administration", "taker_name": "Amt", "form": "project", "status": "planned"}
INDICATOR = {"name": "Places", "unit": "places", "level": "output"}
BOOKING = {"purpose": "Workshop", "date": "2026-06-22", "starts_at": "10:00", "ends_at": "12:00"}

# (id, url, valid data, date field, state that must not change, kind of field)
FORMS = [
    ("event-create", "/events/new/home/", EVENT, "starts_at", _count(Event), "datetime"),
    ("event-create-end", "/events/new/home/", EVENT, "ends_at", _count(Event), "datetime"),
    ("event-create-closing", "/events/new/home/", EVENT, "registration_closes_at", _count(Event), "datetime"),
    ("event-edit", "/events/{event}/edit/", EVENT, "starts_at", _field("event", "starts_at"), "datetime"),
    ("challenge-create", "/challenges/new/home/", CHALLENGE, "starts_on", _count(Challenge), "date"),
    ("challenge-edit", "/challenges/{challenge}/edit/", CHALLENGE, "ends_on", _field("challenge", "ends_on"), "date"),
    (
        "process-create",
        "/processes/new/home/",
        {"title": "Zukunft", "visibility": "public"},
        "started_on",
        _count(Process),
        "date",
    ),
    (
        "process-edit",
        "/processes/{process}/edit/",
        {"title": "Zukunft", "status": "running", "visibility": "public"},
        "started_on",
        _field("process", "started_on"),
        "date",
    ),
    (
        "session-create",
        "/planning/process/{process}/new/",
        {"title": "Kick-off", "starts_at": "10:00", "slot_minutes": "180"},
        "date",
        _count(Session),
        "date",
    ),
    (
        "session-edit",
        "/planning/{session}/edit/",
        {"title": "Kick-off", "starts_at": "10:00", "slot_minutes": "180"},
        "date",
        _field("session", "date"),
        "date",
    ),
    (
        "session-copy",
        "/planning/{session}/copy/",
        {"title": "Copy", "starts_at": "10:00"},
        "date",
        _count(Session),
        "date",
    ),
    ("handover-create", "/continuation/result/{result}/new/", HANDOVER, "decision_on", _count(Handover), "date"),
    ("followup-add", "/continuation/{handover}/follow-ups/new/", {"note": "Ask"}, "due_on", _count(FollowUp), "date"),
    ("indicator-create", "/impact/process/{process}/new/", INDICATOR, "target_date", _count(Indicator), "date"),
    (
        "measurement-add",
        "/impact/indicator/{indicator}/measurements/",
        {"value": "3", "source": "Count"},
        "measured_on",
        _count(Measurement),
        "measurement",
    ),
    ("booking", "/rooms/{room}/book/", BOOKING, "date", _count(Booking), "date"),
    ("booking-weekly", "/rooms/{room}/book/", BOOKING, "weekly_until", _count(Booking), "date"),
]
BAD = {
    "date": ["0001-01-01", "9999-12-31"],
    "measurement": ["1899-12-31", "9999-12-31"],
    "datetime": ["0001-01-01T10:00", "9999-12-31T10:00"],
}


def _fill(url: str, world: dict) -> str:
    return url.format(**{key: getattr(value, "pk", "") for key, value in world.items() if key != "people"})


@pytest.mark.parametrize(("url", "data", "field", "state", "kind"), [pytest.param(*f[1:], id=f[0]) for f in FORMS])
@pytest.mark.parametrize("bad", [0, 1], ids=["year-1", "year-9999"])
def test_an_implausible_date_is_refused_with_the_message_and_nothing_is_written(
    client, world, url, data, field, state, kind, bad
):
    client.force_login(world["people"]["manager"])
    client.cookies["django_language"] = "en"
    before = state(world)
    response = client.post(_fill(url, world), {**data, field: BAD[kind][bad]}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code in {200, 400}, response.status_code
    expected = MEASUREMENT_MESSAGE if kind == "measurement" else MESSAGE
    assert expected in response.content.decode()
    assert state(world) == before


@pytest.mark.parametrize(("url", "data", "field", "state", "kind"), [pytest.param(*f[1:], id=f[0]) for f in FORMS])
def test_the_same_forms_accept_a_plausible_date(client, world, url, data, field, state, kind):
    """The cases above fail only because of the date: with a good one the form is saved."""
    client.force_login(world["people"]["manager"])
    good = {"date": "2026-06-29", "measurement": "1950-06-01", "datetime": "2026-06-29T10:00"}[kind]
    if field in {"ends_at", "registration_closes_at"}:
        good = {"ends_at": "2026-07-01T12:00", "registration_closes_at": "2026-06-30T12:00"}[field]
    before = state(world)
    response = client.post(_fill(url, world), {**data, field: good})
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert state(world) != before


def test_the_event_list_filter_refuses_year_1_and_still_lists(client, world, english):
    response = client.get("/events/?date_from=0001-01-01&date_to=9999-12-31", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.content.decode().count(MESSAGE) == 2
    assert world["event"].title in response.content.decode()


@pytest.mark.parametrize("week", ["0001-W01", "1989-W52", "9999-W52", "2037-W01"])
def test_a_week_outside_the_window_shows_this_week(client, world, week):
    response = client.get(f"/rooms/lab/home/week/?week={week}")
    assert response.status_code == 200
    assert response.context["week"] == "2026-W25"


def test_a_slot_date_outside_the_window_is_not_put_into_the_booking_form(client, world):
    client.force_login(world["people"]["manager"])
    response = client.get(f"/rooms/{world['room'].pk}/book/?date=0001-01-01&from=10:00")
    assert response.status_code == 200
    assert "date" not in response.context["form"].initial
    assert response.context["form"].initial["starts_at"] == datetime.time(10)


def test_values_are_decimal_safe_for_measurements_of_old_baselines(world):
    """A measurement from 1950 is stored and read back (the window allows older statistics)."""
    from kosilab.impact.tests.factories import measure

    measurement = measure(world["indicator"], datetime.date(1950, 6, 1), "4")
    measurement.refresh_from_db()
    assert (measurement.measured_on, measurement.value) == (datetime.date(1950, 6, 1), Decimal(4))
