from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kosilab.core.models import TimeStampedModel
from kosilab.core.sectors import Sector


class Organisation(TimeStampedModel):
    """An organisation that takes part in labs, in exactly one sector of the quadruple helix."""

    name = models.CharField(_("name"), max_length=200)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, db_index=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["name", "city"], name="actors_organisation_unique_name_city"),
            models.CheckConstraint(condition=~models.Q(name=""), name="actors_organisation_name_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("actors:organisation_detail", args=[self.pk])


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Everyone")
    MEMBERS = "members", _("Logged-in members")
    PRIVATE = "private", _("Only me and the teams I belong to")


class Profile(TimeStampedModel):
    """A person's public face: what they can do, what interests them, where they come from."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    sector = models.CharField(
        _("sector"),
        max_length=20,
        choices=Sector.choices,
        blank=True,
        help_text=_("Taken from your organisation if you name one."),
    )
    position = models.CharField(pgettext_lazy("job", "position"), max_length=150, blank=True)
    skills = models.CharField(_("skills"), max_length=500, blank=True, help_text=_("Separate with commas."))
    interests = models.CharField(_("interests"), max_length=500, blank=True, help_text=_("Separate with commas."))
    bio = models.TextField(_("about me"), blank=True, max_length=2000)
    visibility = models.CharField(
        _("who may see my profile"), max_length=10, choices=Visibility.choices, default=Visibility.MEMBERS
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def skill_list(self) -> list[str]:
        return [s.strip() for s in self.skills.split(",") if s.strip()]

    @property
    def interest_list(self) -> list[str]:
        return [s.strip() for s in self.interests.split(",") if s.strip()]

    def get_absolute_url(self) -> str:
        return reverse("actors:person_detail", args=[self.user_id])
