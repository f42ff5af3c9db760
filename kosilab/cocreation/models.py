"""Co-creation: ideas on a challenge or a process phase, comments with one level of replies,
support (one per person) and the lab's moderation (reports, hiding, official answers)."""

from __future__ import annotations

from typing import TypeAlias

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kosilab.challenges.models import Challenge
from kosilab.core.maps import coordinates_constraint, latitude_field, longitude_field
from kosilab.core.models import TimeStampedModel
from kosilab.processes.models import ProcessPhase

# Where ideas are collected: a challenge, or one phase of a lab process.
Place: TypeAlias = Challenge | ProcessPhase


class IdeaStatus(models.TextChoices):
    NEW = "new", _("New")
    EXAMINED = "examined", _("Being examined")
    PROTOTYPE = "prototype", _("Taken into the prototype")
    NOT_PURSUED = "not_pursued", _("Not pursued")
    IMPLEMENTED = "implemented", _("Implemented")


class Idea(TimeStampedModel):
    """An idea on a challenge or on one phase of a process (exactly one of both)."""

    challenge = models.ForeignKey(
        "challenges.Challenge",
        verbose_name=_("challenge"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="ideas",
    )
    phase = models.ForeignKey(
        "processes.ProcessPhase",
        verbose_name=_("phase"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="ideas",
    )
    # Denormalised from the challenge or the phase's process: moderation and permissions by lab.
    lab = models.ForeignKey("labs.Lab", verbose_name=_("lab"), on_delete=models.CASCADE, related_name="ideas")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ideas",
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), max_length=5000)
    image = models.ImageField(_("image"), upload_to="ideas/%Y/%m/", blank=True)
    address = models.CharField(_("place (address)"), max_length=300, blank=True)
    latitude = latitude_field()  # the place the idea is about, for maps (docs/maps.md)
    longitude = longitude_field()
    status = models.CharField(
        _("status"), max_length=20, choices=IdeaStatus.choices, default=IdeaStatus.NEW, db_index=True
    )
    official_answer = models.TextField(_("answer of the lab"), max_length=5000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    hidden = models.BooleanField(_("hidden by the lab"), default=False)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=500, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_at = models.DateTimeField(null=True, blank=True)
    deleted = models.BooleanField(_("deleted by its author"), default=False)
    support_count = models.PositiveIntegerField(_("supporters"), default=0)
    comment_count = models.PositiveIntegerField(_("comments"), default=0)

    class Meta:
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        ordering = ["-created_at", "-id"]
        indexes = [
            # Every sort of the idea list (cocreation/selectors.SORTS) walks one of these by keyset.
            models.Index(fields=["challenge", "created_at", "id"], name="cocreation_idea_ch_new_idx"),
            models.Index(fields=["challenge", "support_count", "created_at", "id"], name="cocreation_idea_ch_sup_idx"),
            models.Index(fields=["challenge", "comment_count", "created_at", "id"], name="cocreation_idea_ch_com_idx"),
            models.Index(fields=["phase", "created_at", "id"], name="cocreation_idea_ph_new_idx"),
            models.Index(fields=["phase", "support_count", "created_at", "id"], name="cocreation_idea_ph_sup_idx"),
            models.Index(fields=["phase", "comment_count", "created_at", "id"], name="cocreation_idea_ph_com_idx"),
            # /media/ideas/… finds the idea that names an image (kosilab.core.views.media).
            models.Index(fields=["image"], condition=~models.Q(image=""), name="cocreation_idea_image_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(challenge__isnull=False, phase__isnull=True)
                | Q(challenge__isnull=True, phase__isnull=False),
                name="cocreation_idea_one_place",
            ),
            models.CheckConstraint(
                condition=Q(support_count__gte=0) & Q(comment_count__gte=0), name="cocreation_idea_counts_positive"
            ),
            coordinates_constraint("cocreation_idea_coordinates"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("cocreation:detail", args=[self.pk])


class Comment(models.Model):
    """A comment on an idea, or a reply to a top-level comment (one level only)."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies", verbose_name=_("reply to")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="idea_comments"
    )
    text = models.TextField(_("comment"), max_length=3000)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    hidden = models.BooleanField(_("hidden by the lab"), default=False)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=500, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_at = models.DateTimeField(null=True, blank=True)
    deleted = models.BooleanField(_("deleted by its author"), default=False)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]
        # The top comments of an idea, a page at a time by keyset. Partial: PostgreSQL does not read an
        # index on (idea, parent, created, id) in order for "parent IS NULL" (not an equality).
        indexes = [
            models.Index(
                fields=["idea", "created_at", "id"], condition=Q(parent__isnull=True), name="cocreation_comment_top_idx"
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def lab_id(self) -> int:
        return self.idea.lab_id


class Support(models.Model):
    """One person supports one idea, once."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="idea_supports")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [models.UniqueConstraint(fields=["idea", "user"], name="cocreation_support_once")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.idea_id}"


class Report(models.Model):
    """Someone tells the lab that an idea or a comment breaks the rules. One open report per
    person and item."""

    lab = models.ForeignKey("labs.Lab", on_delete=models.CASCADE, related_name="+")
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="reports")
    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="idea_reports"
    )
    reason = models.TextField(_("what is wrong with it?"), max_length=2000)
    created_at = models.DateTimeField(_("reported"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["lab", "resolved_at", "created_at"], name="cocreation_report_open_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "idea"],
                condition=Q(comment__isnull=True, resolved_at__isnull=True),
                name="cocreation_report_open_idea_once",
            ),
            models.UniqueConstraint(
                fields=["reporter", "comment"],
                condition=Q(comment__isnull=False, resolved_at__isnull=True),
                name="cocreation_report_open_comment_once",
            ),
        ]

    def __str__(self) -> str:
        return self.reason[:60]
