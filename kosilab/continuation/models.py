"""Continuation (Verstetigung): who takes a result over, in which form, and what became of it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kosilab.core.models import TimeStampedModel
from kosilab.core.validators import validate_plausible_date


class TakerKind(models.TextChoices):
    ORGANISATION = "organisation", _("An organisation")
    ADMINISTRATION = "administration", _("A unit of the administration")
    NEW_ASSOCIATION = "new_association", _("A new association")
    NEW_ENTERPRISE = "new_enterprise", _("A new enterprise")


class ContinuationForm(models.TextChoices):
    REGULAR_SERVICE = "regular_service", _("Regular service")
    PROJECT = "project", _("Project")
    ASSOCIATION = "association", _("Association")
    ENTERPRISE = "enterprise", _("Enterprise")
    ADMINISTRATIVE_STRUCTURE = "administrative_structure", _("Administrative structure")


class HandoverStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HANDING_OVER = "handing_over", _("Handing over")
    CONTINUED = "continued", _("Continued")
    ENDED = "ended", _("Ended")


class Handover(TimeStampedModel):
    """The handover of a result to whoever continues it. Its data is public once the result is."""

    result = models.ForeignKey(
        "results.Result", verbose_name=_("result"), on_delete=models.CASCADE, related_name="handovers"
    )
    taker_kind = models.CharField(_("taken over by"), max_length=20, choices=TakerKind.choices)
    taker_organisation = models.ForeignKey(
        "actors.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="handovers",
    )
    taker_name = models.CharField(
        _("name of the taker"),
        max_length=200,
        blank=True,
        help_text=_("For example the office of the administration, or the name of the new association."),
    )
    form = models.CharField(_("form of continuation"), max_length=30, choices=ContinuationForm.choices)
    funding = models.TextField(_("funding"), max_length=2000, blank=True)
    decision = models.TextField(_("decision it rests on"), max_length=2000, blank=True)
    decision_on = models.DateField(
        _("date of the decision"), null=True, blank=True, validators=[validate_plausible_date]
    )
    commitments = models.TextField(_("commitments"), max_length=4000, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=HandoverStatus.choices, default=HandoverStatus.PLANNED, db_index=True
    )
    status_since = models.DateTimeField(_("status since"), auto_now_add=True)
    ended_reason = models.TextField(_("reason for the end"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")
        ordering = ["-status_since", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="ended") | ~models.Q(ended_reason=""),
                name="continuation_handover_ended_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(taker_organisation__isnull=False) | ~models.Q(taker_name=""),
                name="continuation_handover_has_taker",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.result} → {self.taker}"

    def get_absolute_url(self) -> str:
        return reverse("continuation:manage", args=[self.result_id])

    @property
    def taker(self) -> str:
        return self.taker_name or (self.taker_organisation.name if self.taker_organisation else "")

    @property
    def lab_id(self) -> int:
        return self.result.lab_id


class HandoverEvent(models.Model):
    """A recorded status change of a handover: from, to, who, when, why."""

    handover = models.ForeignKey(Handover, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("from"), max_length=20, choices=HandoverStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=HandoverStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("when"), auto_now_add=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '–'} → {self.to_status}"


class FollowUp(models.Model):
    """A date to look again at a handover. Those who steer the process get a reminder before it."""

    handover = models.ForeignKey(Handover, on_delete=models.CASCADE, related_name="followups")
    due_on = models.DateField(_("due on"), validators=[validate_plausible_date])
    note = models.CharField(_("what to check"), max_length=500)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["due_on"], name="continuation_followup_due")]

    def __str__(self) -> str:
        return f"{self.due_on}: {self.note}"
