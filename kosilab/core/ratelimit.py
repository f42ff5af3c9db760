"""Rate limits: one table, one way to apply it, one answer when a limit is reached.

Every limit is declared in :data:`LIMITS` (name → rate and what it counts per). Views apply them
with :func:`throttle` (counts every request of the given methods), :func:`throttle_misses` (counts
only token links that find nothing) or with :func:`check` before and :func:`hit` after a miss. The
accounts pages (log-in, sign-up, password reset) are django-allauth's and use its limits
(``ACCOUNT_RATE_LIMITS``), counted in the same cache; :func:`account_limit_reached` is their page.
Over a limit, :class:`Throttled` is raised; :class:`RatelimitMiddleware` answers
it with HTTP 429, a ``Retry-After`` header and a page in the user's language saying when to try
again.

Counters live in the ``default`` cache through django-ratelimit (``RATELIMIT_USE_CACHE``): Redis
when ``REDIS_URL`` is set, so that the limits hold across several app servers; the embedded
default (local memory) counts per process. Windows are fixed: a counter starts at zero again when
its window (e.g. 15 minutes) ends. Values that identify a person (e-mail addresses) are hashed
into the cache key, never stored in clear. If the cache cannot be reached the request goes through
(logged): throttling is a protection, not a reason to refuse everybody.

``docs/security.md`` explains the policy, the accounts' limits included.
``KOSILAB_RATELIMITS_ENABLED=false`` turns every limit off;
``KOSILAB_RATELIMIT_RATES`` (a setting) overrides single rates, e.g. in tests.
"""

from __future__ import annotations

import ipaddress
import logging
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django_ratelimit.core import get_usage
from django_ratelimit.exceptions import Ratelimited

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limit:
    """``rate``: how many in which window (django-ratelimit's notation, ``10/15m`` = 10 per 15
    minutes). ``key``: what is counted per: ``ip`` (the client address), ``user_or_ip`` (the
    account when logged in, else the address), ``post:<field>`` (a form field, normalised like an
    e-mail address; not counted when empty) or ``given`` (a value the view passes)."""

    rate: str
    key: str


LIMITS: dict[str, Limit] = {
    # Log-in, sign-up, password reset and confirmation mails: django-allauth's limits
    # (ACCOUNT_RATE_LIMITS in config/settings.py), counted in the same cache.
    # Requests that send a mail to an address someone typed: per client address and per address.
    "event-registration": Limit("10/h", "user_or_ip"),
    "event-registration-email": Limit("3/h", "post:email"),
    "barrier-report": Limit("5/h", "ip"),
    # Posting in co-creation.
    "idea-post": Limit("10/h", "user_or_ip"),
    "comment-post": Limit("30/h", "user_or_ip"),
    "report-post": Limit("10/h", "user_or_ip"),
    # Research exports (a whole installation's data in one request): per account.
    "research-export": Limit("10/h", "user_or_ip"),
    # Token links (registrations, confirmations, password reset): only links that find nothing count.
    "token-link-miss": Limit("20/15m", "ip"),
    # The read API (kosilab/api, docs/api.md): anonymous readers per address, token holders per account.
    "api-anonymous": Limit("60/m", "ip"),
    "api-reader": Limit("600/m", "given"),
    "api-token-create": Limit("10/h", "user_or_ip"),
    # Search-as-you-type of people and organisations (kosilab/core/widgets.py): one request per keystroke pause.
    "autocomplete": Limit("120/m", "user_or_ip"),
    # The search across the apps (kosilab/search): a person searches a few times a minute, a
    # scraper hundreds of times; a page kept for anonymous readers is not counted.
    "search": Limit("60/m", "user_or_ip"),
}


class Throttled(Ratelimited):
    """A limit is reached; ``retry_after`` seconds until the window ends."""

    def __init__(self, name: str, retry_after: int) -> None:
        super().__init__(name)
        self.name = name
        self.retry_after = max(1, retry_after)


def client_ip(request: HttpRequest) -> str:
    """The client's address. Behind ``KOSILAB_TRUSTED_PROXY_COUNT`` reverse proxies, the address the
    outermost of them saw (from ``X-Forwarded-For``); otherwise ``REMOTE_ADDR`` (the header can be
    forged). IPv6 addresses count per /64 network, as one connection usually holds a whole /64."""
    address = request.META.get("REMOTE_ADDR") or ""
    proxies = int(getattr(settings, "KOSILAB_TRUSTED_PROXY_COUNT", 0))
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            address = forwarded[-min(proxies, len(forwarded))]
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address[:64] or "unknown"
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False).network_address)
    return str(ip)


