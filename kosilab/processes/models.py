from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modeltrans.fields import TranslationField
from modeltrans.manager import MultilingualManager

from kosilab.core.content_languages import TranslatedModelMixin
from kosilab.core.models import TimeStampedModel
from kosilab.core.sectors import Sector
from kosilab.core.validators import validate_plausible_date
from kosilab.labs.models import DEFAULT_PHASE_LABELS


class ProcessStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    COMPLETED = "completed", _("Completed")
    STOPPED = "stopped", _("Stopped")


class ProcessVisibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    INTERNAL = "internal", _("Lab team and process team only")


class Process(TranslatedModelMixin, TimeStampedModel):
    """A lab process: the joint work on a challenge, moving through phases."""

    lab = models.ForeignKey("labs.Lab", verbose_name=_("lab"), on_delete=models.CASCADE, related_name="processes")
    challenge = models.OneToOneField(
        "challenges.Challenge",
        verbose_name=_("challenge"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="process",
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True, max_length=2000)
    status = models.CharField(
        _("status"), max_length=20, choices=ProcessStatus.choices, default=ProcessStatus.RUNNING, db_index=True
    )
    visibility = models.CharField(
        _("visibility"), max_length=20, choices=ProcessVisibility.choices, default=ProcessVisibility.PUBLIC
    )
    current_phase = models.ForeignKey(
        "ProcessPhase",
        verbose_name=_("current phase"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_on = models.DateField(_("started on"), validators=[validate_plausible_date])

    # Translations into further languages (kosilab/core/content_languages.py).
    i18n = TranslationField(fields=("title", "summary"))
    objects = MultilingualManager()  # what django-modeltrans gives a translated model

    class Meta:
        verbose_name = _("lab process")
        verbose_name_plural = _("lab processes")
        ordering = ["-started_on", "-id"]
        indexes = [
            # The lists (newest started first, often of running processes only) read these in order
            # and stop after a page; without them every visible process is joined and sorted.
            models.Index(fields=["status", "started_on", "id"], name="processes_status_started_idx"),
            models.Index(fields=["started_on", "id"], name="processes_started_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("processes:detail", args=[self.pk])

    @property
    def is_public(self) -> bool:
        """Seen by everybody: public, in a public lab (said in kosilab/processes/policies.py)."""
        from kosilab.processes.policies import process_policy

        return process_policy.public(self)


class ProcessPhase(models.Model):
    """A phase of one process, copied from the lab's template when the process starts."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="phases")
    position = models.PositiveSmallIntegerField(pgettext_lazy("order", "position"))
    key = models.SlugField(_("key"), max_length=40)
    name = models.CharField(_("name"), max_length=100, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    contributions_open = models.BooleanField(_("open for ideas"), default=False)

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["process", "position"]
        constraints = [models.UniqueConstraint(fields=["process", "position"], name="processes_phase_unique_position")]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.name or str(DEFAULT_PHASE_LABELS.get(self.key, self.key))


class PhaseTransition(models.Model):
    """A recorded move from one phase to the next: who, when and why."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="transitions")
    from_phase = models.ForeignKey(
        ProcessPhase, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("from phase")
    )
    to_phase = models.ForeignKey(ProcessPhase, on_delete=models.CASCADE, related_name="+", verbose_name=_("to phase"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("moved by")
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    reason = models.TextField(_("reason"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("phase transition")
        verbose_name_plural = _("phase transitions")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.from_phase} → {self.to_phase}"


class MemberRole(models.TextChoices):
    LEAD = "lead", _("Process lead")
    FACILITATOR = "facilitator", _("Facilitator")
    CO_CREATOR = "co_creator", _("Co-creator")
    EXPERT = "expert", _("Expert")
    OBSERVER = "observer", _("Observer")


class ProcessMember(TimeStampedModel):
    """A person in a process team, with the sector they bring to the table."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="process_memberships")
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices, default=MemberRole.CO_CREATOR)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    organisation = models.ForeignKey(
        "actors.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="process_memberships",
    )

    class Meta:
        verbose_name = _("process team member")
        verbose_name_plural = _("process team")
        ordering = ["role", "user__name"]
        constraints = [models.UniqueConstraint(fields=["process", "user"], name="processes_member_unique_user")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class Milestone(TimeStampedModel):
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=200)
    due_on = models.DateField(_("due on"), validators=[validate_plausible_date])
    phase = models.ForeignKey(
        ProcessPhase, verbose_name=_("phase"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title


class LogEntry(models.Model):
    """A line in the process log: what happened, written by a person or by the system."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="log_entries")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    text = models.TextField(_("what happened"), max_length=4000)

    class Meta:
        verbose_name = _("log entry")
        verbose_name_plural = _("process log")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.text[:60]


class ProcessInvitation(TimeStampedModel):
    """An invitation into a process team, sent by e-mail to someone who may have no account yet.

    Only the SHA-256 hash of the link's secret is stored (as for API tokens). The membership is
    created when an account confirms ``email`` (kosilab/processes/contributions.py) or when the
    holder of the link, logged in with that address, accepts it on the invitation page.
    """

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices, default=MemberRole.CO_CREATOR)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("team invitation")
        verbose_name_plural = _("team invitations")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "email"],
                condition=models.Q(accepted_at__isnull=True, withdrawn_at__isnull=True),
                name="processes_invitation_one_open_per_address",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.get_role_display()})"


def invitation_token_hash(*, token: str) -> str:
    """The stored form of an invitation link's secret (SHA-256, hex), as for API tokens."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()
