from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "kosilab.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.core.signals import setting_changed
        from django.db.backends.signals import connection_created

        from kosilab.core import pagecache
        from kosilab.core.text_limits import enforce_text_limits

        # A text's max_length holds in services' full_clean too, not only in forms.
        enforce_text_limits()

        # Every write to the database makes the pages kept for anonymous readers stale.
        connection_created.connect(pagecache.track_writes, dispatch_uid="kosilab.pagecache.track_writes")
        # So does a setting changed while running (the tests' override_settings; a server restarts).
        setting_changed.connect(pagecache.settings_changed, dispatch_uid="kosilab.pagecache.settings_changed")
