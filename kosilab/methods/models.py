"""The method library (Methodenkoffer): participation and innovation methods for lab work.

A method's texts exist in German and English (``*_de``, ``*_en``); a page shows the reader's
language and falls back to the other one when a lab wrote its own method in one language only.
Methods without a lab belong to the shared library (loaded from ``data/methods.json``); a lab
can add its own methods or adapt a copy of any method (``based_on``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from kosilab.core.models import TimeStampedModel

# The texts of a method, each stored once per language.
TEXT_FIELDS = ("title", "summary", "goal", "preparation", "materials", "steps", "tips")
LANGUAGES = ("de", "en")


class Difficulty(models.IntegerChoices):
    EASY = 1, _("Easy: also for first-time facilitators")
    MEDIUM = 2, _("Medium: some facilitation experience helps")
    DEMANDING = 3, _("Demanding: for experienced facilitators")


class Method(TimeStampedModel):
    slug = models.SlugField(_("short name in web addresses (URL)"), max_length=80, unique=True)
    lab = models.ForeignKey(
        "labs.Lab",
        verbose_name=_("lab"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="methods",
        help_text=_("Empty for the shared library."),
    )
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("adapted from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="adaptations",
    )

    title_de = models.CharField(_("title (German)"), max_length=150, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=150, blank=True)
    summary_de = models.TextField(_("summary (German)"), blank=True, max_length=600)
    summary_en = models.TextField(_("summary (English)"), blank=True, max_length=600)
    goal_de = models.TextField(_("goal (German)"), blank=True, max_length=1500)
    goal_en = models.TextField(_("goal (English)"), blank=True, max_length=1500)
    preparation_de = models.TextField(_("preparation (German)"), blank=True, max_length=3000)
    preparation_en = models.TextField(_("preparation (English)"), blank=True, max_length=3000)
    materials_de = models.TextField(
        _("materials (German)"), blank=True, max_length=2000, help_text=_("One item per line.")
    )
    materials_en = models.TextField(
        _("materials (English)"), blank=True, max_length=2000, help_text=_("One item per line.")
    )
    steps_de = models.TextField(_("steps (German)"), blank=True, max_length=6000, help_text=_("One step per line."))
    steps_en = models.TextField(_("steps (English)"), blank=True, max_length=6000, help_text=_("One step per line."))
    tips_de = models.TextField(_("tips and pitfalls (German)"), blank=True, max_length=3000)
    tips_en = models.TextField(_("tips and pitfalls (English)"), blank=True, max_length=3000)
    sources = models.TextField(_("sources"), blank=True, max_length=3000, help_text=_("One source per line."))

    # Keys of the default phases (labs.models.DEFAULT_PHASES) the method suits.
    phases = models.JSONField(_("phases"), default=list, blank=True)
    group_min = models.PositiveSmallIntegerField(_("smallest group"))
    group_max = models.PositiveSmallIntegerField(_("largest group"))
    duration_min = models.PositiveSmallIntegerField(_("shortest duration (minutes)"))
    duration_max = models.PositiveSmallIntegerField(_("longest duration (minutes)"))
    offline = models.BooleanField(_("works in a room"), default=True)
    online = models.BooleanField(_("works online"), default=False)
    difficulty = models.PositiveSmallIntegerField(_("difficulty"), choices=Difficulty.choices, default=Difficulty.EASY)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The title the library sorts by in each language (lower case, the other language's title where
    # one is missing), kept by the database, so that a page of the library is one range of an index.
    sort_title_de = models.GeneratedField(
        expression=Lower(Coalesce(NullIf("title_de", Value("")), "title_en")),
        output_field=models.CharField(max_length=150),
        db_persist=True,
    )
    sort_title_en = models.GeneratedField(
        expression=Lower(Coalesce(NullIf("title_en", Value("")), "title_de")),
        output_field=models.CharField(max_length=150),
        db_persist=True,
    )

    class Meta:
        verbose_name = _("method")
        verbose_name_plural = _("methods")
        ordering = ["title_de", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(group_min__gte=1), name="methods_group_min"),
            models.CheckConstraint(condition=Q(group_max__gte=F("group_min")), name="methods_group_order"),
            models.CheckConstraint(condition=Q(duration_min__gte=5), name="methods_duration_min"),
            models.CheckConstraint(condition=Q(duration_max__gte=F("duration_min")), name="methods_duration_order"),
            models.CheckConstraint(condition=Q(online=True) | Q(offline=True), name="methods_some_setting"),
        ]
        indexes = [
            models.Index(fields=["sort_title_de", "id"], name="methods_sort_de_idx"),
            models.Index(fields=["sort_title_en", "id"], name="methods_sort_en_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("methods:detail", args=[self.slug])

    def text(self, field: str, language: str | None = None) -> str:
        """A text in ``language`` (default: the active one), else in the other language."""
        language = (language or translation.get_language() or "de")[:2]
        order = (language, *[code for code in LANGUAGES if code != language])
        for code in order:
            value = getattr(self, f"{field}_{code}", "")
            if value:
                return str(value)
        return ""

    def lines(self, field: str, language: str | None = None) -> list[str]:
        return [line.strip() for line in self.text(field, language).splitlines() if line.strip()]

    @property
    def title(self) -> str:
        return self.text("title")

    @property
    def summary(self) -> str:
        return self.text("summary")

    @property
    def source_list(self) -> list[str]:
        return [line.strip() for line in self.sources.splitlines() if line.strip()]
