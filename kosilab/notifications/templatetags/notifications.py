from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from kosilab.challenges.models import Challenge
from kosilab.notifications.selectors import is_following
from kosilab.notifications.selectors import unread_count as _unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_count(context: dict[str, Any]) -> int:
    """The number of the visitor's unread notifications (one query per request, none when logged out).

    ``{% load notifications %}{% unread_count as unread %}``"""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return _unread_count(user)


@register.simple_tag(takes_context=True)
def follow_state(context: dict[str, Any], target: Any) -> bool:
    """Whether the visitor follows ``target``: from the context where the view already knows it
    (the answer to a follow button), else one query. The pages of challenges and processes include
    the follow button without knowing about notifications.

    ``{% follow_state target as following %}``"""
    if "following" in context:
        return bool(context["following"])
    request = context.get("request")
    return is_following(getattr(request, "user", None) or context.get("user"), target)


@register.simple_tag
def follow_action(target: Any, following: bool) -> str:
    """Where the follow button of ``target`` (a Challenge or a Process) posts to."""
    kind = "challenge" if isinstance(target, Challenge) else "process"
    verb = "unfollow" if following else "follow"
    return reverse(f"notifications:{verb}_{kind}", args=[target.pk])
