from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CocreationConfig(AppConfig):
    name = "kosilab.cocreation"
    label = "cocreation"
    verbose_name = _("Ideas and comments")
