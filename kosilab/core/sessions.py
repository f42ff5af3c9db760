"""Sessions kept in the database and, for reading, in the shared cache (Redis).

Every request of a logged-in person reads their session; with Redis configured
(``config/settings.py`` chooses this engine only then) it comes from the cache instead of a query.
Django's ``cached_db`` backend does this; this one adds what the platform promises of every cache
(``docs/performance.md``): a cache that cannot be reached costs the speed-up, never the request or
the log-out. The database stays the record: every save writes it first.

A log-out while the cache is unreachable deletes the session from the database but cannot delete
the cached copy; so a cached copy is kept for at most ``CACHED_FOR`` seconds and is read again from
the database after that (a session deleted there is then gone).
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.sessions.backends import cached_db
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core.cache.backends.base import BaseCache

logger = logging.getLogger(__name__)

CACHED_FOR = 300  # seconds: how stale a cached copy can be after a log-out the cache missed


class SessionStore(cached_db.SessionStore):
    cache_key_prefix = "kosilab.sessions."
    _cache: BaseCache  # set by cached_db's __init__ (not in django-stubs)

    def _cached_for(self, expiry_age: int) -> int:
        return max(1, min(expiry_age, CACHED_FOR))

    def load(self) -> dict[str, Any]:
        try:
            data = self._cache.get(self.cache_key)
        except Exception:
            logger.warning("The session cache cannot be read; reading the session from the database.", exc_info=True)
            data = None
        if data is not None:
            return data  # type: ignore[no-any-return]
        stored = self._get_session_from_db()  # type: ignore[attr-defined]
        if not stored:
            return {}
        data = self.decode(stored.session_data)
        self._keep(data, self.get_expiry_age(expiry=stored.expire_date))
        return data

    def save(self, must_create: bool = False) -> None:
        DatabaseSessionStore.save(self, must_create)
        self._keep(self._session, self.get_expiry_age())  # type: ignore[attr-defined]

    def _keep(self, data: dict[str, Any], expiry_age: int) -> None:
        try:
            self._cache.set(self.cache_key, data, self._cached_for(expiry_age))
        except Exception:
            logger.warning("The session could not be kept in the cache.", exc_info=True)

    def exists(self, session_key: str | None) -> bool:
        # Asked for a new key: the database decides (a key only in the cache would be an old one).
        return DatabaseSessionStore.exists(self, session_key)  # type: ignore[arg-type]

    def delete(self, session_key: str | None = None) -> None:
        DatabaseSessionStore.delete(self, session_key)
        session_key = session_key or self.session_key
        if session_key is None:
            return
        try:
            self._cache.delete(self.cache_key_prefix + session_key)
        except Exception:
            logger.warning(
                "A deleted session could not be taken out of the cache; it lapses there within %d s.",
                CACHED_FOR,
                exc_info=True,
            )
