from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modeltrans.fields import TranslationField
from modeltrans.manager import MultilingualManager

from kosilab.core.content_languages import TranslatedModelMixin
from kosilab.core.models import TimeStampedModel
from kosilab.core.sectors import Sector
from kosilab.core.validators import validate_plausible_date


class ChallengeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    CLOSED = "closed", _("Closed")


PUBLIC_STATUSES = [ChallengeStatus.OPEN, ChallengeStatus.IN_PROGRESS, ChallengeStatus.CLOSED]


class Challenge(TranslatedModelMixin, TimeStampedModel):
    """A concrete question of the city (Fragestellung), published by a lab as an open call."""

    lab = models.ForeignKey("labs.Lab", verbose_name=_("lab"), on_delete=models.CASCADE, related_name="challenges")
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=400)
    context = models.TextField(_("context"), blank=True, max_length=5000)
    goals = models.TextField(_("goals"), blank=True, max_length=5000)
    status = models.CharField(
        _("status"), max_length=20, choices=ChallengeStatus.choices, default=ChallengeStatus.DRAFT, db_index=True
    )
    starts_on = models.DateField(_("start"), null=True, blank=True, validators=[validate_plausible_date])
    ends_on = models.DateField(_("end"), null=True, blank=True, validators=[validate_plausible_date])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    contributions_open = models.BooleanField(_("open for ideas"), default=False)

    # Translations into further languages (kosilab/core/content_languages.py).
    i18n = TranslationField(fields=("title", "summary", "context", "goals"))
    objects = MultilingualManager()  # what django-modeltrans gives a translated model

    class Meta:
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "-created_at"], name="challenges_status_created_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_on__isnull=True)
                | models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="challenges_challenge_dates_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("challenges:detail", args=[self.pk])

    @property
    def is_public(self) -> bool:
        """Seen by everybody: published, in a public lab (said in kosilab/challenges/policies.py)."""
        from kosilab.challenges.policies import challenge_policy

        return challenge_policy.public(self)

    @property
    def accepts_participants(self) -> bool:
        return self.status in (ChallengeStatus.OPEN, ChallengeStatus.IN_PROGRESS)


class WantedSector(models.Model):
    """A sector the challenge wants at the table."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="wanted_sectors")
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)

    class Meta:
        verbose_name = _("wanted sector")
        verbose_name_plural = _("wanted sectors")
        ordering = ["challenge", "sector"]
        constraints = [models.UniqueConstraint(fields=["challenge", "sector"], name="challenges_wanted_sector_unique")]

    def __str__(self) -> str:
        return self.get_sector_display()


class ParticipationKind(models.TextChoices):
    INTERESTED = "interested", _("Interested")
    JOINED = "joined", _("Taking part")


class Participation(TimeStampedModel):
    """A person (and optionally their organisation) showing interest in or joining a challenge."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="participations")
    organisation = models.ForeignKey(
        "actors.Organisation",
        verbose_name=_("on behalf of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participations",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ParticipationKind.choices)
    message = models.CharField(_("message to the lab"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["challenge", "user"], name="challenges_participation_unique_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.challenge}"