def _rate(name: str) -> str:
    overrides: dict[str, str] = getattr(settings, "KOSILAB_RATELIMIT_RATES", {})
    return overrides.get(name, LIMITS[name].rate)


def _value(request: HttpRequest, limit: Limit, given: str | None) -> str:
    if limit.key == "given":
        return given or ""
    if limit.key == "ip":
        return client_ip(request)
    if limit.key == "user_or_ip":
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return f"user:{user.pk}"
        return f"ip:{client_ip(request)}"
    if limit.key.startswith("post:"):
        return str(request.POST.get(limit.key[5:], "")).strip().lower()[:254]
    raise ValueError(f"Unknown rate-limit key {limit.key!r}")


def _usage(request: HttpRequest, name: str, *, value: str | None, increment: bool) -> dict[str, Any] | None:
    """django-ratelimit's counter for ``name``; None when nothing is counted (disabled, no value,
    or the cache cannot be reached)."""
    key_value = _value(request, LIMITS[name], value)
    if not key_value:
        return None
    try:
        usage: dict[str, Any] | None = get_usage(
            request,
            group=f"kosilab:{name}",
            key=lambda _group, _request: key_value,
            rate=_rate(name),
            increment=increment,
        )
    except Exception:
        logger.exception("Rate limit %s could not be counted; the request goes through.", name)
        return None
    if usage is not None and usage.get("time_left", 0) < 0:  # the cache failed inside django-ratelimit
        logger.warning("Rate limit %s could not be counted; the request goes through.", name)
        return None
    return usage


def check(request: HttpRequest, name: str, *, value: str | None = None) -> None:
    """Raise :class:`Throttled` if ``name`` has reached its limit, without counting this request."""
    usage = _usage(request, name, value=value, increment=False)
    if usage is not None and usage["count"] >= usage["limit"]:
        raise Throttled(name, usage["time_left"])


def hit(request: HttpRequest, name: str, *, value: str | None = None) -> None:
    """Count one for ``name`` (e.g. a failed log-in); never raises."""
    _usage(request, name, value=value, increment=True)


def limit(request: HttpRequest, name: str, *, value: str | None = None) -> None:
    """Count this request for ``name``; raise :class:`Throttled` once it is over the limit."""
    usage = _usage(request, name, value=value, increment=True)
    if usage is not None and usage["should_limit"]:
        raise Throttled(name, usage["time_left"])


def throttle(*names: str, methods: tuple[str, ...] = ("POST",)) -> Callable[[Any], Any]:
    """Decorate a view: each request of ``methods`` counts against every limit in ``names``; over
    any of them the view does not run (nothing is written, no mail is sent)."""
    for name in names:
        assert name in LIMITS, name

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method in methods:
                for name in names:
                    limit(request, name)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def throttle_misses(name: str = "token-link-miss") -> Callable[[Any], Any]:
    """Decorate a view reached by a secret token: a 404 counts against ``name``; once over it, the
    address gets 429 for every token link until the window ends, so tokens cannot be guessed."""
    assert name in LIMITS, name

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            check(request, name)
            try:
                return view(request, *args, **kwargs)
            except Http404:
                hit(request, name)
                raise

        return wrapped

    return decorator


def throttled_response(request: HttpRequest, retry_after: int) -> HttpResponse:
    """429 with ``Retry-After`` and a page, in the active language, that says when to try again."""
    minutes = max(1, math.ceil(retry_after / 60))
    until = timezone.localtime(timezone.now() + timedelta(seconds=retry_after))
    response = render(request, "429.html", {"minutes": minutes, "until": until}, status=429)
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


def account_limit_reached(request: HttpRequest) -> HttpResponse:
    """django-allauth's answer when one of its limits (``ACCOUNT_RATE_LIMITS``) is reached: the
    platform's page, which cannot name the minute here (allauth does not tell which window ran out)."""
    response = render(request, "429.html", {"minutes": None}, status=429)
    response["Cache-Control"] = "no-store"
    return response


class RatelimitMiddleware:
    """Turns :class:`Throttled` (and django-ratelimit's own ``Ratelimited``) into the 429 page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, Throttled):
            return throttled_response(request, exception.retry_after)
        if isinstance(exception, Ratelimited):
            return throttled_response(request, 60)
        return None
