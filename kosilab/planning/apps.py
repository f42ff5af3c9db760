from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "kosilab.planning"
    label = "planning"
    verbose_name = _("Session planning")

    def ready(self) -> None:
        from kosilab.planning import contributions  # noqa: F401  (registers with the extension points below)
