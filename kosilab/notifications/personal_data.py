"""What the notifications app stores about a person (see kosilab/core/personal_data.py)."""

from __future__ import annotations

from typing import Any

from kosilab.accounts.types import User
from kosilab.core.personal_data import Erasure, declare, iso


def _export_follows(user: User) -> list[dict[str, Any]]:
    from kosilab.notifications.models import Follow

    return [
        {"follows": str(f.target), "since": iso(f.created_at)}
        for f in Follow.objects.filter(user=user).select_related("challenge", "process").order_by("created_at", "pk")
    ]


def _export_notifications(user: User) -> list[dict[str, Any]]:
    from kosilab.notifications.models import Notification

    return [
        {
            "kind": n.kind,
            "about": n.target_title,
            "text": n.text,
            "by": n.actor_name,
            "at": iso(n.created_at),
            "read_at": iso(n.read_at),
            "mailed_at": iso(n.mailed_at or n.digested_at),
        }
        for n in Notification.objects.filter(recipient=user).order_by("created_at", "pk")
    ]


def _erase_notifications(user: User) -> None:
    """Notifications to others about what the person did lose the person's name."""
    from kosilab.notifications.models import Notification

    if user.name:
        Notification.objects.filter(actor_name__iexact=user.name[:150]).update(actor_name="")


def _export_setting(user: User) -> dict[str, Any] | None:
    from kosilab.notifications.models import NotificationSetting

    setting = NotificationSetting.objects.filter(user=user).first()
    return None if setting is None else {"frequency": setting.frequency, "mail_since": iso(setting.mail_since)}


declare(
    "notifications.Follow",
    fields=["user"],
    erasure=Erasure.DELETED,
    what="Challenges and processes the person follows.",
    export_key="follows",
    export=_export_follows,
)
declare(
    "notifications.Notification",
    fields=["recipient", "actor_name"],
    erasure=Erasure.DELETED,
    what="Notifications to the person (deleted); in notifications to others the person's name as "
    "the one who acted is removed.",
    export_key="notifications",
    export=_export_notifications,
    erase=_erase_notifications,
)
declare(
    "notifications.NotificationSetting",
    fields=["user", "frequency"],
    erasure=Erasure.DELETED,
    what="How often the person gets notification mails.",
    export_key="notification_setting",
    export=_export_setting,
)
