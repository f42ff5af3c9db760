"""Models of the research app: one row per research export a person asked for.

The export is built by a background task (at scale 1 the whole installation takes about a minute)
and written to the default storage under ``research-exports/``; its row says whose it is, what it
holds and until when it can be downloaded. Only the person who asked for it may download it, while
they still may export that lab, and only for ``DOWNLOAD_DAYS``; then the file is deleted.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

DOWNLOAD_DAYS = 7


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("waiting")
    RUNNING = "running", _("being built")
    READY = "ready", _("ready")
    FAILED = "failed", _("failed")
    EXPIRED = "expired", _("expired")


class ResearchExport(models.Model):
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="research_exports",
    )
    lab = models.ForeignKey(
        "labs.Lab",
        verbose_name=_("lab"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="research_exports",
        help_text=_("Empty: every lab of the installation."),
    )
    start = models.DateField(_("from"), null=True, blank=True)
    end = models.DateField(_("until"), null=True, blank=True)
    free_text = models.BooleanField(_("free text"), default=False)
    stable_pseudonyms = models.BooleanField(_("stable pseudonyms"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    stored_file = models.CharField(max_length=200, blank=True, editable=False)
    download_filename = models.CharField(max_length=200, blank=True, editable=False)
    size = models.PositiveBigIntegerField(_("size in bytes"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64, blank=True)
    row_counts = models.JSONField(_("rows per table"), default=dict, blank=True)

    class Meta:
        verbose_name = _("research export")
        verbose_name_plural = _("research exports")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start__isnull=True)
                | models.Q(end__isnull=True)
                | models.Q(end__gte=models.F("start")),
                name="research_export_window_in_order",
            )
        ]

    def __str__(self) -> str:
        return str(_("Research export %(number)s") % {"number": self.pk})

    @property
    def expires_at(self) -> datetime | None:
        return self.finished_at + timedelta(days=DOWNLOAD_DAYS) if self.finished_at else None
