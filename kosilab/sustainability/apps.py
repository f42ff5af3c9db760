from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SustainabilityConfig(AppConfig):
    name = "kosilab.sustainability"
    label = "sustainability"
    verbose_name = _("Sustainability watch")

    def ready(self) -> None:
        from kosilab.sustainability import contributions  # noqa: F401  (registers with the extension points below)
