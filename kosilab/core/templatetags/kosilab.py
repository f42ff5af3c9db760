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
