from django.contrib import admin

from kosilab.labs.models import Lab, LabMembership, PhaseTemplateStep


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
