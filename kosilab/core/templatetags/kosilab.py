from __future__ import annotations

from typing import Any

from django import template
from django.http import HttpRequest

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context: dict[str, Any], page: int, param: str = "page") -> str:
    """The current address with another page number (in ``param``), keeping the filters."""
    request: HttpRequest = context["request"]
    params = request.GET.copy()
    params[param or "page"] = str(page)
    return "?" + params.urlencode()


@register.simple_tag(takes_context=True)
def cursor_url(context: dict[str, Any], where: str, cursor: str = "") -> str:
    """The current address at another page of a keyset-paginated list (core/pagination.py), keeping
    the filters: ``where`` is ``first``, ``last``, ``after`` or ``before`` (the last two with a cursor)."""
    request: HttpRequest = context["request"]
    params = request.GET.copy()
    for name in ("after", "before", "page"):
        params.pop(name, None)
    if where == "last":
        params["page"] = "last"
    elif where in {"after", "before"}:
        params[where] = cursor
    query = params.urlencode()
    return f"?{query}" if query else request.path
