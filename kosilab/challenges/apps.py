from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChallengesConfig(AppConfig):
    name = "kosilab.challenges"
    label = "challenges"
    verbose_name = _("Challenges")

    def ready(self) -> None:
        from kosilab.challenges import contributions  # noqa: F401  (registers with the extension points below)
