"""Writes of the notifications app: following, notifying followers, reading, settings, digests.

Mails are queued after the transaction commits (``core.mail.send_templated_mail``). A notification
mailed at once gets ``mailed_at`` in the same transaction that queues its mail, and a digest marks
its notifications ``digested_at`` in the transaction that queues the digest, so neither is sent twice.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kosilab.accounts.models import User
from kosilab.accounts.types import Viewer
from kosilab.challenges.models import Challenge
from kosilab.core.audit import log_action
from kosilab.core.errors import DomainError
from kosilab.core.mail import send_templated_mail, site_url
from kosilab.labs.roles import preload_lab_roles
from kosilab.notifications.models import (
    DEFAULT_FREQUENCY,
    Follow,
    Frequency,
    Notification,
    NotificationSetting,
)
from kosilab.processes.models import Process
from kosilab.processes.roles import preload_process_roles

logger = logging.getLogger(__name__)

TEXT_LENGTH = Notification._meta.get_field("text").max_length or 300
TITLE_LENGTH = Notification._meta.get_field("target_title").max_length or 200
URL_LENGTH = Notification._meta.get_field("url").max_length or 500


def _target_fields(target: Any) -> dict[str, Any]:
    """``{"challenge": target}`` or ``{"process": target}``; anything else is refused."""
    if isinstance(target, Challenge):
        return {"challenge": target}
    if isinstance(target, Process):
        return {"process": target}
    raise DomainError(_("Only challenges and lab processes can be followed."))


def _view_perm(target: Challenge | Process) -> str:
    return "challenges.view_challenge" if isinstance(target, Challenge) else "processes.view_process"


# --- Following -------------------------------------------------------------------------------


def follow_add(*, user: User, target: Challenge | Process) -> Follow:
    """Follow a challenge or a process. Following twice (a double click) leaves one follow."""
    fields = _target_fields(target)
    if not user.has_perm(_view_perm(target), target):
        raise DomainError(_("You cannot follow this."))
    try:
        with transaction.atomic():
            follow, created = Follow.objects.get_or_create(user=user, **fields)
            if created:
                log_action("notifications.follow.added", actor=user, target=target)
    except IntegrityError:
        # A concurrent click created it first: the person follows, which is what they asked for.
        follow = Follow.objects.get(user=user, **fields)
    return follow


def follow_remove(*, user: User, target: Challenge | Process) -> bool:
    """Stop following. Works also for what the person may no longer see. True if there was a follow."""
    fields = _target_fields(target)
    with transaction.atomic():
        deleted, _count = Follow.objects.filter(user=user, **fields).delete()
        if deleted:
            log_action("notifications.follow.removed", actor=user, target=target)
    return bool(deleted)


# --- Settings --------------------------------------------------------------------------------


def setting_update(*, user: User, frequency: str) -> NotificationSetting:
    """Choose how often to get e-mails. Switching mails on again starts digests from now."""
    if frequency not in Frequency.values:
        raise DomainError(_("Choose how often you want e-mails."), field="frequency")
    with transaction.atomic():
        setting, created = NotificationSetting.objects.select_for_update().get_or_create(
            user=user, defaults={"frequency": frequency}
        )
        old = DEFAULT_FREQUENCY if created else setting.frequency
        if not created and old != frequency:
            if old == Frequency.OFF:
                setting.mail_since = timezone.now()
            setting.frequency = frequency
            setting.full_clean()
            setting.save(update_fields=["frequency", "mail_since"])
        if old != frequency:
            log_action("notifications.setting.changed", actor=user, data={"frequency": frequency})
    return setting


# --- Reading (not audited: it is the person's own reading state) --------------------------------


def notification_mark_read(*, user: User, notification: Notification) -> None:
    if notification.recipient_id != user.pk:
        raise DomainError(_("This notification is not yours."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)


def notifications_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


# --- Notifying -------------------------------------------------------------------------------


def _frequency_of(user: User) -> str:
    try:
        return str(user.notification_setting.frequency)
    except NotificationSetting.DoesNotExist:
        return DEFAULT_FREQUENCY


def _url_of(obj: models.Model, target: Challenge | Process) -> str:
    getter = getattr(obj, "get_absolute_url", None) or getattr(target, "get_absolute_url", None)
    url = str(getter()) if getter else ""
    return url if len(url) <= URL_LENGTH else ""


def followers_notify(
    *, target: Challenge | Process, kind: str, actor: Viewer | None, obj: models.Model, text: str = ""
) -> int:
    """Tell the followers of ``target`` (a Challenge or a Process) about ``obj`` (an idea, a comment,
    an official answer …); ``kind`` names what happened ("idea", "comment", "answer"; other kinds are
    shown as news). The actor is not notified, nor anyone who may no longer see the target. Followers
    who chose "immediately" get a mail after the commit. Runs inside the caller's transaction.
    Returns how many people were notified."""
    fields = _target_fields(target)
    perm = _view_perm(target)
    following = User.objects.filter(is_active=True, **{f"follows__{name}": value for name, value in fields.items()})
    actor_id = getattr(actor, "pk", None)
    if actor_id is not None:
        following = following.exclude(pk=actor_id)
    followers = list(following.select_related("notification_setting").order_by("pk"))
    if not followers:
        return 0
    preload_lab_roles(followers)
    preload_process_roles(followers)
    allowed = [user for user in followers if user.has_perm(perm, target)]
    if not allowed:
        return 0
    now = timezone.now()
    actor_name = (getattr(actor, "name", "") or "")[:150] if actor is not None else ""
    body = " ".join((text or str(obj)).split())
    if len(body) > TEXT_LENGTH:
        body = body[: TEXT_LENGTH - 1] + "…"
    common = {
        "kind": kind[:30],
        "target_title": str(target)[:TITLE_LENGTH],
        "text": body,
        "url": _url_of(obj, target),
        "actor_name": actor_name,
        "created_at": now,
        **fields,
    }
    at_once = {user.pk for user in allowed if _frequency_of(user) == Frequency.IMMEDIATELY}
    with transaction.atomic():
        notifications = Notification.objects.bulk_create(
            Notification(recipient=user, mailed_at=now if user.pk in at_once else None, **common) for user in allowed
        )
        link = site_url() + (common["url"] or "/notifications/")
        # The mail comes in the name of the lab of the challenge or process (read once, if mailing).
        lab_name = str(getattr(getattr(target, "lab", None), "name", "") or "") if at_once else ""
        for user, notification in zip(allowed, notifications, strict=True):
            if user.pk in at_once:
                send_templated_mail(
                    to=user.email,
                    language=user.language,
                    lab_name=lab_name,
                    template="notifications/mail/notification",
                    context={
                        "user": user,
                        "notification": notification,
                        "target": target,  # its title in the recipient's language (the mail's templates)
                        "link": link,
                        "settings_link": site_url() + "/notifications/settings/",
                    },
                )
        log_action(
            "notifications.sent",
            actor=actor,
            target=target,
            data={"kind": common["kind"], "recipients": len(notifications), "mailed": len(at_once)},
        )
    return len(notifications)


# --- Digests ---------------------------------------------------------------------------------


def _pending(now: datetime) -> Q:
    return Q(mailed_at__isnull=True, digested_at__isnull=True, read_at__isnull=True, created_at__lte=now)


def digests_send(*, frequency: str, now: datetime | None = None) -> int:
    """One mail to each person with this digest ``frequency`` ("daily" or "weekly") who has
    notifications not yet mailed, digested or read, grouped by challenge or process; those are then
    marked as digested. People with nothing new get no mail; running it again sends nothing new.
    Returns the number of mails queued."""
    if frequency not in (Frequency.DAILY, Frequency.WEEKLY):
        raise DomainError(_("Digests are daily or weekly."))
    now = now or timezone.now()
    chosen = Q(
        recipient__notification_setting__frequency=frequency,
        created_at__gte=F("recipient__notification_setting__mail_since"),
    )
    if frequency == DEFAULT_FREQUENCY:
        chosen |= Q(recipient__notification_setting__isnull=True)
    recipient_ids = list(
        Notification.objects.filter(_pending(now), chosen, recipient__is_active=True)
        .order_by("recipient_id")
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    sent = 0
    for recipient_id in recipient_ids:
        try:
            sent += _send_digest(recipient_id, frequency, now)
        except Exception:
            # One person's broken digest must not keep everybody else's back; it is tried next time.
            logger.exception("Digest for user %s could not be prepared.", recipient_id)
    if sent:
        log_action("notifications.digests.sent", actor=None, data={"frequency": frequency, "mails": sent})
    return sent


def _send_digest(recipient_id: int, frequency: str, now: datetime) -> int:
    with transaction.atomic():
        user = User.objects.select_related("notification_setting").get(pk=recipient_id)
        if _frequency_of(user) != frequency:
            return 0
        setting = getattr(user, "notification_setting", None)
        pending = Notification.objects.filter(_pending(now), recipient_id=recipient_id)
        if setting is not None:
            pending = pending.filter(created_at__gte=setting.mail_since)
        # Locked, so that a second run at the same time waits and then finds them digested.
        # With their challenge or process (joined, no further query): the digest names them in the
        # recipient's language. Only the notifications' rows are locked.
        notifications = list(
            pending.select_related("challenge", "process").select_for_update(of=("self",)).order_by("created_at", "pk")
        )
        if not notifications:
            return 0
        Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(digested_at=now)
        groups: dict[tuple[str, int | None], dict[str, Any]] = {}
        base = site_url()
        for notification in notifications:
            target = notification.challenge or notification.process
            group = groups.setdefault(
                notification.group_key, {"title": notification.target_title, "target": target, "items": []}
            )
            group["items"].append(
                {"notification": notification, "link": base + (notification.url or "/notifications/")}
            )
        send_templated_mail(
            to=user.email,
            language=user.language,
            template="notifications/mail/digest",
            context={
                "user": user,
                "frequency": frequency,
                "count": len(notifications),
                "groups": list(groups.values()),
                "list_link": base + "/notifications/",
                "settings_link": base + "/notifications/settings/",
            },
        )
    return 1
