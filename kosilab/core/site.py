"""The address a request was served on, for links in mails sent while serving it.

``core.mail.site_url()`` prefers ``KOSILAB_SITE_URL``; without it, a mail sent during a request
links to the address that request came in on (a development server on any port), and only mails
sent outside a request (background tasks) fall back to the guess from ``ALLOWED_HOSTS``.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

serving_url: ContextVar[str] = ContextVar("kosilab_serving_url", default="")


class ServingUrlMiddleware:
    """Remember the request's scheme and host (already checked against ALLOWED_HOSTS) while it is served."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = serving_url.set(f"{request.scheme}://{request.get_host()}")
        try:
            return self.get_response(request)
        finally:
            serving_url.reset(token)
