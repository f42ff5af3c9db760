from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "kosilab.knowledge"
    label = "knowledge"
    verbose_name = _("Knowledge of labs")

    def ready(self) -> None:
        from kosilab.knowledge import contributions  # noqa: F401  (registers with the extension points of labs and playbook)
        from kosilab.knowledge.search import ensure_search_index

        # SQLite drops a table's triggers when a migration rebuilds it: put the search's back.
        post_migrate.connect(ensure_search_index, sender=self)
