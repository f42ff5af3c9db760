"""Rendered pages for anonymous readers, kept in the default cache and invalidated by every write.

An anonymous visitor without a session sees what every other anonymous visitor sees, so a public
page rendered once can answer the next such request. Views opt in with ``@anonymous_page_cache``;
``docs/performance.md`` explains the rules, ``kosilab/core/tests/test_pagecache.py`` proves them.

Correctness before speed:

- **Who gets a kept page:** a ``GET`` or ``HEAD`` without a session cookie, without pending
  messages, not from htmx, by someone not logged in. Everyone else gets a page rendered for them,
  and what is rendered for them is never kept.
- **What is kept:** a complete ``200`` HTML answer of the view that set no cookie, did not touch the
  session and added no message. The CSRF token is kept as a placeholder and every answer gets the
  visitor's own token (so forms on a kept page work, and no token is shared).
- **Invalidation:** every ``INSERT``, ``UPDATE``, ``DELETE`` or ``TRUNCATE`` on the database (except
  of the tables no page shows), from a view, a task, a management command or the admin, raises the
  *content generation* when its transaction commits (and at its first write, see ``_track_writes``);
  the generation is part of every key, so the next request after a change renders afresh. Writes are
  seen where they are executed (a database connection's execute wrapper), not where a model is
  saved, so ``update()``, ``bulk_create()`` and raw SQL count too.
- **Time:** keys also hold the current time window of ``KOSILAB_PAGE_CACHE_SECONDS`` (60 s by
  default), so what depends on the clock (an open registration, "today") is at most that old, and a
  clock set back never finds an older page.
- **Shared or off:** with Redis (``REDIS_URL``) every app server shares the pages and the
  generation. Local memory is used only where one process serves (``make run``, the tests); the
  production profile without Redis turns the cache off unless ``KOSILAB_PAGE_CACHE_SECONDS`` says so.
- **Faults:** a cache that cannot be reached costs the speed-up, never the answer.

Logged-in readers get their pages rendered for them, but the costly parts that do not depend on who
they are can be kept: :func:`kept_fragment` keeps a piece of a page for an *audience*, everyone
whose permissions are the same (logged in or not, the platform flags and every role they hold), under
the same generation and time window as the pages. A fragment shows nothing personal (no "your …",
nothing the author alone may do); each use is proven by a test that two people of one audience get
the same piece and another audience another one.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.safestring import SafeString

from kosilab.core.roles import every_role
from kosilab.core.types import AccountOrAnonymous

logger = logging.getLogger(__name__)

GENERATION_KEY = "kosilab:pagecache:generation"
KEY_PREFIX = "kosilab:page:"
FRAGMENT_PREFIX = "kosilab:fragment:"
# Stands for the visitor's CSRF token in a kept page (letters only: no escaping changes it).
CSRF_PLACEHOLDER = "kosilabCsrfTokenPlaceholderQ7b3Zx"
_PLACEHOLDER_BYTES = CSRF_PLACEHOLDER.encode()
_RENDERING_FOR_CACHE = "_kosilab_page_cache_rendering"
# Tables whose rows no kept page shows, written where nothing a page shows changes: the sessions of
# logged-in people, the task queue and the mail outbox (each mail enqueues a task after commit).
IGNORED_TABLES = ('"django_session"', '"django_tasks_database_dbtaskresult"', '"core_outboxmail"')
_WRITES = ("INSERT", "UPDATE", "DELETE", "TRUNCA", "REPLAC")

ViewFunction = Callable[..., HttpResponse]


def seconds() -> int:
    """How long a kept page may answer; 0 turns the cache off (``KOSILAB_PAGE_CACHE_SECONDS``)."""
    return int(getattr(settings, "KOSILAB_PAGE_CACHE_SECONDS", 0))


# --- The content generation --------------------------------------------------------------------


# Whether this process has read the generation since it last raised it: only then can it have kept
# a page that a write inside a transaction makes stale before that transaction commits (see
# _track_writes). A flag of the process, not of a thread: it only ever asks for a raise too many.
_read_since_raised = True


def generation() -> int:
    global _read_since_raised
    _read_since_raised = True
    value = cache.get(GENERATION_KEY)
    return int(value) if value is not None else 0


def content_changed() -> None:
    """Raise the generation: every page kept so far is no longer found. Never raises."""
    global _read_since_raised
    _read_since_raised = False
    try:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # not there yet (or evicted): the time window in every key keeps it safe
            if not cache.add(GENERATION_KEY, 1, timeout=None):
                cache.incr(GENERATION_KEY)
    except Exception:
        logger.warning("The page cache's generation could not be raised.", exc_info=True)


def _is_content_write(sql: Any) -> bool:
    if not isinstance(sql, str):
        return False
    head = sql.lstrip()[:6].upper()
    if head not in _WRITES:
        return False
    start = sql[:60]
    return not any(table in start for table in IGNORED_TABLES)


def _track_writes(execute: Callable[..., Any], sql: Any, params: Any, many: bool, context: dict[str, Any]) -> Any:
    """Raise the generation for a write: at once, and once more when its transaction commits.

    A write in autocommit mode raises it at once. Inside a transaction, other connections see the
    write only when it commits, so the raise on commit is what makes every kept page stale for them
    (a page kept meanwhile holds the old rows); the raise at once is for this connection's own
    transaction (a test's, which never commits) and is needed only when this process has read the
    generation since it last raised it: the statements of one transaction cost two raises, not two
    per statement (each a round trip to Redis).
    """
    result = execute(sql, params, many, context)
    if _is_content_write(sql):
        connection: BaseDatabaseWrapper = context["connection"]
        if not connection.in_atomic_block:
            content_changed()
            return result
        if _read_since_raised:
            content_changed()
        if not any(entry[1] is content_changed for entry in connection.run_on_commit):
            # Another request may have read the old rows meanwhile and kept them: raise it again.
            transaction.on_commit(content_changed, using=connection.alias, robust=True)
    return result


def track_writes(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """``connection_created`` receiver (CoreConfig.ready): watch this connection's writes."""
    if _track_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_track_writes)


