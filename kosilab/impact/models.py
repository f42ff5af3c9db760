"""Indicators on the chain input → output → outcome → impact, and their measured values over time."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kosilab.core.models import TimeStampedModel
from kosilab.core.validators import validate_plausible_date, validate_plausible_measurement_date

LIMIT = Decimal(10) ** 12
DIGITS, DECIMALS = 17, 4  # up to ±10^12 with four decimals


def validate_magnitude(value: Decimal) -> None:
    """Refuse absurd numbers (typing slips such as a pasted phone number)."""
    if value is not None and abs(value) > LIMIT:
        raise ValidationError(
            _("Enter a number between −1,000,000,000,000 and 1,000,000,000,000."), code="absurd_number"
        )


class Level(models.TextChoices):
    """The results chain, in its order."""

    INPUT = "input", _("Input")
    OUTPUT = "output", _("Output")
    OUTCOME = "outcome", _("Outcome")
    # The level, not the area: German keeps the four terms of the IOOI chain ("Impact"), while the
    # area and its pages are "Wirkung" (msgid "Impact" without a context).
    IMPACT = "impact", pgettext_lazy("results chain level", "Impact")


LEVEL_ORDER = {level.value: index for index, level in enumerate(Level)}
LEVEL_HELP = {
    Level.INPUT: _("What goes in: money, time, rooms, people."),
    Level.OUTPUT: _("What the lab produces: workshops, prototypes, advice, places."),
    Level.OUTCOME: _("What changes for the people the work is for: behaviour, skills, access."),
    Level.IMPACT: _("What changes in the city or society in the long run."),
}


class SDG(models.IntegerChoices):
    """The 17 Sustainable Development Goals of the United Nations."""

    NO_POVERTY = 1, _("1 No poverty")
    ZERO_HUNGER = 2, _("2 Zero hunger")
    GOOD_HEALTH = 3, _("3 Good health and well-being")
    QUALITY_EDUCATION = 4, _("4 Quality education")
    GENDER_EQUALITY = 5, _("5 Gender equality")
    CLEAN_WATER = 6, _("6 Clean water and sanitation")
    CLEAN_ENERGY = 7, _("7 Affordable and clean energy")
    DECENT_WORK = 8, _("8 Decent work and economic growth")
    INDUSTRY = 9, _("9 Industry, innovation and infrastructure")
    REDUCED_INEQUALITIES = 10, _("10 Reduced inequalities")
    SUSTAINABLE_CITIES = 11, _("11 Sustainable cities and communities")
    RESPONSIBLE_CONSUMPTION = 12, _("12 Responsible consumption and production")
    CLIMATE_ACTION = 13, _("13 Climate action")
    LIFE_BELOW_WATER = 14, _("14 Life below water")
    LIFE_ON_LAND = 15, _("15 Life on land")
    PEACE_AND_JUSTICE = 16, _("16 Peace, justice and strong institutions")
    PARTNERSHIPS = 17, _("17 Partnerships for the goals")


def _number(**kwargs: object) -> models.DecimalField[Decimal | None, Decimal | None]:
    return models.DecimalField(
        max_digits=DIGITS,
        decimal_places=DECIMALS,
        validators=[validate_magnitude],
        **kwargs,  # type: ignore[arg-type]
    )


class Indicator(TimeStampedModel):
    """What a process (or, without a process, the whole lab) wants to change, and how it is measured."""

    lab = models.ForeignKey("labs.Lab", verbose_name=_("lab"), on_delete=models.CASCADE, related_name="indicators")
    process = models.ForeignKey(
        "processes.Process",
        verbose_name=_("lab process"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="indicators",
        help_text=_("Empty for an indicator of the whole lab."),
    )
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=30, help_text=_("For example %, people, places, euro."))
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, default=Level.OUTPUT)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    baseline = _number(verbose_name=_("baseline"), null=True, blank=True)
    target = _number(verbose_name=_("target"), null=True, blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True, validators=[validate_plausible_date])
    sdg = models.PositiveSmallIntegerField(
        _("Sustainable Development Goal"), choices=SDG.choices, null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    position = models.PositiveSmallIntegerField(pgettext_lazy("order", "position"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sdg__isnull=True) | models.Q(sdg__gte=1, sdg__lte=17), name="impact_indicator_sdg"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("impact:indicator", args=[self.pk])

    @property
    def level_order(self) -> int:
        return LEVEL_ORDER.get(self.level, len(LEVEL_ORDER))

    @property
    def latest_progress(self) -> int | None:
        """Progress of the latest value (annotated by ``selectors.with_latest``) towards the target."""
        return self.progress_percent(getattr(self, "latest_value", None))

    def progress_percent(self, value: Decimal | None) -> int | None:
        """How far ``value`` has come from the baseline to the target, in percent (may pass 100 or go below 0)."""
        if value is None or self.target is None:
            return None
        start = self.baseline if self.baseline is not None else Decimal(0)
        if self.target == start:
            return 100 if value == self.target else None
        return round((value - start) / (self.target - start) * 100)


class Measurement(TimeStampedModel):
    """A value of an indicator measured on a day, with where it comes from. One per indicator and day."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    measured_on = models.DateField(_("measured on"), validators=[validate_plausible_measurement_date])
    value = _number(verbose_name=_("value"))
    source = models.CharField(
        _("source"), max_length=300, blank=True, help_text=_("Where the value comes from, e.g. a count or a survey.")
    )
    note = models.TextField(_("note"), blank=True, max_length=1000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["measured_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "measured_on"], name="impact_measurement_one_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.measured_on})"
