"""Health endpoints: liveness asks nothing, readiness names what cannot be reached (core/health.py).

The faults are real: a database server, a Redis and a task queue on a port where nothing listens,
a storage folder that cannot be made.
"""

from __future__ import annotations

import json

import pytest
from django.db.utils import ConnectionHandler
from django.test import override_settings

from kosilab.core import health

pytestmark = pytest.mark.django_db
NOWHERE = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def _ready(client):
    response = client.get("/health/ready/")
    return response, json.loads(response.content)


def test_liveness_answers_without_asking_the_database_or_making_a_session(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/health/live/")
    assert (response.status_code, response.content) == (200, b"ok\n")
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies


@override_settings(ALLOWED_HOSTS=["lab.example.org"], SECURE_SSL_REDIRECT=True)
def test_a_probe_by_the_servers_address_over_http_is_answered(client):
    # Behind the TLS proxy, a balancer asks the app server by its address: no host check, no redirect.
    assert client.get("/health/live/", HTTP_HOST="10.0.0.7:8000").status_code == 200
    assert client.get("/health/ready/", HTTP_HOST="10.0.0.7:8000").status_code == 200
    assert client.get("/privacy/", HTTP_HOST="10.0.0.7:8000").status_code == 400  # everything else as before


def test_readiness_reports_every_check(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):  # SELECT 1, and the task table on the database queue
        response, body = _ready(client)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "tasks", "storage"}
    assert all(check["ok"] and check["ms"] >= 0 for check in body["checks"].values())


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}})
def test_the_database_queue_is_checked_in_its_table(client, django_assert_num_queries):
    with django_assert_num_queries(2):
        response, body = _ready(client)
    assert response.status_code == 200 and body["checks"]["tasks"]["ok"]


def test_a_database_that_cannot_be_reached_makes_the_server_unready(client, monkeypatch, settings):
    unreachable = {**settings.DATABASES["default"], "ENGINE": "django.db.backends.postgresql"}
    unreachable.update(HOST="127.0.0.1", PORT="1", NAME="kosilab", USER="kosilab", OPTIONS={"connect_timeout": 2})
    monkeypatch.setattr(health, "connections", ConnectionHandler({"default": unreachable}))
    response, body = _ready(client)
    assert response.status_code == 503
    assert body["status"] == "unavailable"
    assert body["checks"]["database"]["ok"] is False
    assert body["checks"]["cache"]["ok"] is True
    assert "127.0.0.1" not in response.content.decode()  # what failed, not how: that goes to the log


@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": NOWHERE}})
def test_a_cache_that_cannot_be_reached_makes_the_server_unready(client):
    response, body = _ready(client)
    assert response.status_code == 503
    assert [name for name, check in body["checks"].items() if not check["ok"]] == ["cache"]


@override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}},
    RQ_QUEUES={"default": {"URL": NOWHERE}},
)
def test_a_task_queue_that_cannot_be_reached_makes_the_server_unready(client):
    response, body = _ready(client)
    assert response.status_code == 503
    assert [name for name, check in body["checks"].items() if not check["ok"]] == ["tasks"]


def test_a_storage_folder_that_cannot_be_made_makes_the_server_unready(client, settings, tmp_path):
    (tmp_path / "a file").write_text("not a folder")
    location = tmp_path / "a file" / "media"
    settings.STORAGES = {**settings.STORAGES, "default": {**settings.STORAGES["default"]}}
    settings.STORAGES["default"]["OPTIONS"] = {"location": str(location)}
    response, body = _ready(client)
    assert response.status_code == 503
    assert [name for name, check in body["checks"].items() if not check["ok"]] == ["storage"]


def test_only_get_and_head_are_answered(client):
    assert client.head("/health/ready/").status_code == 200
    response = client.post("/health/live/")
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD"
