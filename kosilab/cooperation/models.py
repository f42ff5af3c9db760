"""Models of the cooperation app: the stored result of a network analysis that ran in the background.

The networks themselves are not stored: they are read from what the other apps record
(kosilab/cooperation/ties.py). An analysis that is too large to compute while a page waits (the
installation-wide network, a lab's network above a size) is computed by a task and kept here, for
its scope and the fingerprint of the data it was computed from, until the data changes.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kosilab.core.models import TimeStampedModel


class AnalysisStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class NetworkAnalysis(TimeStampedModel):
    """One analysis of one scope (``key``, a hash of the scope) on one state of the data
    (``fingerprint``): queued, running with its progress, done with its result, or failed."""

    key = models.CharField(_("scope"), max_length=64)
    fingerprint = models.CharField(_("state of the data"), max_length=64)
    description = models.CharField(_("what is analysed"), max_length=300, blank=True)
    # The scope as plain values (lab_id, start, end, kinds, nodes, public_only), for the task.
    scope = models.JSONField(_("scope"), default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=AnalysisStatus.choices, default=AnalysisStatus.QUEUED, db_index=True
    )
    progress = models.PositiveSmallIntegerField(_("progress in percent"), default=0)
    payload = models.JSONField(_("result"), default=dict, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("network analysis")
        verbose_name_plural = _("network analyses")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["key", "fingerprint"], name="cooperation_analysis_unique_state"),
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="cooperation_analysis_progress_max"),
        ]

    def __str__(self) -> str:
        return f"{self.description or self.key} ({self.get_status_display()})"
