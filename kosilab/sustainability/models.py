"""The sustainability watch (Verstetigung of the lab itself): who gave the lab its mandate, who
sponsors and funds it, until when, and what was decided when an end came near.

Labs rarely end because their work fails; they end when a sponsor changes course, a term of office
ends or a pilot's funding runs out. These records let a lab see those ends coming
(``selectors.lab_warnings``), and the mails in ``services.warnings_send_due`` tell its managers in
time. ``InheritedArchive`` keeps what a predecessor lab handed on (its legacy archive).

Dates in order, amounts not negative and one target per renewal decision are database constraints.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kosilab.core.models import TimeStampedModel
from kosilab.core.validators import validate_plausible_date


class MandateKind(models.TextChoices):
    COUNCIL_DECISION = "council_decision", _("Council decision")
    EXECUTIVE_DECISION = "executive_decision", _("Decision of the mayor or the administration's leadership")
    CONTRACT = "contract", _("Contract or agreement")
    FUNDING_NOTICE = "funding_notice", _("Funding notice")
    STATUTES = "statutes", _("Statutes of the host organisation")
    OTHER = "other", _("Other")


class Mandate(TimeStampedModel):
    """Who gave the lab its mandate, in which form, from when until when, and to whom it reports."""

    lab = models.ForeignKey(
        "labs.Lab", verbose_name=_("lab"), on_delete=models.CASCADE, related_name="sustainability_mandates"
    )
    title = models.CharField(
        _("title"), max_length=200, help_text=_("For example: Council decision to set up the lab.")
    )
    issued_by = models.CharField(
        _("given by"),
        max_length=200,
        help_text=_("The body or office that gave the mandate, e.g. the city council or the Lord Mayor's office."),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=MandateKind.choices, default=MandateKind.COUNCIL_DECISION)
    starts_on = models.DateField(_("from"), validators=[validate_plausible_date])
    ends_on = models.DateField(
        _("until"),
        null=True,
        blank=True,
        validators=[validate_plausible_date],
        help_text=_("Leave empty if the mandate has no end date."),
    )
    tied_to_term = models.BooleanField(
        _("tied to a term of office"),
        default=False,
        help_text=_("The mandate depends on a mayor, a council or a government whose term ends."),
    )
    term_ends_on = models.DateField(
        _("the term of office ends on"), null=True, blank=True, validators=[validate_plausible_date]
    )
    reporting_line = models.CharField(
        _("reports to"), max_length=300, blank=True, help_text=_("For example: the committee for economic affairs.")
    )
    document_reference = models.CharField(
        _("document reference"), max_length=300, blank=True, help_text=_("Number of the decision, file or contract.")
    )
    note = models.TextField(_("note"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="sustainability_mandate_dates_in_order",
            ),
            models.CheckConstraint(
                condition=Q(tied_to_term=False, term_ends_on__isnull=True)
                | Q(tied_to_term=True, term_ends_on__isnull=False),
                name="sustainability_mandate_term_has_end",
            ),
            models.CheckConstraint(
                condition=Q(term_ends_on__isnull=True) | Q(term_ends_on__gte=F("starts_on")),
                name="sustainability_mandate_term_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(title="") & ~Q(issued_by=""), name="sustainability_mandate_title_and_issuer"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class SponsorRole(models.TextChoices):
    POLITICAL = "political", _("Political sponsor")
    HOST = "host", _("Host organisation")
    PATRON = "patron", _("Patron")
    PARTNER = "partner", _("Strategic partner")
    OTHER = "other", _("Other")


class Sponsor(TimeStampedModel):
    """An organisation that carries the lab (politically, as its host, as a partner), not necessarily with money."""

    lab = models.ForeignKey(
        "labs.Lab", verbose_name=_("lab"), on_delete=models.CASCADE, related_name="sustainability_sponsors"
    )
    organisation = models.ForeignKey(
        "actors.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    label = models.CharField(
        _("or its name"),
        max_length=200,
        blank=True,
        help_text=_("If the organisation is not in the list, e.g. a department of the administration."),
    )
    role = models.CharField(_("role"), max_length=20, choices=SponsorRole.choices, default=SponsorRole.POLITICAL)
    since = models.DateField(_("since"), null=True, blank=True, validators=[validate_plausible_date])
    until = models.DateField(_("until"), null=True, blank=True, validators=[validate_plausible_date])
    note = models.TextField(_("note"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("sponsor")
        verbose_name_plural = _("sponsors")
        ordering = ["role", "label", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | ~Q(label=""), name="sustainability_sponsor_named"
            ),
            models.CheckConstraint(
                condition=Q(since__isnull=True) | Q(until__isnull=True) | Q(until__gte=F("since")),
                name="sustainability_sponsor_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The free-text name, else the organisation's (needs ``organisation`` loaded)."""
        return self.label or (self.organisation.name if self.organisation else "")


