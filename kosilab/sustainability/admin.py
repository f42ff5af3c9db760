from django.contrib import admin

from kosilab.core.admin import AuditedAdmin, ReadOnlyAdmin
from kosilab.sustainability.models import Funding, InheritedArchive, Mandate, RenewalDecision, Sponsor, WarningMail


@admin.register(Mandate)
class MandateAdmin(AuditedAdmin):
    list_display = ["title", "lab", "kind", "starts_on", "ends_on", "term_ends_on"]
    list_filter = ["kind", "tied_to_term"]
    search_fields = ["title", "issued_by", "lab__name"]
    raw_id_fields = ["lab"]


@admin.register(Sponsor)
class SponsorAdmin(AuditedAdmin):
    list_display = ["__str__", "lab", "role", "since", "until"]
    list_filter = ["role"]
    raw_id_fields = ["lab", "organisation"]


@admin.register(Funding)
class FundingAdmin(AuditedAdmin):
    list_display = ["__str__", "lab", "amount_per_year", "currency", "starts_on", "ends_on"]
    search_fields = ["funder", "programme", "lab__name"]
    raw_id_fields = ["lab", "funder_organisation"]


@admin.register(RenewalDecision)
class RenewalDecisionAdmin(ReadOnlyAdmin):
    """Decisions move their record's end: they are recorded in the application (services), read here."""

    list_display = ["decided_on", "lab", "mandate", "funding", "outcome", "new_ends_on"]
    list_filter = ["outcome"]


@admin.register(WarningMail)
class WarningMailAdmin(ReadOnlyAdmin):
    list_display = ["sent_at", "lab", "kind", "record_id", "due_on", "threshold_days", "recipients"]
    list_filter = ["kind", "threshold_days"]


@admin.register(InheritedArchive)
class InheritedArchiveAdmin(ReadOnlyAdmin):
    list_display = ["imported_at", "lab", "predecessor", "predecessor_city", "format_version"]
