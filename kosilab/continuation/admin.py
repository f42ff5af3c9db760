from django.contrib import admin

from kosilab.continuation.models import Handover
from kosilab.core.admin import AuditedAdmin


@admin.register(Handover)
class HandoverAdmin(AuditedAdmin):
    list_display = ["result", "taker_name", "taker_organisation", "form", "status"]
    list_filter = ["status", "form", "taker_kind"]
    raw_id_fields = ["result", "taker_organisation", "created_by"]
