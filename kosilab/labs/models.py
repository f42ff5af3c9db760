from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_stubs_ext import StrOrPromise
from modeltrans.fields import TranslationField
from modeltrans.manager import MultilingualManager

from kosilab.core.content_languages import TranslatedModelMixin
from kosilab.core.maps import coordinates_constraint, latitude_field, longitude_field
from kosilab.core.models import TimeStampedModel


class Lab(TranslatedModelMixin, TimeStampedModel):
    """A municipal lab for social innovation, run by a host organisation in a city."""

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("short name in web addresses (URL)"), max_length=80, unique=True)
    city = models.CharField(_("city"), max_length=100)
    host = models.ForeignKey(
        "actors.Organisation", verbose_name=_("host organisation"), on_delete=models.PROTECT, related_name="hosted_labs"
    )
    focus = models.CharField(_("focus"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    founded = models.PositiveSmallIntegerField(_("founded (year)"), null=True, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    latitude = latitude_field()  # where the address is, for maps (docs/maps.md)
    longitude = longitude_field()
    website = models.URLField(_("website"), blank=True)
    is_public = models.BooleanField(_("public"), default=True, help_text=_("Shown to everyone."))
    require_two_factor = models.BooleanField(
        _("second factor for the team"),
        default=False,
        help_text=_(
            "Everyone in the lab's team must log in with a second factor: an authenticator app, a "
            "security key or a passkey."
        ),
    )
    partners = models.ManyToManyField(
        "actors.Organisation", verbose_name=_("partner organisations"), blank=True, related_name="partner_labs"
    )

    # Translations into further languages (kosilab/core/content_languages.py).
    i18n = TranslationField(fields=("focus", "description"))
    objects = MultilingualManager()  # what django-modeltrans gives a translated model

    class Meta:
        verbose_name = _("lab")
        verbose_name_plural = _("labs")
        ordering = ["name", "id"]
        constraints = [coordinates_constraint("labs_lab_coordinates")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("labs:detail", args=[self.slug])


class LabRole(models.TextChoices):
    MANAGER = "manager", _("Lab manager")
    FACILITATOR = "facilitator", _("Facilitator")


class LabMembership(TimeStampedModel):
    """A person in a lab's team, with a role."""

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lab_memberships")
    role = models.CharField(_("role"), max_length=20, choices=LabRole.choices)

    class Meta:
        verbose_name = _("lab team member")
        verbose_name_plural = _("lab team")
        ordering = ["role", "user__name"]
        constraints = [models.UniqueConstraint(fields=["lab", "user"], name="labs_membership_unique_lab_user")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.lab})"


# The default phase template, after the social-innovation spiral (Murray, Caulier-Grice, Mulgan 2010).
DEFAULT_PHASES: list[tuple[str, StrOrPromise]] = [
    ("prompts", _("Prompts")),
    ("proposals", _("Ideas")),
    ("prototypes", _("Trial")),
    ("sustaining", _("Continuation")),
    ("scaling", _("Dissemination")),
    ("systemic_change", _("Systemic change")),
]
DEFAULT_PHASE_LABELS = dict(DEFAULT_PHASES)


class PhaseTemplateStep(models.Model):
    """One phase in a lab's template for new lab processes."""

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="phase_steps")
    position = models.PositiveSmallIntegerField(pgettext_lazy("order", "position"))
    key = models.SlugField(_("key"), max_length=40)
    name = models.CharField(_("name"), max_length=100, blank=True, help_text=_("Leave empty for the default name."))
    description = models.TextField(_("description"), blank=True, max_length=1000)

    class Meta:
        verbose_name = _("phase template step")
        verbose_name_plural = _("phase template")
        ordering = ["lab", "position"]
        constraints = [
            models.UniqueConstraint(fields=["lab", "position"], name="labs_phase_unique_position"),
            models.UniqueConstraint(fields=["lab", "key"], name="labs_phase_unique_key"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.name or str(DEFAULT_PHASE_LABELS.get(self.key, self.key))
