"""Session plans (Ablaufplan): the agenda of one meeting of a lab process, block by block.

A session belongs to a process (``is_template=False``) or is a template of a lab
(``is_template=True``, no process, no date). A session may be the plan of an event of its lab
(``event``; the event's page shows the agenda to the lab's team, see ``contributions``).

Start times are not stored: block *i* starts at the session's start plus the minutes of the blocks
before it (``selectors.agenda``). Positions are unique per session; ``services`` renumbers them
inside one transaction without ever breaking the constraint.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kosilab.core.models import TimeStampedModel

MIN_BLOCK_MINUTES = 5
MAX_BLOCK_MINUTES = 600
MIN_SLOT_MINUTES = 15
MAX_SLOT_MINUTES = 14 * 60
MAX_BLOCKS = 60


class Session(TimeStampedModel):
    lab = models.ForeignKey(
        "labs.Lab", verbose_name=_("lab"), on_delete=models.CASCADE, related_name="planning_sessions"
    )
    process = models.ForeignKey(
        "processes.Process",
        verbose_name=_("lab process"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="planning_sessions",
    )
    # The event this session is the plan of (optional; an event of the same lab, checked in services).
    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="planning_sessions",
        help_text=_("The event of the lab this session is the plan of."),
    )
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"), null=True, blank=True)
    starts_at = models.TimeField(_("starts at"), default=datetime.time(10))
    slot_minutes = models.PositiveSmallIntegerField(
        _("time available (minutes)"), default=180, help_text=_("How long the room and the people are there.")
    )
    room = models.ForeignKey(
        "rooms.Room", verbose_name=_("room"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    booking = models.ForeignKey(
        "rooms.Booking",
        verbose_name=_("booking"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="planning_sessions",
    )
    is_template = models.BooleanField(_("template"), default=False)
    template_name = models.CharField(_("name of the template"), max_length=150, blank=True)
    notes = models.TextField(_("notes"), blank=True, max_length=4000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField(_("team invited"), null=True, blank=True)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)  # stable iCal UID
    sequence = models.PositiveIntegerField(default=0, editable=False)  # iCal SEQUENCE, raised on each change

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["date", "starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_template=True, process__isnull=True, date__isnull=True)
                | Q(is_template=False, process__isnull=False, date__isnull=False),
                name="planning_session_template_or_dated",
            ),
            models.CheckConstraint(
                condition=Q(slot_minutes__gte=MIN_SLOT_MINUTES, slot_minutes__lte=MAX_SLOT_MINUTES),
                name="planning_session_slot_minutes",
            ),
        ]
        indexes = [models.Index(fields=["lab", "is_template"], name="planning_session_lab_template")]

    def __str__(self) -> str:
        return self.template_name or self.title if self.is_template else self.title

    def get_absolute_url(self) -> str:
        return reverse("planning:session_detail", args=[self.pk])


class Block(models.Model):
    """One part of a session: a method from the library or a free block (break, welcome, ...)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="blocks")
    position = models.IntegerField(pgettext_lazy("order", "position"))
    method = models.ForeignKey(
        "methods.Method",
        verbose_name=_("method"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="planning_blocks",
    )
    title = models.CharField(_("title"), max_length=200)
    minutes = models.PositiveSmallIntegerField(_("minutes"))
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    responsible_name = models.CharField(
        _("responsible (name)"), max_length=150, blank=True, help_text=_("If the person has no account here.")
    )
    notes = models.TextField(_("notes"), blank=True, max_length=2000)
    materials = models.TextField(_("further materials"), blank=True, max_length=2000, help_text=_("One item per line."))

    class Meta:
        verbose_name = _("block")
        verbose_name_plural = _("blocks")
        ordering = ["session", "position"]
        constraints = [
            models.UniqueConstraint(fields=["session", "position"], name="planning_block_unique_position"),
            models.CheckConstraint(
                condition=Q(minutes__gte=MIN_BLOCK_MINUTES, minutes__lte=MAX_BLOCK_MINUTES),
                name="planning_block_minutes",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def responsible_label(self) -> str:
        if self.responsible_id is not None and self.responsible is not None:
            return self.responsible.name or self.responsible_name
        return self.responsible_name

    @property
    def own_materials(self) -> list[str]:
        return [line.strip() for line in self.materials.splitlines() if line.strip()]