CURRENCIES = ("EUR", "CHF", "GBP", "DKK", "SEK", "NOK", "PLN", "CZK", "USD")


class Funding(TimeStampedModel):
    """Money the lab lives on: who pays, from which programme, how much a year, from when until when."""

    lab = models.ForeignKey(
        "labs.Lab", verbose_name=_("lab"), on_delete=models.CASCADE, related_name="sustainability_funding"
    )
    funder_organisation = models.ForeignKey(
        "actors.Organisation",
        verbose_name=_("funder"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    funder = models.CharField(
        _("or the funder's name"),
        max_length=200,
        blank=True,
        help_text=_("If the funder is not in the list, e.g. a federal ministry or the city's budget."),
    )
    programme = models.CharField(
        _("programme"), max_length=200, blank=True, help_text=_("For example: ESF Plus, a federal research programme.")
    )
    amount_per_year = models.DecimalField(_("amount per year"), max_digits=12, decimal_places=2, null=True, blank=True)
    currency = models.CharField(
        _("currency"), max_length=3, choices=[(code, code) for code in CURRENCIES], default="EUR"
    )
    budget_share = models.DecimalField(
        _("share of the lab's budget (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("If you know it: how much of the lab's budget this funding makes up."),
    )
    starts_on = models.DateField(_("from"), validators=[validate_plausible_date])
    ends_on = models.DateField(
        _("until"),
        null=True,
        blank=True,
        validators=[validate_plausible_date],
        help_text=_("Leave empty for funding without an end date, e.g. a permanent budget line."),
    )
    note = models.TextField(_("note"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("funding")
        verbose_name_plural = _("funding")
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="sustainability_funding_dates_in_order",
            ),
            models.CheckConstraint(
                condition=Q(amount_per_year__isnull=True) | Q(amount_per_year__gte=0),
                name="sustainability_funding_amount_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(budget_share__isnull=True) | Q(budget_share__gte=0, budget_share__lte=100),
                name="sustainability_funding_share_is_a_percentage",
            ),
            models.CheckConstraint(condition=Q(currency__in=CURRENCIES), name="sustainability_funding_currency"),
            models.CheckConstraint(
                condition=Q(funder_organisation__isnull=False) | ~Q(funder=""), name="sustainability_funding_funder"
            ),
        ]

    def __str__(self) -> str:
        return " – ".join(part for part in (self.funder_display, self.programme) if part)

    @property
    def funder_display(self) -> str:
        """The free-text name, else the organisation's (needs ``funder_organisation`` loaded)."""
        return self.funder or (self.funder_organisation.name if self.funder_organisation else "")

    @property
    def funder_key(self) -> tuple[str, str]:
        """Who pays, for counting a funder's share: the organisation, else the name (any case, spaces)."""
        if self.funder_organisation_id is not None:
            return ("organisation", str(self.funder_organisation_id))
        return ("name", " ".join(self.funder.split()).casefold())


class Outcome(models.TextChoices):
    RENEWED = "renewed", _("Renewed")
    EXTENDED = "extended", _("Extended")
    ENDED = "ended", _("Ended")
    PENDING = "pending", _("Pending")


class RenewalDecision(models.Model):
    """What was decided about a mandate or a funding record as its end came near.

    A renewal or extension moves the record's end to ``new_ends_on`` (the end before is kept in
    ``previous_ends_on``); an end closes the record; a pending decision changes nothing yet.
    """

    lab = models.ForeignKey("labs.Lab", verbose_name=_("lab"), on_delete=models.CASCADE, related_name="+")
    mandate = models.ForeignKey(
        Mandate, verbose_name=_("mandate"), null=True, blank=True, on_delete=models.CASCADE, related_name="decisions"
    )
    funding = models.ForeignKey(
        Funding, verbose_name=_("funding"), null=True, blank=True, on_delete=models.CASCADE, related_name="decisions"
    )
    decided_on = models.DateField(_("decided on"), validators=[validate_plausible_date])
    decided_by = models.CharField(_("decided by"), max_length=200, help_text=_("The body or office that decided."))
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    new_ends_on = models.DateField(
        _("new end"),
        null=True,
        blank=True,
        validators=[validate_plausible_date],
        help_text=_("Required for an extension. Empty for a renewal without an end date."),
    )
    previous_ends_on = models.DateField(_("end before the decision"), null=True, blank=True, editable=False)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("renewal decision")
        verbose_name_plural = _("renewal decisions")
        ordering = ["decided_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(mandate__isnull=False, funding__isnull=True)
                | Q(mandate__isnull=True, funding__isnull=False),
                name="sustainability_decision_one_record",
            ),
            models.CheckConstraint(
                condition=~Q(outcome=Outcome.EXTENDED) | Q(new_ends_on__isnull=False),
                name="sustainability_decision_extension_has_end",
            ),
            models.CheckConstraint(
                condition=~Q(outcome=Outcome.PENDING) | Q(new_ends_on__isnull=True),
                name="sustainability_decision_pending_has_no_end",
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=Outcome.values), name="sustainability_decision_outcome_valid"
            ),
            models.CheckConstraint(condition=~Q(decided_by=""), name="sustainability_decision_decided_by"),
        ]

    def __str__(self) -> str:
        return f"{self.decided_on}: {self.get_outcome_display()}"

    @property
    def record(self) -> Mandate | Funding | None:
        return self.mandate if self.mandate_id is not None else self.funding


class WarningKind(models.TextChoices):
    MANDATE_END = "mandate_end", _("Mandate ends")
    FUNDING_END = "funding_end", _("Funding ends")
    TERM_END = "term_end", _("Term of office ends")


class WarningMail(models.Model):
    """That the managers of a lab were mailed about one end (of a record, at one threshold).

    The unique constraint is the "exactly once": the sender writes this row and the mails in one
    transaction, so of two workers (or a retry) only one gets past the insert. A new end (after a
    renewal) is a new ``due_on``, so its thresholds are mailed again.
    """

    lab = models.ForeignKey("labs.Lab", verbose_name=_("lab"), on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=WarningKind.choices)
    record_id = models.PositiveBigIntegerField(_("record"))
    due_on = models.DateField(_("end date"))
    threshold_days = models.PositiveSmallIntegerField(
        _("days ahead"), help_text=_("0: the end has passed without a decision.")
    )
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    recipients = models.PositiveSmallIntegerField(_("number of recipients"), default=0)

    class Meta:
        verbose_name = _("warning mail")
        verbose_name_plural = _("warning mails")
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "record_id", "due_on", "threshold_days"], name="sustainability_warning_mail_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.record_id} {self.due_on} −{self.threshold_days}"


class InheritedArchive(models.Model):
    """A predecessor lab's legacy archive, loaded by a successor: read-only knowledge, shown on the
    successor's legacy page. Its methods became the successor's own methods (``methods``)."""

    lab = models.ForeignKey(
        "labs.Lab", verbose_name=_("lab"), on_delete=models.CASCADE, related_name="inherited_archives"
    )
    digest = models.CharField(_("fingerprint"), max_length=64, help_text=_("SHA-256 of the archive's content."))
    predecessor = models.CharField(_("predecessor lab"), max_length=200)
    predecessor_city = models.CharField(_("city"), max_length=100, blank=True)
    format_version = models.PositiveSmallIntegerField(_("format version"))
    exported_at = models.DateTimeField(_("exported"))
    imported_at = models.DateTimeField(_("loaded"), auto_now_add=True)
    content = models.JSONField(_("content"), default=dict)
    methods = models.ManyToManyField(
        "methods.Method", verbose_name=_("methods taken over"), blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("inherited archive")
        verbose_name_plural = _("inherited archives")
        ordering = ["-imported_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["lab", "digest"], name="sustainability_archive_once_per_lab")]

    def __str__(self) -> str:
        return self.predecessor
