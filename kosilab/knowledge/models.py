"""Profiles of labs: the case-study library and the labs run on this installation (docs/knowledge.md).

A ``LabProfile`` describes a lab on the facets of ``facets.py``. Case-study labs (``lab`` empty)
come from the versioned data files (``data/*.json``) and from reviewed proposals; a lab run on
this installation has one profile (``lab`` set) that its managers fill. Every fact carries its
sources, certainty and the date it was last checked (``facts``). Every change of a profile is kept
as a ``ProfileRevision`` with its author.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from kosilab.core.models import TimeStampedModel
from kosilab.knowledge.facets import (
    AUTONOMY,
    END_MODES,
    STAGES,
    STATUSES,
)

TEXT_MAX = 3000
SUMMARY_MAX = 2000


class LabProfile(TimeStampedModel):
    """A lab described on the facets: a case study of the library, or a lab run here (``lab``)."""

    slug = models.SlugField(_("short name in web addresses (URL)"), max_length=80, unique=True)
    lab = models.OneToOneField(
        "labs.Lab",
        verbose_name=_("lab on this platform"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="profile",
        help_text=_("Empty for a case-study lab of the library."),
    )
    name = models.CharField(_("name"), max_length=150)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166 code, e.g. DE."))
    website = models.URLField(_("website"), blank=True, max_length=300)

    summary_de = models.TextField(_("summary (German)"), blank=True, max_length=SUMMARY_MAX)
    summary_en = models.TextField(_("summary (English)"), blank=True, max_length=SUMMARY_MAX)

    # Lifecycle and end.
    founded = models.PositiveSmallIntegerField(_("founded (year)"), null=True, blank=True)
    ended = models.PositiveSmallIntegerField(_("ended (year)"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=STATUSES, default="active")
    end_mode = models.CharField(_("how it ended"), max_length=20, choices=END_MODES, blank=True)
    end_reasons = models.JSONField(_("why it ended"), default=list, blank=True)
    legacy_de = models.TextField(_("what survived it (German)"), blank=True, max_length=TEXT_MAX)
    legacy_en = models.TextField(_("what survived it (English)"), blank=True, max_length=TEXT_MAX)
    stage = models.CharField(_("lifecycle stage"), max_length=40, choices=STAGES, blank=True)

    # Position, host, level, mandate, autonomy.
    positions = models.JSONField(_("position relative to government"), default=list, blank=True)
    host_types = models.JSONField(_("host"), default=list, blank=True)
    host_de = models.TextField(_("host and legal form (German)"), blank=True, max_length=TEXT_MAX)
    host_en = models.TextField(_("host and legal form (English)"), blank=True, max_length=TEXT_MAX)
    levels = models.JSONField(_("level of government"), default=list, blank=True)
    mandate_de = models.TextField(_("mandate and sponsor (German)"), blank=True, max_length=TEXT_MAX)
    mandate_en = models.TextField(_("mandate and sponsor (English)"), blank=True, max_length=TEXT_MAX)
    term_bound = models.BooleanField(_("tied to a term of office"), null=True, blank=True)
    autonomy = models.CharField(_("autonomy"), max_length=10, choices=AUTONOMY, blank=True)

    # Resources.
    funding = models.JSONField(_("funding model"), default=list, blank=True)
    budget_de = models.TextField(_("annual budget (German)"), blank=True, max_length=TEXT_MAX)
    budget_en = models.TextField(_("annual budget (English)"), blank=True, max_length=TEXT_MAX)
    team_size = models.PositiveIntegerField(_("team size"), null=True, blank=True)
    team_de = models.TextField(_("team and disciplines (German)"), blank=True, max_length=TEXT_MAX)
    team_en = models.TextField(_("team and disciplines (English)"), blank=True, max_length=TEXT_MAX)
    has_space = models.BooleanField(_("has its own space"), null=True, blank=True)
    space_m2 = models.PositiveIntegerField(_("floor area (m²)"), null=True, blank=True)
    space_de = models.TextField(_("physical space (German)"), blank=True, max_length=TEXT_MAX)
    space_en = models.TextField(_("physical space (English)"), blank=True, max_length=TEXT_MAX)

    # Work.
    purposes = models.JSONField(_("purpose"), default=list, blank=True)
    method_families = models.JSONField(_("methods"), default=list, blank=True)
    methods = models.ManyToManyField(
        "methods.Method", verbose_name=_("methods of the library"), blank=True, related_name="lab_profiles"
    )
    themes = models.JSONField(_("themes"), default=list, blank=True)
    sectors = models.JSONField(_("sectors involved"), default=list, blank=True)
    impact_de = models.TextField(_("evidence of impact (German)"), blank=True, max_length=TEXT_MAX)
    impact_en = models.TextField(_("evidence of impact (English)"), blank=True, max_length=TEXT_MAX)
    projects_de = models.TextField(_("notable projects (German)"), blank=True, max_length=TEXT_MAX)
    projects_en = models.TextField(_("notable projects (English)"), blank=True, max_length=TEXT_MAX)

    # Per fact (keys of facets.FACTS): {"sources": [url, …], "certainty": key of CERTAINTIES,
    # "checked": "YYYY-MM-DD", "note_de": "…", "note_en": "…"}.
    facts = models.JSONField(_("sources and certainty per fact"), default=dict, blank=True)
    # Playbook readiness dimensions (playbook.content.DIMENSIONS keys) this case illustrates,
    # each with a short note: {"political_backing": {"de": "…", "en": "…"}, …}.
    illustrates = models.JSONField(_("readiness topics it illustrates"), default=dict, blank=True)

    # Maintained by the services for the full-text search (both languages in each, so that a
    # German word also finds a profile written only in English).
    search_de = models.TextField(editable=False, blank=True, default="")
    search_en = models.TextField(editable=False, blank=True, default="")
    # Fingerprint of the data-file entry last loaded (library.py): a reload that finds the same
    # entry leaves reviewed edits alone.
    source_hash = models.CharField(max_length=64, editable=False, blank=True, default="")
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("lab profile")
        verbose_name_plural = _("lab profiles")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended__isnull=True) | Q(founded__isnull=True) | Q(ended__gte=models.F("founded")),
                name="knowledge_profile_ended_after_founded",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("knowledge:profile", args=[self.slug])

    @property
    def is_case_study(self) -> bool:
        return self.lab_id is None

    def text(self, field: str, language: str | None = None) -> str:
        """A text in the reader's language, or in the other one when it exists only there."""
        language = (language or translation.get_language() or "de")[:2]
        order = ("de", "en") if language == "de" else ("en", "de")
        for code in order:
            value: Any = getattr(self, f"{field}_{code}")
            if value:
                return str(value)
        return ""


