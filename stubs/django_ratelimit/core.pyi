from collections.abc import Callable, Sequence
from typing import Any

from django.http import HttpRequest

# Returns None when the request's method is not counted or no rate applies; otherwise a dict with
# ``count``, ``limit``, ``should_limit`` and ``time_left``.
def get_usage(
    request: HttpRequest,
    group: str | None = None,
    fn: Callable[..., Any] | None = None,
    key: str | Callable[[str, HttpRequest], str] | None = None,
    rate: str | tuple[int, int] | Callable[[str, HttpRequest], str | tuple[int, int] | None] | None = None,
    method: str | Sequence[str | None] = ...,
    increment: bool = False,
) -> dict[str, Any] | None: ...
