"""Results of lab processes: decisions, prototypes, test reports, files and canvases, per phase."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltrans.fields import TranslationField
from modeltrans.manager import MultilingualManager

from kosilab.core.content_languages import TranslatedModelMixin
from kosilab.core.models import TimeStampedModel

CANVAS_TEXT_MAX = 2000


class ResultKind(models.TextChoices):
    DECISION = "decision", _("Decision")
    PROTOTYPE = "prototype", _("Prototype")
    TEST_REPORT = "test_report", _("Test report")
    FILE = "file", _("File")
    BUSINESS_MODEL = "business_model", _("Business Model Canvas")
    THEORY_OF_CHANGE = "theory_of_change", _("Theory of Change")
    OTHER = "other", _("Other")


class ResultVisibility(models.TextChoices):
    DRAFT = "draft", _("Draft (process team only)")
    PUBLIC = "public", _("Public")


# The fields of each canvas, in reading order: (key, label, question that helps to fill it in).
CANVAS_FIELDS: dict[str, list[tuple[str, Any, Any]]] = {
    ResultKind.BUSINESS_MODEL: [
        ("key_partners", _("Key partners"), _("Who helps us? Which partners and suppliers do we need?")),
        ("key_activities", _("Key activities"), _("What do we have to do to deliver the value?")),
        ("key_resources", _("Key resources"), _("What do we need: people, places, money, knowledge?")),
        ("value_propositions", _("Value propositions"), _("What value do we create, and for whom?")),
        ("customer_relationships", _("Customer relationships"), _("How do we stay in touch with the people we serve?")),
        ("channels", _("Channels"), _("How do we reach them?")),
        ("customer_segments", _("Customer segments"), _("For whom do we create value?")),
        ("cost_structure", _("Cost structure"), _("What are the most important costs?")),
        ("revenue_streams", _("Revenue streams"), _("Who pays for what, and how?")),
    ],
    ResultKind.THEORY_OF_CHANGE: [
        ("problem", _("Problem"), _("Which problem do we address?")),
        ("vision", _("Vision"), _("What will be different when we succeed?")),
        ("audience", _("Audience"), _("Whom do we work with and for?")),
        ("steps", _("Steps"), _("Which steps lead from the problem to the vision?")),
        ("assumptions", _("Assumptions"), _("What do we assume must hold for the steps to work?")),
    ],
}


class Result(TranslatedModelMixin, TimeStampedModel):
    """What a process produced in one of its phases. Draft (team only) or public."""

    process = models.ForeignKey(
        "processes.Process", verbose_name=_("lab process"), on_delete=models.CASCADE, related_name="results"
    )
    phase = models.ForeignKey(
        "processes.ProcessPhase",
        verbose_name=_("phase"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="results",
    )
    # The process's lab, kept here for lab-wide lists and the permission rules.
    lab = models.ForeignKey("labs.Lab", verbose_name=_("lab"), on_delete=models.CASCADE, related_name="results")
    kind = models.CharField(_("kind"), max_length=20, choices=ResultKind.choices, default=ResultKind.DECISION)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=5000, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=ResultVisibility.choices, default=ResultVisibility.DRAFT, db_index=True
    )
    # The canvas of a Business Model Canvas or Theory of Change: {field key: text}, see CANVAS_FIELDS.
    canvas = models.JSONField(_("canvas"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # Translations into further languages (kosilab/core/content_languages.py).
    i18n = TranslationField(fields=("title", "summary"))
    objects = MultilingualManager()  # what django-modeltrans gives a translated model

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["-created_at", "-id"]
        constraints = [models.CheckConstraint(condition=~models.Q(title=""), name="results_result_title_not_empty")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("results:detail", args=[self.pk])

    @property
    def has_canvas(self) -> bool:
        return self.kind in CANVAS_FIELDS

    @property
    def is_public(self) -> bool:
        """Seen by everybody: public, of a public process in a public lab (kosilab/results/policies.py)."""
        from kosilab.results.policies import result_policy

        return result_policy.public(self)

    def canvas_fields(self) -> list[tuple[str, str, str]]:
        """(key, label, text) of each canvas field, in reading order."""
        return [
            (key, str(label), str(self.canvas.get(key, ""))) for key, label, _help in CANVAS_FIELDS.get(self.kind, [])
        ]


def result_file_path(instance: ResultFile, filename: str) -> str:
    """A random name: files of draft results must not be found by guessing their address (the app
    serves them itself, after checking who asks; the original name is kept in ``original_name``)."""
    suffix = Path(filename).suffix.lower()[:10]
    return f"results/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class ResultFile(models.Model):
    """A file attached to a result, checked by its content on upload (kosilab.core.uploads)."""

    result = models.ForeignKey(Result, verbose_name=_("result"), on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("file"), upload_to=result_file_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    description = models.CharField(_("description"), max_length=300, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"))
    content_type = models.CharField(_("type"), max_length=120)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("result file")
        verbose_name_plural = _("result files")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("results:download", args=[self.pk])
