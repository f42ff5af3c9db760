"""The index is kept current on every write: ``post_save`` and ``post_delete`` of each searched
model, connected once from ``SearchConfig.ready`` so that the services, the admin, tasks and
management commands are all covered (cascaded deletes send ``post_delete`` too). Bulk writes
(``bulk_create``, ``update()``) send no signals: the scale data rebuilds the index afterwards, and no
service changes a searched text by ``update()`` (docs/search.md)."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import models
from django.db.models.signals import post_delete, post_save

from kosilab.search.index import KINDS, KINDS_BY_MODEL


def _saved(sender: type[models.Model], instance: models.Model, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return  # loaddata: the fixtures' rows, rebuilt by rebuild_search_index
    from kosilab.search.services import entry_refresh

    using = kwargs.get("using") or "default"
    if instance.get_deferred_fields():
        # Saved from a partial read (.only()): read the whole row rather than index half of it.
        instance = sender._default_manager.using(using).get(pk=instance.pk)
    entry_refresh(obj=instance, using=using)


def _deleted(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    from kosilab.search.services import entry_remove

    kind = KINDS_BY_MODEL[sender._meta.label]
    entry_remove(kind=kind.key, object_id=instance.pk, using=kwargs.get("using") or "default")


def connect() -> None:
    for kind in KINDS:
        model = apps.get_model(kind.model)
        post_save.connect(_saved, sender=model, dispatch_uid=f"search-save-{kind.key}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"search-delete-{kind.key}")
