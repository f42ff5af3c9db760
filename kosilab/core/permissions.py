"""Fetch-and-authorise helpers for views: what you may not see is "not found"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse

M = TypeVar("M", bound=models.Model)


class LoginRequired(Exception):
    """Raised for an anonymous visitor who tries something that needs an account."""


def get_visible_or_404(request: HttpRequest, queryset: models.QuerySet[M], view_perm: str, **lookup: Any) -> M:
    try:
        obj = queryset.get(**lookup)
    except (ObjectDoesNotExist, ValueError):
        raise Http404 from None
    return visible_or_404(request, obj, view_perm)


def visible_or_404(request: HttpRequest, obj: M, view_perm: str) -> M:
    """``obj``, if the viewer may see it: else "not found", as if it did not exist."""
    if not request.user.has_perm(view_perm, obj):
        raise Http404
    return obj


def require_perm(request: HttpRequest, perm: str, obj: models.Model | None) -> None:
    """Allowed, or: anonymous visitors go to log-in, everybody else is refused."""
    if request.user.has_perm(perm, obj):
        return
    if not request.user.is_authenticated:
        raise LoginRequired
    raise PermissionDenied


class LoginRequiredMiddleware:
    """Turns :class:`LoginRequired` into a redirect to the log-in page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, LoginRequired):
            return redirect_to_login(request.get_full_path())
        return None
