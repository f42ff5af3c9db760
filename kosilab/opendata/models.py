"""Models of the opendata app: one row per build of the open data dump.

The dump itself is a zip file in the default storage under ``open-data/``; the row says which file is
the current one (the newest build that succeeded), the moment its data was read, its size and checksum.
A file is published only by the row of its build turning ``succeeded`` in one transaction, so a
visitor never gets a half-written dump, and a failed build leaves the previous one in place.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class BuildStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    SUCCEEDED = "succeeded", _("published")
    UNCHANGED = "unchanged", _("data unchanged")
    FAILED = "failed", _("failed")


class BuildTrigger(models.TextChoices):
    SCHEDULE = "schedule", _("schedule")
    REQUEST = "request", _("on request")


ACTIVE_STATUSES = (BuildStatus.QUEUED, BuildStatus.RUNNING)


class DumpBuild(models.Model):
    """One build of the dump: queued (on request) or run at once (schedule), then published, found
    unchanged (the data is the same as the current dump's, nothing is written) or failed."""

    trigger = models.CharField(_("trigger"), max_length=10, choices=BuildTrigger.choices)
    status = models.CharField(_("status"), max_length=10, choices=BuildStatus.choices, default=BuildStatus.QUEUED)
    # True while queued or running; unique among the true ones, so there is never a second active build.
    active = models.BooleanField(default=True, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    data_date = models.DateTimeField(_("date of the data"), null=True, blank=True)
    file_name = models.CharField(_("file"), max_length=200, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64, blank=True)
    # The SHA-256 of the data files alone (not of datapackage.json, which names the moment of the build):
    # the schedule compares it with the current dump's and writes nothing when the data is the same.
    content_hash = models.CharField(max_length=64, blank=True, editable=False)
    row_counts = models.JSONField(_("rows per table"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("open data build")
        verbose_name_plural = _("open data builds")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["active"], condition=Q(active=True), name="opendata_one_active_build"),
            models.CheckConstraint(
                condition=Q(active=False) | Q(status__in=[s.value for s in ACTIVE_STATUSES]),
                name="opendata_active_means_queued_or_running",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_trigger_display()} {self.requested_at:%Y-%m-%d %H:%M} ({self.get_status_display()})"
