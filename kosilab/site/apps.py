from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """The top layer: pages that span the domain apps (home, manage), the demo and the scale data.

    It may import every domain app; no domain app imports it (pinned in ``.importlinter``).
    """

    name = "kosilab.site"
    label = "site"
    verbose_name = _("Site")
