from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperationConfig(AppConfig):
    name = "kosilab.cooperation"
    label = "cooperation"
    verbose_name = _("Cooperation networks")

    def ready(self) -> None:
        from kosilab.cooperation import contributions  # noqa: F401  (registers with the extension points below)
