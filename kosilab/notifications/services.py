"""Notifications for followers of a challenge or a lab process (placeholder until the app is built)."""

from __future__ import annotations

from typing import Any


def notify_followers(*, target: Any, kind: str, actor: Any, obj: Any, text: str = "") -> int:
    """Tell the followers of ``target`` (a Challenge or a Process) about ``obj`` (an idea, a comment,
    an official answer …); ``kind`` names what happened. The actor is not notified. Returns how many
    people were notified."""
    return 0
