"""A database fault during a request: safe requests are retried once, writes answer 503 (never 500).

The real thing (PostgreSQL restarted under load) is in test_database_restart.py.
"""

from __future__ import annotations

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import OperationalError
from django.test import Client

from kosilab.core import database_faults
from kosilab.core.models import AuditEntry
from kosilab.core.tests import fault_urls

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fault_urls(settings, monkeypatch):
    settings.ROOT_URLCONF = "kosilab.core.tests.fault_urls"
    fault_urls.calls.clear()
    fault_urls.failures.clear()
    monkeypatch.setattr(database_faults, "RETRY_WAIT_SECONDS", 0.5)


def test_a_read_that_meets_a_fault_runs_once_more_and_succeeds(client):
    fault_urls.failures["read"] = 1
    response = client.get("/fault/read/")
    assert response.status_code == 200
    assert response.content == b"count=0"
    assert fault_urls.calls["read"] == 2


def test_a_read_that_fails_twice_answers_503_with_retry_after_in_the_visitors_language(client):
    fault_urls.failures["read"] = 2
    response = client.get("/fault/read/", headers={"accept-language": "en"})
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Content-Language"] == "en"
    page = response.content.decode()
    assert "Temporarily unavailable" in page
    assert "The database cannot be reached at the moment. Nothing has been saved." in page
    assert fault_urls.calls["read"] == 2


def test_the_503_page_is_german_by_default(client):
    fault_urls.failures["read"] = 2
    response = client.get("/fault/read/")
    assert response.status_code == 503
    assert response["Content-Language"] == "de"
    assert '<html lang="de">' in response.content.decode()


def test_a_write_is_not_repeated_answers_503_and_leaves_nothing_half_written(client):
    fault_urls.failures["write"] = 1
    response = client.post("/fault/write/", headers={"accept-language": "en"})
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Nothing has been saved." in response.content.decode()
    assert fault_urls.calls["write"] == 1
    assert not AuditEntry.objects.filter(action__startswith="test.").exists()


def test_the_503_page_needs_no_database(rf, django_assert_num_queries):
    request = rf.get("/labs/", headers={"accept-language": "en"})
    with django_assert_num_queries(0):
        response = database_faults.unavailable_response(request)
    assert response.status_code == 503
    assert "Temporarily unavailable" in response.content.decode()


def test_a_fault_in_a_middleware_is_answered_too(monkeypatch):
    """The session is saved by a middleware, after the view: its fault becomes 503, not 500."""
    original = SessionStore.save
    failures = {"left": 10}

    def failing_save(self, must_create=False):
        if failures["left"] > 0:
            failures["left"] -= 1
            raise OperationalError("terminating connection due to administrator command")
        return original(self, must_create=must_create)

    monkeypatch.setattr(SessionStore, "save", failing_save)
    client = Client(raise_request_exception=False)
    response = client.post("/fault/session/", headers={"accept-language": "en"})
    assert response.status_code == 503
    assert "Temporarily unavailable" in response.content.decode()

    failures["left"] = 1
    response = client.get("/fault/session/")
    assert response.status_code == 200
    assert fault_urls.calls["session"] == 3


def test_sqlite_database_is_locked_counts_as_a_fault(client, monkeypatch):
    def locked(request):
        raise OperationalError("database is locked")

    monkeypatch.setattr(fault_urls, "_maybe_fail", lambda name: locked(None))
    assert client.post("/fault/write/").status_code == 503


def test_other_errors_stay_errors():
    client = Client(raise_request_exception=False)
    assert client.get("/fault/broken/").status_code == 500
