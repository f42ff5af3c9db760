"""A new row's web address (slug) made from a name: the first free one of ``base``, ``base-2``, …

Used by every service that creates rows with a unique slug taken from what a person typed (a lab's
own method, a lab profile). The unique constraint in the database decides: when another request
took the slug between the look-up and the insert, the next free one is tried.
"""

from __future__ import annotations

from collections.abc import Collection

from django.db import IntegrityError, models, transaction

from kosilab.core.errors import DomainError

ATTEMPTS = 5


def free_slug(model: type[models.Model], base: str, *, reserved: Collection[str] = ()) -> str:
    """The first of ``base``, ``base-2``, ``base-3``, … that no row of ``model`` has and that is not reserved."""
    taken = set(model._default_manager.filter(slug__startswith=base).values_list("slug", flat=True))
    taken |= set(reserved)
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def save_under_free_slug(instance: models.Model, base: str, *, refused: str, reserved: Collection[str] = ()) -> None:
    """Insert ``instance`` under a free slug made from ``base``; ``refused`` when none is found in time."""
    model = type(instance)
    for _attempt in range(ATTEMPTS):
        instance.slug = free_slug(model, base, reserved=reserved)  # type: ignore[attr-defined]
        try:
            with transaction.atomic():
                instance.save()
            return
        except IntegrityError:
            if not model._default_manager.filter(slug=instance.slug).exists():  # type: ignore[attr-defined]
                raise  # another constraint failed, not the slug's
    raise DomainError(refused)
