"""Following challenges and lab processes, the notifications that follow from it, and how often to mail them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from kosilab.challenges.models import Challenge
    from kosilab.processes.models import Process


class Frequency(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately, one e-mail each")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")
    OFF = "off", _("No e-mails (only here on the site)")


MAILING = (Frequency.IMMEDIATELY, Frequency.DAILY, Frequency.WEEKLY)
DEFAULT_FREQUENCY = Frequency.DAILY

# What a notification says happened; any other kind is shown as news.
KIND_LABELS = {
    "idea": _("New idea"),
    "comment": _("New comment"),
    "answer": _("Official answer"),
}
OTHER_KIND_LABEL = _("News")


class Follow(models.Model):
    """A person follows exactly one challenge or one lab process."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="follows"
    )
    challenge = models.ForeignKey(
        "challenges.Challenge",
        verbose_name=_("challenge"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="follows",
    )
    process = models.ForeignKey(
        "processes.Process",
        verbose_name=_("lab process"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="follows",
    )
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(challenge__isnull=False, process__isnull=True)
                | models.Q(challenge__isnull=True, process__isnull=False),
                name="notifications_follow_one_target",
            ),
            models.UniqueConstraint(
                fields=["user", "challenge"],
                condition=models.Q(challenge__isnull=False),
                name="notifications_follow_unique_challenge",
            ),
            models.UniqueConstraint(
                fields=["user", "process"],
                condition=models.Q(process__isnull=False),
                name="notifications_follow_unique_process",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.target}"

    @property
    def target(self) -> Challenge | Process | None:
        return self.challenge if self.challenge_id is not None else self.process


class Notification(models.Model):
    """Something new in a followed challenge or process, for one person. Titles and text are copied,
    so the list needs no joins and stays as it was when it happened."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=30)
    target_title = models.CharField(_("about"), max_length=200)
    text = models.CharField(_("text"), max_length=300, blank=True)
    url = models.CharField(_("address"), max_length=500, blank=True)
    challenge = models.ForeignKey(
        "challenges.Challenge",
        verbose_name=_("challenge"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    process = models.ForeignKey(
        "processes.Process",
        verbose_name=_("lab process"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("by"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    mailed_at = models.DateTimeField(_("mailed"), null=True, blank=True)
    digested_at = models.DateTimeField(_("sent in a digest"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notifications_recipient_read"),
            models.Index(fields=["recipient", "-created_at"], name="notifications_recipient_new"),
        ]

    def __str__(self) -> str:
        return f"{self.kind_label}: {self.target_title}"

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.kind, OTHER_KIND_LABEL))

    @property
    def group_key(self) -> tuple[str, int | None]:
        """The target this notification is about (for digests grouped by target)."""
        if self.challenge_id is not None:
            return ("challenge", self.challenge_id)
        if self.process_id is not None:
            return ("process", self.process_id)
        return ("", None)


class NotificationSetting(models.Model):
    """How often a person gets e-mails about notifications. No row means the default (daily)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_setting",
    )
    frequency = models.CharField(_("e-mail me"), max_length=20, choices=Frequency.choices, default=DEFAULT_FREQUENCY)
    # Digests include only notifications from this moment on: switching e-mails back on after a
    # time without them does not send everything that happened meanwhile.
    mail_since = models.DateTimeField(_("e-mails since"), default=timezone.now)

    class Meta:
        verbose_name = _("notification setting")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.frequency}"