class RelationKind(models.TextChoices):
    PARTNER = "partner", _("partner")
    ROLE_MODEL = "role_model", _("role model")


class LabRelation(TimeStampedModel):
    """A lab of this platform marks another lab (case study or hosted) as partner or role model."""

    lab = models.ForeignKey("labs.Lab", verbose_name=_("lab"), on_delete=models.CASCADE, related_name="relations")
    target = models.ForeignKey(
        LabProfile, verbose_name=_("other lab"), on_delete=models.CASCADE, related_name="marked_by"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=RelationKind.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("relation between labs")
        verbose_name_plural = _("relations between labs")
        ordering = ["lab__name", "kind", "target__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["lab", "target", "kind"], name="knowledge_relation_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.lab} → {self.target} ({self.get_kind_display()})"


class RevisionSource(models.TextChoices):
    DATA_FILE = "data_file", _("data file")
    EDIT = "edit", _("edit")
    PROPOSAL = "proposal", _("accepted proposal")
    CHECK = "check", _("facts checked")


class ProfileRevision(models.Model):
    """One version of a profile: the whole profile after a change, who made it and why."""

    profile = models.ForeignKey(LabProfile, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("version"))
    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField(_("kind of change"), max_length=20, choices=RevisionSource.choices)
    changed = models.JSONField(_("changed facts"), default=list, blank=True)
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    data = models.JSONField(_("profile after the change"), default=dict)
    proposal = models.ForeignKey(
        "ProfileProposal", null=True, blank=True, on_delete=models.SET_NULL, related_name="revisions"
    )

    class Meta:
        verbose_name = _("profile version")
        verbose_name_plural = _("profile versions")
        ordering = ["profile", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "number"], name="knowledge_revision_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.profile} v{self.number}"


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("waiting for review")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")


class ProfileProposal(TimeStampedModel):
    """Lab staff propose a new case-study lab (``profile`` empty) or an edit; platform admins review."""

    profile = models.ForeignKey(LabProfile, null=True, blank=True, on_delete=models.CASCADE, related_name="proposals")
    lab = models.ForeignKey(
        "labs.Lab",
        verbose_name=_("proposed on behalf of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    data = models.JSONField(_("proposed values"), default=dict)
    sources = models.TextField(_("sources"), max_length=3000, help_text=_("One web address or reference per line."))
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    base_version = models.PositiveIntegerField(_("version proposed against"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_note = models.TextField(_("note of the review"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("proposal for a lab profile")
        verbose_name_plural = _("proposals for lab profiles")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return str(self.profile or self.data.get("name", "?"))
