"""Admin for playbooks. Changes here bypass the services (and their checks of keys and scores);
AuditedAdmin still logs them. Prefer the playbook pages."""

from django.contrib import admin

from kosilab.core.admin import AuditedAdmin
from kosilab.playbook.models import Assessment, AssessmentAnswer, BlockState, ChecklistState, Playbook


class BlockStateInline(admin.TabularInline[BlockState, Playbook]):
    model = BlockState
    extra = 0
    fields = ["block_key", "status", "responsible", "responsible_name", "updated_by", "updated_at"]
    readonly_fields = ["updated_by", "updated_at"]
    raw_id_fields = ["responsible"]


class ChecklistStateInline(admin.TabularInline[ChecklistState, Playbook]):
    model = ChecklistState
    extra = 0
    readonly_fields = ["done_at", "done_by"]


@admin.register(Playbook)
class PlaybookAdmin(AuditedAdmin):
    list_display = ["lab", "created_at"]
    search_fields = ["lab__name"]
    raw_id_fields = ["lab"]
    inlines = [BlockStateInline, ChecklistStateInline]


class AnswerInline(admin.TabularInline[AssessmentAnswer, Assessment]):
    model = AssessmentAnswer
    extra = 0


@admin.register(Assessment)
class AssessmentAdmin(AuditedAdmin):
    list_display = ["playbook", "taken_at", "taken_by"]
    list_filter = ["playbook__lab"]
    date_hierarchy = "taken_at"
    raw_id_fields = ["playbook", "taken_by"]
    inlines = [AnswerInline]
