from django.contrib import admin

from kosilab.actors.models import Organisation, Profile
from kosilab.core.forms import URL_FIELD_OVERRIDES


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ["name", "sector", "city"]
    list_filter = ["sector"]
    search_fields = ["name", "city"]
    formfield_overrides = URL_FIELD_OVERRIDES


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin[Profile]):
    list_display = ["user", "organisation", "sector", "visibility"]
    list_filter = ["sector", "visibility"]
    search_fields = ["user__name", "user__email"]
    raw_id_fields = ["user", "organisation"]
