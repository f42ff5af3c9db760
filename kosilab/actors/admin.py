from django.contrib import admin

from kosilab.actors.models import Organisation, Profile
from kosilab.core.admin import AuditedAdmin


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ["name", "sector", "city"]
    list_filter = ["sector"]
    search_fields = ["name", "city"]


@admin.register(Profile)
class ProfileAdmin(AuditedAdmin):
    list_display = ["user", "organisation", "sector", "visibility"]
    list_filter = ["sector", "visibility"]
    search_fields = ["user__name", "user__email"]
    raw_id_fields = ["user", "organisation"]
