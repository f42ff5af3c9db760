from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class AuditEntry(models.Model):
    """One domain event: who did what to which object, when, with which data."""

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=80, db_index=True)
    lab = models.ForeignKey(
        "labs.Lab", verbose_name=_("lab"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    object_type = models.CharField(_("object type"), max_length=80, blank=True)
    object_id = models.CharField(_("object id"), max_length=40, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="core_audit_object_idx"),
            # A lab's log, newest first (labs/audit.py): a page is read from the index.
            models.Index(fields=["lab", "-created_at", "-id"], name="core_audit_lab_time_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"


class OutboxMail(models.Model):
    """A mail to send, written in the same transaction as the action that causes it.

    The action and its mail commit together or not at all. After the commit a task that takes only
    this row's id sends it (``core.mail``); if the queue cannot be reached then, the row stays
    pending and ``manage.py mail_outbox`` queues it again. ``key`` is the Message-ID: kept across
    retries, and the state moves pending -> sending -> sent by conditional updates, so a task that
    runs twice sends once. Personal data: the recipient's address, and names and links in the
    subject and body; bodies of sent mails are cleared after a few days, rows deleted after a month
    (``mail_outbox``), and ``core.mail.outbox_forget`` removes a person's rows.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("pending")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    key = models.CharField(_("key"), max_length=64, unique=True, help_text=_("The mail's Message-ID."))
    to = models.EmailField(_("recipient"), max_length=254, db_index=True)
    subject = models.TextField(_("subject"))
    body = models.TextField(_("text"), blank=True)
    # The HTML alternative (empty in rows written before it existed: they are sent as text only).
    html = models.TextField(_("HTML"), blank=True)
    # The sender's display name (the lab's name where the mail belongs to a lab) and extra headers
    # (List-Unsubscribe for mails that can be stopped).
    from_name = models.CharField(_("sender name"), max_length=200, blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    template = models.CharField(_("template"), max_length=120, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_at = models.DateTimeField(_("sending since"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("outgoing mail")
        verbose_name_plural = _("mail outbox")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="core_outbox_due_idx")]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"


class MailOptOut(models.Model):
    """An address that stopped one optional kind of mail (``core.mail.MAIL_KINDS``) by the link in
    such a mail. Keyed by the address, so that it works for people without an account (event
    registrations). Personal data: the address; deleted with the account (``outbox_forget``)."""

    address = models.EmailField(_("e-mail address"), max_length=254)
    kind = models.CharField(_("kind of mail"), max_length=40)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("stopped mail")
        verbose_name_plural = _("stopped mails")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["address", "kind"], name="core_mail_optout_unique")]

    def __str__(self) -> str:
        return f"{self.address}: {self.kind}"
