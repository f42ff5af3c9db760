"""Errors reported to an error tracker: Sentry, or one that speaks its protocol (GlitchTip, a
self-hosted Sentry), switched on by one variable, ``SENTRY_DSN`` (docs/operations.md).

What a report holds: the exception with its stack trace (file, line, function, the source lines
around; no local variables), the address (without its query string), method and headers of the
request except those that identify someone, the release and the environment, and the log lines
before it. What it never holds: the request's body and query string (forms and searches carry
names, e-mail addresses, ideas), its cookies, the user, their IP address. Log records at
ERROR (e.g. an upload the disk refused) are reported too. No performance tracing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sentry_sdk.types import Event

# What the SDK would add of a request that can name a person: its body, its query string (a search
# for a name, an e-mail address), its cookies and the server's environment.
PERSONAL_REQUEST_PARTS = ("data", "query_string", "cookies", "env")


def without_personal_data(event: Event, hint: dict[str, Any]) -> Event:
    request: Any = event.get("request")
    if isinstance(request, dict):
        for part in PERSONAL_REQUEST_PARTS:
            request.pop(part, None)
        if isinstance(request.get("url"), str):
            request["url"] = request["url"].split("?", 1)[0]
    return event


def start(dsn: str, *, environment: str, release: str) -> None:
    """Report errors to ``dsn`` from now on (for the rest of the process)."""
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=f"kosilab@{release}",
        integrations=[DjangoIntegration()],
        # The SDK sends no user, IP address or cookies unless told to (send_default_pii stays off).
        include_local_variables=False,  # a frame's variables can hold anything a person wrote
        max_request_body_size="never",  # forms carry names, e-mail addresses, ideas
        before_send=without_personal_data,
        traces_sample_rate=0.0,
    )
