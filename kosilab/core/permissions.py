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


# Folders of uploads served at MEDIA_URL (kosilab.core.views.media): each names the model and file
# field that store there and the permission to see such a row. A file is served only to whoever may
# see the row that names it; a folder not registered is never served that way.
MediaFolder = tuple[Callable[[], models.QuerySet[Any]], str, str]
_media_folders: dict[str, MediaFolder] = {}


def register_media_folder(
    folder: str, queryset: Callable[[], models.QuerySet[Any]], *, field: str, view_perm: str
) -> None:
    """Serve the files under ``folder`` (e.g. ``"rooms/"``) to whoever may see the row naming them."""
    _media_folders[folder] = (queryset, field, view_perm)


def media_owner_or_404(request: HttpRequest, name: str) -> models.Model:
    """The row that names the stored file ``name``, if the viewer may see it; else "not found"."""
    for folder, (queryset, field, view_perm) in _media_folders.items():
        if name.startswith(folder):
            owner: models.Model | None = queryset().filter(**{field: name}).first()
            if owner is None:
                raise Http404
            return visible_or_404(request, owner, view_perm)
    raise Http404
