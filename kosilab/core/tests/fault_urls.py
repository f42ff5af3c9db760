"""The site's URLs plus views that meet a database fault, for test_database_faults.py."""

from __future__ import annotations

from django.db import OperationalError, transaction
from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns
from kosilab.core.models import AuditEntry

calls: dict[str, int] = {}
# How many times each view still fails before it succeeds (set by the tests).
failures: dict[str, int] = {}


def _maybe_fail(name: str) -> None:
    calls[name] = calls.get(name, 0) + 1
    if failures.get(name, 0) > 0:
        failures[name] -= 1
        raise OperationalError("server closed the connection unexpectedly")


def read(request: HttpRequest) -> HttpResponse:
    _maybe_fail("read")
    return HttpResponse(f"count={AuditEntry.objects.count()}")


def write(request: HttpRequest) -> HttpResponse:
    with transaction.atomic():
        AuditEntry.objects.create(action="test.half_written")
        _maybe_fail("write")
        AuditEntry.objects.create(action="test.second_half")
    return HttpResponse("written")


def session_write(request: HttpRequest) -> HttpResponse:
    calls["session"] = calls.get("session", 0) + 1
    request.session["seen"] = True
    return HttpResponse("remembered")


def broken(request: HttpRequest) -> HttpResponse:
    raise ValueError("a bug, not a database fault")


urlpatterns = [
    path("fault/read/", read),
    path("fault/write/", write),
    path("fault/session/", session_write),
    path("fault/broken/", broken),
    *site_urlpatterns,
]
