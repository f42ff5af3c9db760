"""Reading the API: pages, filters, bad query parameters, ETag and conditional requests, rate limits."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone

from kosilab.api.tests.world import bearer, build, make_token
from kosilab.core.tests.english import english_everywhere  # noqa: F401
from kosilab.core.tests.factories import LabFactory
from kosilab.events.tests.factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(matrix_world):
    return build(matrix_world)


def ids(response) -> list:
    assert response.status_code == 200, (response.status_code, response.content[:300])
    return [item.get("id", item.get("slug")) for item in response.json()["results"]]


# --- Pages -------------------------------------------------------------------------------------


def test_pages_are_stable_and_have_a_maximum_size(client, db):
    for number in range(7):
        LabFactory(slug=f"lab-{number}", name=f"Lab {number}", city="Wuppertal")
    first = client.get("/api/v1/labs/?page_size=3").json()
    assert first["count"] == 7 and len(first["results"]) == 3
    assert first["previous"] is None and "page=2" in first["next"]
    second = client.get(first["next"]).json()
    third = client.get(second["next"]).json()
    slugs = [item["slug"] for page in (first, second, third) for item in page["results"]]
    assert slugs == [f"lab-{number}" for number in range(7)]  # by primary key, no repeats
    assert third["next"] is None
    assert len(client.get("/api/v1/labs/?page_size=100000").json()["results"]) == 7  # capped at 200
    assert client.get("/api/v1/labs/?page=99").status_code == 404
    assert client.get("/api/v1/labs/?page=abc").status_code == 404
    assert client.get("/api/v1/labs/?page_size=abc").status_code == 200  # the default size


# --- Filters -----------------------------------------------------------------------------------


def test_filters_narrow_each_list(client, world):
    home = world["lab"]
    assert ids(client.get("/api/v1/labs/?city=dortmund")) == ["home", "other"]
    assert ids(client.get("/api/v1/labs/?city=Wuppertal")) == []
    assert ids(client.get("/api/v1/challenges/?lab=home")) == [world["challenge"].pk]
    assert ids(client.get("/api/v1/challenges/?status=closed")) == []
    assert ids(client.get("/api/v1/processes/?lab=home&status=running")) == [world["process"].pk]
    phase = world["process"].current_phase.key
    assert ids(client.get(f"/api/v1/processes/?phase={phase}")) == [world["process"].pk]
    assert ids(client.get("/api/v1/events/?lab=network")) == [world["network_event"].pk]
    assert ids(client.get("/api/v1/results/?lab=home")) == [world["result"].pk]
    assert ids(client.get(f"/api/v1/results/?process={world['process'].pk}&kind=decision")) == [world["result"].pk]
    assert ids(client.get("/api/v1/handovers/?lab=home&status=planned")) == [world["result_handover"].pk]
    assert ids(client.get("/api/v1/indicators/?lab=home&level=outcome")) == [
        world["indicator"].pk,
        world["lab_indicator"].pk,
    ]
    assert ids(client.get(f"/api/v1/indicators/?process={world['process'].pk}")) == [world["indicator"].pk]
    dutch = ids(client.get("/api/v1/case-study-labs/?country=nl&page_size=200"))
    assert "case" in dutch and "home-profile" not in dutch
    assert ids(client.get("/api/v1/case-study-labs/?kind=hosted&status=active")) == ["home-profile"]
    assert ids(client.get("/api/v1/methods/?origin=home")) == ["home-method"]
    assert "api-shared-method" in ids(client.get("/api/v1/methods/?origin=shared&page_size=200"))
    assert ids(client.get("/api/v1/methods/?origin=home&participants=100")) == []
    assert ids(client.get("/api/v1/methods/?origin=home&phase=proposals&setting=offline")) == ["home-method"]
    assert ids(client.get("/api/v1/methods/?origin=home&setting=online")) == []
    assert ids(client.get("/api/v1/methods/?origin=home&q=Method&minutes=30&max_difficulty=1")) == ["home-method"]
    assert home.pk  # the world's lab


def test_events_by_date_range_and_upcoming(client, db):
    now = timezone.now()
    past = EventFactory(starts_at=now - datetime.timedelta(days=30), ends_at=now - datetime.timedelta(days=29))
    soon = EventFactory(starts_at=now + datetime.timedelta(days=3), ends_at=now + datetime.timedelta(days=3, hours=2))
    later = EventFactory(starts_at=now + datetime.timedelta(days=60), ends_at=now + datetime.timedelta(days=61))
    assert ids(client.get("/api/v1/events/?upcoming=true")) == [soon.pk, later.pk]
    assert ids(client.get("/api/v1/events/?upcoming=false")) == [past.pk]
    day = timezone.localdate(now + datetime.timedelta(days=3)).isoformat()
    assert ids(client.get(f"/api/v1/events/?starts_from={day}&starts_until={day}")) == [soon.pk]


def test_updated_since(client, world):
    everything = ids(client.get("/api/v1/labs/"))
    assert ids(client.get("/api/v1/labs/?updated_since=2000-01-01T00:00:00Z")) == everything
    future = (timezone.now() + datetime.timedelta(days=1)).isoformat().replace("+00:00", "Z")
    assert ids(client.get("/api/v1/labs/", {"updated_since": future})) == []


@pytest.mark.parametrize(
    ("url", "parameter", "message"),
    [
        ("/api/v1/challenges/?status=nonsense", "status", "Select a valid choice."),
        ("/api/v1/events/?starts_from=yesterday", "starts_from", "Enter a valid date."),
        ("/api/v1/events/?starts_from=0001-01-01", "starts_from", "Please enter a date between"),
        ("/api/v1/events/?starts_until=9999-12-31", "starts_until", "Please enter a date between"),
        ("/api/v1/events/?starts_from=2025-05-02&starts_until=2025-05-01", "starts_until", "must not lie before"),
        ("/api/v1/events/?upcoming=perhaps", "upcoming", "Select a valid choice."),
        ("/api/v1/labs/?updated_since=0001-01-01T00:00:00Z", "updated_since", "Please enter a date between"),
        ("/api/v1/labs/?updated_since=soon", "updated_since", "Enter a valid date/time."),
        ("/api/v1/methods/?participants=-1", "participants", "greater than or equal to 1"),
        ("/api/v1/methods/?participants=99999999999999999999", "participants", "less than or equal to"),
        ("/api/v1/methods/?phase=nonsense", "phase", "Select a valid choice."),
        ("/api/v1/methods/?max_difficulty=9", "max_difficulty", "Select a valid choice."),
        ("/api/v1/results/?process=abc", "process", "Enter a number."),
        ("/api/v1/indicators/?sdg=99", "sdg", "Select a valid choice."),
        ("/api/v1/case-study-labs/?country=Deutschland", "country", "at most 2 characters"),
        ("/api/v1/labs/?city=" + "x" * 10000, "city", "at most 200 characters"),
    ],
)
def test_a_bad_filter_value_answers_400_with_a_clear_message(client, db, url, parameter, message):
    response = client.get(url)
    assert response.status_code == 400, (url, response.status_code)
    errors = response.json()
    assert list(errors) == [parameter]
    assert message in " ".join(errors[parameter])


def test_bad_filter_messages_are_in_the_readers_language(client, db):
    response = client.get("/api/v1/challenges/?status=nonsense", HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 400
    assert "Select a valid choice" not in response.json()["status"][0]


@pytest.mark.parametrize("value", ["%00", "%ff%fe", "-1", "1" * 30, "x" * 10000, "0001-01-01", "9999-12-31T23:59"])
def test_odd_values_never_end_in_a_server_error(client, db, value):
    """As core/tests/test_bad_query_parameters.py does for the pages (values already percent-encoded)."""
    for path in ("labs", "challenges", "processes", "events", "methods", "results", "indicators", "case-study-labs"):
        for parameter in ("lab", "page", "page_size", "updated_since", "process", "q", "phase", "starts_from", "sdg"):
            for query in (f"{parameter}={value}", f"{parameter}={value}&{parameter}=1", f"{parameter}[]={value}"):
                response = client.get(f"/api/v1/{path}/?{query}")
                assert response.status_code < 500, (path, query)
        assert client.get(f"/api/v1/{path}/{value}/").status_code < 500


# --- ETag and conditional requests ---------------------------------------------------------------


def test_an_unchanged_answer_costs_only_a_304(client, world):
    first = client.get("/api/v1/labs/")
    etag = first["ETag"]
    assert etag.startswith('"') and "Accept-Language" in first["Vary"] and "Authorization" in first["Vary"]
    again = client.get("/api/v1/labs/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    assert client.get("/api/v1/labs/", HTTP_IF_NONE_MATCH='"other", ' + etag).status_code == 304
    world["lab"].focus = "Mobilität"
    world["lab"].save()
    changed = client.get("/api/v1/labs/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_a_detail_has_last_modified_and_answers_if_modified_since(client, world):
    first = client.get("/api/v1/labs/home/")
    assert first.status_code == 200 and "Last-Modified" in first
    assert client.get("/api/v1/labs/home/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    assert client.get("/api/v1/labs/home/", HTTP_IF_MODIFIED_SINCE="Mon, 01 Jan 2001 00:00:00 GMT").status_code == 200
    assert client.get("/api/v1/labs/home/", HTTP_IF_MODIFIED_SINCE="garbage").status_code == 200


def test_the_etag_depends_on_the_reader(client, world):
    anonymous = client.get("/api/v1/labs/")["ETag"]
    token = bearer(make_token(world["people"]["other_manager"]))
    assert client.get("/api/v1/labs/", HTTP_IF_NONE_MATCH=anonymous, **token).status_code == 200  # sees "hidden" too
    personal = client.get("/api/v1/labs/", **token)
    assert "private" in personal["Cache-Control"]
    assert "public" in client.get("/api/v1/labs/")["Cache-Control"]


# --- Rate limits -------------------------------------------------------------------------------


def test_anonymous_readers_have_the_stricter_limit(client, world, settings):
    settings.KOSILAB_RATELIMIT_RATES = {"api-anonymous": "3/m", "api-reader": "5/m"}
    token = bearer(make_token(world["people"]["manager"]))
    # The clock stands still: a minute's window that ended between two requests would start the count
    # again (django-ratelimit's windows are fixed; a CI run failed that way once).
    with time_machine.travel(timezone.now(), tick=False):
        _stricter_limit_for_anonymous_readers(client, token)


def _stricter_limit_for_anonymous_readers(client, token):
    for _ in range(3):
        assert client.get("/api/v1/labs/").status_code == 200
    refused = client.get("/api/v1/labs/")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert "Request was throttled" in refused.json()["detail"]
    for _ in range(5):
        assert client.get("/api/v1/labs/", **token).status_code == 200
    assert client.get("/api/v1/labs/", **token).status_code == 429


def test_the_switch_turns_the_api_limits_off(client, db, settings):
    settings.KOSILAB_RATELIMIT_RATES = {"api-anonymous": "1/m"}
    settings.RATELIMIT_ENABLE = False
    for _ in range(3):
        assert client.get("/api/v1/labs/").status_code == 200
