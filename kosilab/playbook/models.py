"""What a lab has written, ticked and scored in its playbook. The structure itself is in content.py;
rows here refer to it by its stable keys."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kosilab.playbook.content import SCORE_MAX, SCORE_MIN

NOTES_MAX = 5000
NAME_MAX = 150


class Playbook(models.Model):
    """One lab's playbook, created by the first write (see services.playbook_get_or_create)."""

    lab = models.OneToOneField("labs.Lab", verbose_name=_("lab"), on_delete=models.CASCADE, related_name="playbook")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("playbook")
        verbose_name_plural = _("playbooks")
        ordering = ["lab__name", "id"]

    def __str__(self) -> str:
        return str(_("Playbook of %(lab)s") % {"lab": self.lab})

    def get_absolute_url(self) -> str:
        return reverse("playbook:overview", args=[self.lab.slug])


class BlockStatus(models.TextChoices):
    OPEN = "open", _("open")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")


class BlockState(models.Model):
    """A lab's notes, responsible person and status for one building block."""

    playbook = models.ForeignKey(Playbook, on_delete=models.CASCADE, related_name="blocks")
    block_key = models.CharField(_("building block"), max_length=60)
    notes = models.TextField(_("notes"), blank=True, max_length=NOTES_MAX)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    responsible_name = models.CharField(_("responsible (free text)"), max_length=NAME_MAX, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=BlockStatus.choices, default=BlockStatus.OPEN)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("building block state")
        verbose_name_plural = _("building block states")
        ordering = ["playbook", "block_key"]
        constraints = [
            models.UniqueConstraint(fields=["playbook", "block_key"], name="playbook_block_unique_key"),
            models.CheckConstraint(
                condition=models.Q(status__in=BlockStatus.values), name="playbook_block_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.block_key

    @property
    def responsible_display(self) -> str:
        """Who is responsible: the team member (needs ``responsible`` loaded) and/or the free text."""
        names = [self.responsible.name or self.responsible.email] if self.responsible else []
        return ", ".join([*names, *([self.responsible_name] if self.responsible_name else [])])


class ChecklistState(models.Model):
    """Whether a lab has ticked one checklist item, and who ticked it when."""

    playbook = models.ForeignKey(Playbook, on_delete=models.CASCADE, related_name="checklist")
    item_key = models.CharField(_("checklist item"), max_length=60)
    done = models.BooleanField(_("done"), default=False)
    done_at = models.DateTimeField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ticked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("checklist state")
        verbose_name_plural = _("checklist states")
        ordering = ["playbook", "item_key"]
        constraints = [models.UniqueConstraint(fields=["playbook", "item_key"], name="playbook_checklist_unique_key")]

    def __str__(self) -> str:
        return f"{self.item_key}: {'x' if self.done else '-'}"


class Assessment(models.Model):
    """A readiness self-assessment: a snapshot, kept as it was taken."""

    playbook = models.ForeignKey(Playbook, on_delete=models.CASCADE, related_name="assessments")
    taken_at = models.DateTimeField(_("taken on"), default=timezone.now, db_index=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("taken by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("readiness self-assessment")
        verbose_name_plural = _("readiness self-assessments")
        ordering = ["-taken_at", "-id"]

    def __str__(self) -> str:
        return f"{self.playbook_id} {self.taken_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("playbook:assessment", args=[self.playbook.lab.slug, self.pk])


class AssessmentAnswer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question_key = models.CharField(_("question"), max_length=60)
    score = models.PositiveSmallIntegerField(_("score"))

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["assessment", "question_key"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "question_key"], name="playbook_answer_unique_question"),
            models.CheckConstraint(
                condition=models.Q(score__gte=SCORE_MIN, score__lte=SCORE_MAX), name="playbook_answer_score_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_key}: {self.score}"
