"""Errors reach the error tracker named by SENTRY_DSN, without personal data (core/error_tracking.py).

The tracker is a real HTTP server on this machine that records what the SDK sends to it, as a
Sentry or GlitchTip server would receive it.
"""

from __future__ import annotations

import gzip
import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlencode
from wsgiref.util import setup_testing_defaults

import pytest
import sentry_sdk
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from kosilab.core import error_tracking

pytestmark = pytest.mark.django_db
PERSONAL = "@".join(("ayse.yilmaz", "example.org"))  # not in the source lines a report quotes


def _failing_view(request: HttpRequest) -> HttpResponse:
    request.POST.get("email")
    raise RuntimeError("The lab's printer is on fire.")


urlpatterns = [path("boom/", _failing_view), path("", include("config.urls"))]  # the middleware reverses names


class _Tracker(BaseHTTPRequestHandler):
    received: list[bytes]

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        self.received.append(body)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def tracker() -> Iterator[tuple[str, list[bytes]]]:
    received: list[bytes] = []
    handler = type("Handler", (_Tracker,), {"received": received})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://public-key@127.0.0.1:{server.server_address[1]}/42", received
    finally:
        sentry_sdk.get_client().close(timeout=5)  # sends what is left, then reports nothing more
        sentry_sdk.get_global_scope().set_client(None)
        server.shutdown()
        server.server_close()


@pytest.mark.urls(__name__)
def test_an_error_in_a_view_is_reported_without_the_persons_data(tracker):
    dsn, received = tracker
    error_tracking.start(dsn, environment="staging", release="1.2.3")
    # Through the WSGI application, as gunicorn calls it (the SDK hooks in there).
    query = urlencode({"email": PERSONAL, "q": "Ayşe Yılmaz"})
    environ: dict[str, object] = {}
    setup_testing_defaults(environ)
    environ.update(
        PATH_INFO="/boom/",
        QUERY_STRING=query,
        HTTP_HOST="testserver",
        HTTP_COOKIE="sessionid=a-secret-session-key",
        HTTP_USER_AGENT="Lab browser",
        REMOTE_ADDR="203.0.113.9",
    )
    statuses = []
    # As Django's test client does: the test's database connection stays open across the request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        b"".join(get_wsgi_application()(environ, lambda status, headers, *_: statuses.append(status)))
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    sentry_sdk.flush(timeout=5)
    assert statuses == ["500 Internal Server Error"]
    sent = b"".join(received).decode()
    assert "RuntimeError" in sent and "The lab's printer is on fire." in sent
    assert '"release":"kosilab@1.2.3"' in sent.replace(" ", "") and "staging" in sent
    assert "http://testserver/boom/" in sent and "Lab browser" in sent  # what helps to find the fault
    for personal in (PERSONAL, "Ayşe", "Ay\\u015fe", "Ay%C5%9Fe", "a-secret-session-key", "203.0.113.9"):
        assert personal not in sent, personal


def test_an_error_in_the_log_is_reported(tracker):
    dsn, received = tracker
    error_tracking.start(dsn, environment="production", release="1.2.3")
    logging.getLogger("kosilab.core.storage").error("Upload not stored (ENOSPC: no space left on device)")
    sentry_sdk.flush(timeout=5)
    assert "Upload not stored (ENOSPC" in b"".join(received).decode()


def test_nothing_is_reported_without_a_dsn():
    assert not sentry_sdk.get_client().is_active()
