from django.contrib import admin

from kosilab.challenges.models import Challenge, Participation, WantedSector
from kosilab.core.admin import AuditedAdmin


class WantedSectorInline(admin.TabularInline[WantedSector, Challenge]):
    model = WantedSector
    extra = 0


@admin.register(Challenge)
class ChallengeAdmin(AuditedAdmin):
    list_display = ["title", "lab", "status", "created_at"]
    list_filter = ["status", "lab"]
    search_fields = ["title"]
    inlines = [WantedSectorInline]
    raw_id_fields = ["created_by"]


@admin.register(Participation)
class ParticipationAdmin(AuditedAdmin):
    list_display = ["challenge", "user", "kind", "created_at"]
    raw_id_fields = ["challenge", "user", "organisation"]
