"""What a request does when the database goes away in the middle of it.

``CONN_HEALTH_CHECKS`` already covers a database that restarted *between* two requests: the
connection is checked before its first use and opened anew. This middleware covers a fault
*during* a request (PostgreSQL restarted or stopped, SQLite "database is locked" after its
timeout), wherever it happens: in a view, in a template, or in a middleware such as the
session's.

* A safe request (GET, HEAD, OPTIONS) changes nothing, so it runs once more on a fresh
  connection, after waiting up to ``RETRY_WAIT_SECONDS`` for the database to answer again (a
  ``pg_ctl restart`` takes about a second).
* Any other request (a write), or a safe one whose second attempt fails too, gets **503 Service
  Unavailable** with ``Retry-After`` and a page in the visitor's language that is rendered without
  the database. A write is never repeated: its transaction was rolled back when the connection
  broke (services write in ``transaction.atomic``), so nothing is half-written, and the visitor
  sends the form again.

Exceptions in Django's middleware chain are turned into a 500 response by the wrapper closest to
them, before an outer middleware sees them. So a fault is noticed in two ways: views and templates
through ``process_exception`` (no 500 is logged), faults in inner middlewares through the
``got_request_exception`` signal, which marks the request. Faults while a streaming response is
being sent happen after the middleware and cannot be answered with 503 any more.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import time
from collections.abc import Callable
from typing import Any

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError, connections
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_vary_headers

logger = logging.getLogger(__name__)

# Connection-level faults: the database restarted, is down, refused or dropped the connection, or is
# locked (SQLite). Django wraps psycopg's and sqlite3's errors in these two classes.
DATABASE_FAULTS: tuple[type[Exception], ...] = (OperationalError, InterfaceError)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
RETRY_WAIT_SECONDS = 3.0
RETRY_AFTER_SECONDS = 30
_FAULT_ATTRIBUTE = "_kosilab_database_fault"


def is_database_fault(exc: BaseException) -> bool:
    return isinstance(exc, DATABASE_FAULTS)


def reset_connections() -> None:
    """Close this thread's database connections, so that the next query opens a fresh one.

    A connection inside a transaction the request did not open (a test case's) is left alone.
    """
    for conn in connections.all(initialized_only=True):
        if conn.in_atomic_block:
            continue
        # Closing a broken connection may fail; it is dropped anyway.
        with contextlib.suppress(Exception):
            conn.close()


def database_answers() -> bool:
    """Can the default database be reached right now (on a fresh connection)?"""
    conn = connections["default"]
    try:
        conn.ensure_connection()
        with conn.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DATABASE_FAULTS:
        reset_connections()
        return False
    return True


def wait_for_database(seconds: float, *, step: float = 0.2) -> bool:
    """Wait up to ``seconds`` until the database answers; True if it does."""
    deadline = time.monotonic() + seconds
    while True:
        if database_answers():
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(step)


def unavailable_response(request: HttpRequest) -> HttpResponse:
    """503 with ``Retry-After``, rendered without the database, in the visitor's language."""
    language = translation.get_language_from_request(request)
    with translation.override(language):
        # No request in the context: no context processor, no user, no session, no query.
        content = render_to_string("503.html", {"site_name": "KoSI-Lab", "retry_after": RETRY_AFTER_SECONDS})
    response = HttpResponse(content, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Content-Language"] = language
    response["Cache-Control"] = "no-store"
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


class DatabaseFaultMiddleware:
    """Retry safe requests once on a fresh connection; answer 503 instead of 500 for the rest.

    Sits before the session middleware (it must see faults there) and after WhiteNoise (static files
    need no database).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        fault = getattr(request, _FAULT_ATTRIBUTE, None)
        if fault is None:
            return response
        delattr(request, _FAULT_ATTRIBUTE)
        reset_connections()
        if request.method in SAFE_METHODS:
            logger.warning("Database fault during %s %s (%s); retrying once.", request.method, request.path, fault)
            if wait_for_database(RETRY_WAIT_SECONDS):
                response = self.get_response(request)
                fault = getattr(request, _FAULT_ATTRIBUTE, None)
                if fault is None:
                    return response
                delattr(request, _FAULT_ATTRIBUTE)
                reset_connections()
        logger.error("Database unavailable during %s %s (%s); answered 503.", request.method, request.path, fault)
        return unavailable_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_database_fault(exception):
            return None
        setattr(request, _FAULT_ATTRIBUTE, exception)
        # A placeholder on its way out through the inner middlewares; __call__ replaces it.
        return HttpResponse(status=503)


@receiver(got_request_exception, dispatch_uid="kosilab.core.database_faults")
def _mark_fault(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    """A fault in a middleware became a 500 response; mark the request so that __call__ sees it."""
    exc = sys.exc_info()[1]
    if request is not None and exc is not None and is_database_fault(exc):
        setattr(request, _FAULT_ATTRIBUTE, exc)
