from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kosilab.core.admin import AuditedAdmin
from kosilab.labs.models import Lab, LabMembership, PhaseTemplateStep
from kosilab.labs.services import lab_set_up


class LabMembershipInline(admin.TabularInline[LabMembership, Lab]):
    model = LabMembership
    raw_id_fields = ["user"]
    extra = 0


class PhaseInline(admin.TabularInline[PhaseTemplateStep, Lab]):
    model = PhaseTemplateStep
    extra = 0


@admin.register(Lab)
class LabAdmin(AuditedAdmin):
    list_display = ["name", "city", "host", "is_public"]
    search_fields = ["name", "city"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["host"]
    filter_horizontal = ["partners"]
    inlines = [LabMembershipInline, PhaseInline]

    def save_model(self, request: HttpRequest, obj: Lab, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if not change:
            lab_set_up(lab=obj, by=request.user)
