from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContinuationConfig(AppConfig):
    name = "kosilab.continuation"
    label = "continuation"
    verbose_name = _("Continuation")
