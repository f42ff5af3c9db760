from typing import Any

from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest

from kosilab.core.audit import log_action
from kosilab.core.forms import URL_FIELD_OVERRIDES
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
class LabAdmin(admin.ModelAdmin[Lab]):
    list_display = ["name", "city", "host", "is_public"]
    search_fields = ["name", "city"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["host"]
    filter_horizontal = ["partners"]
    inlines = [LabMembershipInline, PhaseInline]
    formfield_overrides = URL_FIELD_OVERRIDES

    @transaction.atomic
    def save_model(self, request: HttpRequest, obj: Lab, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change:
            log_action("labs.lab.updated", actor=request.user, target=obj, data={"fields": form.changed_data})
        else:
            lab_set_up(lab=obj, by=request.user)
