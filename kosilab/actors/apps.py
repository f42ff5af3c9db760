from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActorsConfig(AppConfig):
    name = "kosilab.actors"
    label = "actors"
    verbose_name = _("Actors")

    def ready(self) -> None:
        from kosilab.actors import contributions  # noqa: F401  (registers with the extension points below)
