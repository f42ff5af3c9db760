"""Reads of the notifications app."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from kosilab.accounts.types import User, Viewer
from kosilab.challenges.models import Challenge
from kosilab.challenges.selectors import visible_challenges
from kosilab.notifications.models import DEFAULT_FREQUENCY, Follow, Notification, NotificationSetting
from kosilab.processes.selectors import visible_processes

_UNREAD_CACHE = "_kosilab_unread_notifications"


def _target_filter(target: Any) -> dict[str, Any]:
    return {"challenge": target} if isinstance(target, Challenge) else {"process": target}


def is_following(user: Viewer | None, target: Any) -> bool:
    """Does ``user`` follow ``target`` (a Challenge or a Process)? One query; none for anonymous visitors."""
    if user is None or not user.is_authenticated:
        return False
    return Follow.objects.filter(user=user, **_target_filter(target)).exists()


def notifications_of(user: User) -> QuerySet[Notification]:
    """The person's notifications, newest first."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def unread_count(user: Viewer | None) -> int:
    """How many unread notifications ``user`` has: one query, remembered on the user object for the
    request (the user object lives for one request)."""
    if user is None or not user.is_authenticated:
        return 0
    cached = getattr(user, _UNREAD_CACHE, None)
    if cached is None:
        cached = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
        setattr(user, _UNREAD_CACHE, cached)
    return int(cached)


def forget_unread_count(user: Viewer) -> None:
    if hasattr(user, _UNREAD_CACHE):
        delattr(user, _UNREAD_CACHE)


def follows_of(user: User) -> QuerySet[Follow]:
    """What the person follows and may still see, with the challenge or process (one query)."""
    visible = Q(challenge__in=visible_challenges(user).values("pk")) | Q(
        process__in=visible_processes(user).values("pk")
    )
    return (
        Follow.objects.filter(user=user)
        .filter(visible)
        .select_related("challenge", "process")
        .order_by("-created_at", "-pk")
    )


def frequency_of(user: User) -> str:
    setting = NotificationSetting.objects.filter(user=user).values_list("frequency", flat=True).first()
    return str(setting or DEFAULT_FREQUENCY)
