from django.contrib import admin

from kosilab.core.admin import AuditedAdmin
from kosilab.rooms.models import BookedResource, Booking, Resource, Room


@admin.register(Room)
class RoomAdmin(AuditedAdmin):
    list_display = ["name", "lab", "capacity", "is_active"]
    list_filter = ["is_active", "step_free", "hearing_loop", "lab"]
    search_fields = ["name", "location"]


@admin.register(Resource)
class ResourceAdmin(AuditedAdmin):
    list_display = ["name", "lab", "quantity", "is_active"]
    list_filter = ["is_active", "lab"]
    search_fields = ["name"]


class BookedResourceInline(admin.TabularInline[BookedResource, Booking]):
    model = BookedResource
    raw_id_fields = ["resource"]
    extra = 0


@admin.register(Booking)
class BookingAdmin(AuditedAdmin):
    list_display = ["purpose", "room", "starts_at", "ends_at", "status", "lab"]
    list_filter = ["status", "lab"]
    search_fields = ["purpose"]
    date_hierarchy = "starts_at"
    raw_id_fields = ["room", "booked_by", "process", "event"]
    # Bookings are made, moved and cancelled on the site, where clashes and stock are checked.
    readonly_fields = ["series", "cancelled_at"]
    inlines = [BookedResourceInline]
