from django.contrib import admin

from kosilab.core.admin import AuditedAdmin
from kosilab.processes.models import Milestone, PhaseTransition, Process, ProcessMember, ProcessPhase


class PhaseInline(admin.TabularInline[ProcessPhase, Process]):
    model = ProcessPhase
    extra = 0


class MemberInline(admin.TabularInline[ProcessMember, Process]):
    model = ProcessMember
    raw_id_fields = ["user", "organisation"]
    extra = 0


@admin.register(Process)
class ProcessAdmin(AuditedAdmin):
    list_display = ["title", "lab", "status", "visibility", "started_on"]
    list_filter = ["status", "visibility", "lab"]
    search_fields = ["title"]
    raw_id_fields = ["challenge"]
    # Phases move only through the service, which records who moved them and why.
    readonly_fields = ["current_phase"]
    inlines = [PhaseInline, MemberInline]


@admin.register(PhaseTransition)
class PhaseTransitionAdmin(AuditedAdmin):
    list_display = ["process", "from_phase", "to_phase", "by", "at"]
    raw_id_fields = ["process", "from_phase", "to_phase", "by"]


admin.site.register(Milestone, AuditedAdmin)
