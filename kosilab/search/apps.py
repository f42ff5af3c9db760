from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """The one search across the apps (docs/search.md): an index of entries, kept current by signals.

    It sits directly below ``site`` (``.importlinter``): it reads the domain apps' models and their
    visibility policies; no domain app imports it.
    """

    name = "kosilab.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from kosilab.search.index import ensure_search_index
        from kosilab.search.signals import connect

        # Every save and delete of an indexed model, from a service, the admin or a task.
        connect()
        # SQLite drops a table's triggers when a migration rebuilds it: put the FTS5 ones back.
        post_migrate.connect(ensure_search_index, sender=self)