def settings_changed(sender: Any, setting: str, **kwargs: Any) -> None:
    """``setting_changed`` receiver (CoreConfig.ready): pages rendered under other settings go."""
    if setting not in {"CACHES", "KOSILAB_PAGE_CACHE_SECONDS"}:
        content_changed()


# --- Kept pages --------------------------------------------------------------------------------


def _cacheable_request(request: HttpRequest) -> bool:
    if request.method not in {"GET", "HEAD"} or seconds() <= 0:
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or CookieStorage.cookie_name in request.COOKIES:
        return False
    if getattr(request, "htmx", False):
        return False
    user = getattr(request, "user", None)
    return user is not None and not user.is_authenticated


def _key(request: HttpRequest, window: int) -> str:
    parts = [
        str(generation()),
        str(window),
        settings.KOSILAB_VERSION,
        request.LANGUAGE_CODE,  # LocaleMiddleware
        request.scheme or "",
        request.get_host(),
        request.get_full_path(),
    ]
    return KEY_PREFIX + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _keepable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    control = response.get("Cache-Control", "")
    if any(word in control for word in ("private", "no-store", "no-cache")):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    storage = getattr(request, "_messages", None)
    return not getattr(storage, "added_new", False)


def _with_token(request: HttpRequest, content: bytes) -> bytes:
    if _PLACEHOLDER_BYTES not in content:
        return content
    return content.replace(_PLACEHOLDER_BYTES, get_token(request).encode())


def _answer(request: HttpRequest, kept: tuple[int, bytes, list[tuple[str, str]]]) -> HttpResponse:
    status, content, headers = kept
    response = HttpResponse(_with_token(request, content), status=status)
    for name, value in headers:
        response[name] = value
    return response


