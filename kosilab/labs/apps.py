from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LabsConfig(AppConfig):
    name = "kosilab.labs"
    label = "labs"
    verbose_name = _("Labs")

    def ready(self) -> None:
        from kosilab.labs import contributions  # noqa: F401  (registers with the extension points below)
