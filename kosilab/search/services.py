"""Every write to the search index (docs/search.md): one entry per object, written when the object
is saved and removed when it is deleted (``signals.py``), and the whole index rebuilt from the
domain's tables (``rebuild_search_index``, the data migration, the demo and the scale data)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.apps import apps as global_apps
from django.db import models, transaction

from kosilab.search.index import KINDS, KINDS_BY_MODEL, EntryData, Kind
from kosilab.search.models import Entry

ENTRY_FIELDS = ("title_de", "title_en", "summary_de", "summary_en", "url", "search_de", "search_en")
BATCH = 1000


def entry_refresh(*, obj: models.Model, using: str = "default") -> None:
    """Write the entry of ``obj`` (one upsert), or remove it when its kind says it is not to be found.

    Objects of models that are not searched are ignored."""
    kind = KINDS_BY_MODEL.get(obj._meta.label)
    if kind is None:
        return
    data = kind.build(obj)
    if data is None:
        entry_remove(kind=kind.key, object_id=obj.pk, using=using)
        return
    Entry.objects.using(using).bulk_create(
        [Entry(kind=kind.key, object_id=obj.pk, **data)],
        update_conflicts=True,
        unique_fields=["kind", "object_id"],
        update_fields=list(ENTRY_FIELDS),
    )


def entry_remove(*, kind: str, object_id: int, using: str = "default") -> None:
    Entry.objects.using(using).filter(kind=kind, object_id=object_id).delete()


def _entries(kind: Kind, objects: Iterable[Any]) -> Iterable[Entry]:
    for obj in objects:
        data: EntryData | None = kind.build(obj)
        if data is not None:
            yield Entry(kind=kind.key, object_id=obj.pk, **data)


def index_rebuild(
    *, get_model: Callable[[str, str], type[models.Model]] | None = None, using: str = "default"
) -> dict[str, int]:
    """Build the whole index afresh from the domain's tables; returns the entries per kind.

    ``get_model`` is ``apps.get_model`` of a data migration (historical models); the current models
    otherwise. Runs in one transaction: readers see the old index until the new one is complete."""
    lookup: Callable[[str, str], type[models.Model]] = get_model or global_apps.get_model
    entry_model = lookup("search", "Entry")
    counts = {}
    with transaction.atomic(using=using):
        entry_model._default_manager.using(using).all().delete()
        for kind in KINDS:
            app_label, model_name = kind.model.split(".")
            model = lookup(app_label, model_name)
            objects = model._default_manager.using(using).order_by("pk").iterator(chunk_size=BATCH)
            batch: list[Any] = []
            counts[kind.key] = 0
            for entry in _entries(kind, objects):
                batch.append(
                    entry_model(**{field: getattr(entry, field) for field in ("kind", "object_id", *ENTRY_FIELDS)})
                )
                if len(batch) >= BATCH:
                    entry_model._default_manager.using(using).bulk_create(batch)
                    counts[kind.key] += len(batch)
                    batch = []
            if batch:
                entry_model._default_manager.using(using).bulk_create(batch)
                counts[kind.key] += len(batch)
    return counts