def anonymous_page_cache(view: ViewFunction) -> ViewFunction:
    """Answer anonymous readers of this page from the cache (see the module's rules)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not _cacheable_request(request):
            return view(request, *args, **kwargs)
        window = int(time.time() // seconds())
        try:
            key = _key(request, window)
            kept = cache.get(key)
        except Exception:
            logger.warning("The page cache could not be read.", exc_info=True)
            return view(request, *args, **kwargs)
        if kept is not None:
            return _answer(request, kept)
        setattr(request, _RENDERING_FOR_CACHE, True)
        try:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response.render()
        finally:
            setattr(request, _RENDERING_FOR_CACHE, False)
        if request.method == "GET" and _keepable(request, response):
            headers = [(name, value) for name, value in response.items() if name.lower() != "content-length"]
            try:
                cache.set(key, (response.status_code, response.content, headers), seconds())
            except Exception:
                logger.warning("A page could not be kept in the cache.", exc_info=True)
        if not response.streaming:
            response.content = _with_token(request, response.content)
        return response

    wrapper.anonymous_page_cache = True  # type: ignore[attr-defined]  # read by the tests' registry
    return wrapper


def csrf(request: HttpRequest) -> dict[str, Any]:
    """Context processor after Django's own: a page rendered to be kept carries the placeholder."""
    if getattr(request, _RENDERING_FOR_CACHE, False):
        return {"csrf_token": CSRF_PLACEHOLDER}
    return {}


# --- Fragments kept for an audience ------------------------------------------------------------


def audience(user: AccountOrAnonymous | None) -> str:
    """Everything about a viewer that what they may see depends on, and nothing of who they are.

    Anonymous readers are one audience; a logged-in person is described by the platform flags and
    the roles of every kind (``kosilab.core.roles.register_kind``), so two managers of the same lab
    with no other role are one audience, and a change of roles is a change of audience (a write, too).
    """
    if user is None or not user.is_authenticated:
        return "anonymous"
    roles = every_role(user)
    parts = [f"active={user.is_active}", f"superuser={user.is_superuser}", f"staff={getattr(user, 'is_staff', False)}"]
    parts += [f"{kind}={sorted(held.items())}" for kind, held in roles.items()]
    return hashlib.sha256(";".join(parts).encode()).hexdigest()[:32]


def _fragment_key(request: HttpRequest, name: str, parts: tuple[object, ...], window: int, everyone: bool) -> str:
    fields = [
        str(generation()),
        str(window),
        settings.KOSILAB_VERSION,
        request.LANGUAGE_CODE,
        request.scheme or "",
        request.get_host(),
        name,
        repr(parts),
        "everyone" if everyone else audience(getattr(request, "user", None)),
    ]
    return FRAGMENT_PREFIX + hashlib.sha256("\n".join(fields).encode()).hexdigest()


def kept_fragment(
    request: HttpRequest, name: str, *parts: object, render: Callable[[], str], everyone: bool = False
) -> SafeString:
    """The piece of a page ``render()`` makes, kept for the viewer's audience (see the module).

    ``name`` and ``parts`` say which piece (e.g. the lab and the page number); ``render`` must not
    read anything of the viewer but their permissions. ``everyone``: the piece shows only what is
    public and checks no permission, so one copy serves every reader. Its CSRF token is kept as a
    placeholder, so a form in the piece posts with the reader's own token.
    """
    if request.method not in {"GET", "HEAD"} or seconds() <= 0:
        return SafeString(render())
    window = int(time.time() // seconds())
    try:
        key = _fragment_key(request, name, parts, window, everyone)
        kept = cache.get(key)
    except Exception:
        logger.warning("The fragment cache could not be read.", exc_info=True)
        return SafeString(render())
    # Within a page rendered to be kept, the placeholder stays for the page to replace.
    rendering = getattr(request, _RENDERING_FOR_CACHE, False)
    if isinstance(kept, str):
        return SafeString(kept if rendering else _with_token_text(request, kept))
    setattr(request, _RENDERING_FOR_CACHE, True)
    try:
        content = str(render())
    finally:
        setattr(request, _RENDERING_FOR_CACHE, rendering)
    try:
        cache.set(key, content, seconds())
    except Exception:
        logger.warning("A fragment could not be kept in the cache.", exc_info=True)
    return SafeString(content if rendering else _with_token_text(request, content))


def _with_token_text(request: HttpRequest, content: str) -> str:
    if CSRF_PLACEHOLDER not in content:
        return content
    return content.replace(CSRF_PLACEHOLDER, get_token(request))
