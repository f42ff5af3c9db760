"""Admin for events. Seats and registration states move only through the services (see
services.py): the admin shows them but does not change them."""

from django.contrib import admin

from kosilab.core.admin import AuditedAdmin
from kosilab.events.models import Event, Question, Registration


class QuestionInline(admin.TabularInline[Question, Event]):
    model = Question
    extra = 0


@admin.register(Event)
class EventAdmin(AuditedAdmin):
    list_display = ["title", "lab", "kind", "starts_at", "status", "capacity", "seats_taken"]
    list_filter = ["status", "kind", "lab"]
    search_fields = ["title", "organiser"]
    date_hierarchy = "starts_at"
    readonly_fields = ["seats_taken", "status", "sequence", "uid"]
    raw_id_fields = ["created_by", "room", "process"]
    inlines = [QuestionInline]


@admin.register(Registration)
class RegistrationAdmin(AuditedAdmin):
    list_display = ["name", "email", "event", "status", "created_at", "attended_at"]
    list_filter = ["status"]
    search_fields = ["name", "email", "code", "event__title"]
    raw_id_fields = ["event", "user"]
    readonly_fields = [
        "event",
        "user",
        "status",
        "code",
        "confirmed_at",
        "offer_expires_at",
        "cancelled_at",
        "attended_at",
        "reminder_sent_at",
    ]

    def has_add_permission(self, request: object) -> bool:
        return False
