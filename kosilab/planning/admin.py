"""Admin for session plans. Positions and bookings change through the planner (services.py)."""

from django.contrib import admin

from kosilab.core.admin import AuditedAdmin
from kosilab.planning.models import Block, Session


class BlockInline(admin.TabularInline[Block, Session]):
    model = Block
    extra = 0
    fields = ["position", "title", "minutes", "method", "responsible", "responsible_name"]
    readonly_fields = ["position"]
    raw_id_fields = ["method", "responsible"]


@admin.register(Session)
class SessionAdmin(AuditedAdmin):
    list_display = ["title", "lab", "process", "date", "starts_at", "slot_minutes", "is_template"]
    list_filter = ["is_template", "lab"]
    search_fields = ["title", "template_name"]
    date_hierarchy = "date"
    raw_id_fields = ["process", "room", "booking", "created_by"]
    readonly_fields = ["uid", "sequence", "invited_at"]
    inlines = [BlockInline]
