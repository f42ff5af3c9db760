from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "kosilab.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from kosilab.events import contributions  # noqa: F401  (registers with the extension points below)
