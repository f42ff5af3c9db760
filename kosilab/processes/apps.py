from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcessesConfig(AppConfig):
    name = "kosilab.processes"
    label = "processes"
    verbose_name = _("Lab processes")

    def ready(self) -> None:
        from kosilab.processes import contributions  # noqa: F401  (registers with the extension points below)
