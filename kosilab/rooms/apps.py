from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoomsConfig(AppConfig):
    name = "kosilab.rooms"
    label = "rooms"
    verbose_name = _("Rooms and resources")

    def ready(self) -> None:
        from kosilab.core.permissions import register_media_folder
        from kosilab.rooms.models import Room

        # Room photos are served at MEDIA_URL to whoever may see the room (kosilab.core.views.media).
        register_media_folder("rooms/", Room.objects.all, field="photo", view_perm="rooms.view_room")
