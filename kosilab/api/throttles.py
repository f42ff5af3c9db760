"""Rate limits of the API, as DRF throttles on the site's one table (``core/ratelimit.py``).

The rates, the counters (the ``default`` cache: Redis when configured, so the limits hold across app
servers), the switch ``KOSILAB_RATELIMITS_ENABLED`` and the overrides of ``KOSILAB_RATELIMIT_RATES``
are those of every other limit of the site. Anonymous readers count per address and have the
stricter limit; a reader with a token (or a session) counts per account. Over the limit the answer
is 429 with ``Retry-After``.
"""

from __future__ import annotations

from typing import Any

from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

from kosilab.core import ratelimit


class ApiThrottle(BaseThrottle):
    def __init__(self) -> None:
        self.retry_after: int | None = None

    def allow_request(self, request: Request, view: Any) -> bool:
        user = request.user
        try:
            if user is not None and user.is_authenticated:
                ratelimit.limit(request._request, "api-reader", value=f"user:{user.pk}")
            else:
                ratelimit.limit(request._request, "api-anonymous")
        except ratelimit.Throttled as throttled:
            self.retry_after = throttled.retry_after
            return False
        return True

    def wait(self) -> float | None:
        return self.retry_after
