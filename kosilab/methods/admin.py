from django.contrib import admin

from kosilab.core.admin import AuditedAdmin
from kosilab.methods.models import Method


@admin.register(Method)
class MethodAdmin(AuditedAdmin):
    list_display = ["slug", "title_de", "title_en", "lab", "group_min", "group_max", "duration_min", "difficulty"]
    list_filter = ["difficulty", "online", "offline", ("lab", admin.EmptyFieldListFilter), "lab"]
    search_fields = ["slug", "title_de", "title_en"]
    raw_id_fields = ["based_on", "created_by"]
    readonly_fields = ["created_at", "updated_at"]
