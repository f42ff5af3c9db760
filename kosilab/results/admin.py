from django.contrib import admin

from kosilab.core.admin import AuditedAdmin
from kosilab.results.models import Result


@admin.register(Result)
class ResultAdmin(AuditedAdmin):
    list_display = ["title", "process", "kind", "visibility", "updated_at"]
    list_filter = ["kind", "visibility", "lab"]
    search_fields = ["title", "summary"]
    raw_id_fields = ["process", "phase", "created_by"]
