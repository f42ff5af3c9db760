from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LabsConfig(AppConfig):
    name = "kosilab.labs"
    label = "labs"
    verbose_name = _("Labs")

    def ready(self) -> None:
        from django.conf import settings

        from kosilab.labs import contributions, sso  # noqa: F401  (register with the extension points below)

        # A role in KOSILAB_SSO_ROLE_MAP that is no lab role stops the start (sso.py).
        sso.check_role_map(tuple(settings.KOSILAB_SSO_ROLE_MAP))
