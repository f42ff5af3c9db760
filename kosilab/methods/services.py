"""Writes for the method library: a lab's own methods, adapted copies, deleting them.

The shared library itself is written by the loader (``library.py``), not here.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kosilab.accounts.types import Viewer, account
from kosilab.core.audit import log_action
from kosilab.core.errors import DomainError
from kosilab.core.slugs import save_under_free_slug
from kosilab.labs.models import DEFAULT_PHASE_LABELS, Lab
from kosilab.methods.library import RESERVED_SLUGS
from kosilab.methods.models import LANGUAGES, TEXT_FIELDS, Method

LANGUAGE_FIELDS = tuple(f"{name}_{code}" for code in LANGUAGES for name in TEXT_FIELDS)
METHOD_FIELDS = (
    *LANGUAGE_FIELDS,
    "sources",
    "phases",
    "group_min",
    "group_max",
    "duration_min",
    "duration_max",
    "offline",
    "online",
    "difficulty",
)
SLUG_MAX = Method._meta.get_field("slug").max_length or 80
TEXT_LIMITS: dict[str, int | None] = {
    name: getattr(Method._meta.get_field(name), "max_length", None) for name in (*LANGUAGE_FIELDS, "sources")
}


def _set(method: Method, values: dict[str, Any]) -> list[str]:
    changed = []
    for name in METHOD_FIELDS:
        if name not in values:
            continue
        value = values[name]
        if isinstance(value, str):
            value = value.strip()
        if name == "phases":
            value = [key for key in DEFAULT_PHASE_LABELS if key in (value or [])]  # known keys, in phase order
        if getattr(method, name) != value:
            setattr(method, name, value)
            changed.append(name)
    return changed


def method_check(*, method: Method) -> None:
    """The rules a method must keep, as a DomainError on the first one broken."""
    if not (method.title_de or method.title_en):
        raise DomainError(_("Give the method a title in at least one language."), field="title_en")
    if method.group_min is None or method.group_min < 1:
        raise DomainError(_("The smallest group must have at least one person."), field="group_min")
    if method.group_max is None or method.group_max < method.group_min:
        raise DomainError(_("The largest group cannot be smaller than the smallest group."), field="group_max")
    if method.duration_min is None or method.duration_min < 5:
        raise DomainError(_("A method takes at least 5 minutes."), field="duration_min")
    if method.duration_max is None or method.duration_max < method.duration_min:
        raise DomainError(_("The longest duration cannot be shorter than the shortest duration."), field="duration_max")
    if not (method.online or method.offline):
        raise DomainError(_("A method must work in a room, online or both."), field="offline")
    if not isinstance(method.phases, list) or any(key not in DEFAULT_PHASE_LABELS for key in method.phases):
        raise DomainError(_("Choose phases from the list."), field="phases")
    for name in (*LANGUAGE_FIELDS, "sources"):  # the model does not check a TextField's length
        limit, length = TEXT_LIMITS[name], len(getattr(method, name))
        if limit is not None and length > limit:
            message = _("This text can have at most %(limit)d characters; it has %(length)d.")
            raise DomainError(message % {"limit": limit, "length": length}, field=name)
    try:
        method.full_clean(exclude=["slug", "lab", "based_on", "created_by"])
    except ValidationError as error:
        name, messages = next(iter(error.message_dict.items()))
        raise DomainError(messages[0], field=None if name == "__all__" else name) from None


def _slug_base(method: Method, prefix: str = "") -> str:
    title = method.title_en or method.title_de
    base = slugify(f"{prefix} {title}".strip())[: SLUG_MAX - 4].strip("-")
    return base or "method"


def _insert(method: Method, base: str) -> None:
    """Save a new method under a free slug made from ``base`` (core.slugs)."""
    save_under_free_slug(
        method,
        base,
        refused=_("Could not find a free web address for this method. Please change the title."),
        reserved=RESERVED_SLUGS,
    )


def method_create(*, lab: Lab, by: Viewer | None, **values: Any) -> Method:
    """A lab's own method."""
    method = Method(lab=lab, created_by=account(by))
    _set(method, values)
    method_check(method=method)
    with transaction.atomic():
        _insert(method, _slug_base(method))
        log_action("methods.method.created", actor=by, target=method)
    return method


def method_update(*, method: Method, by: Viewer | None, **values: Any) -> Method:
    """Change a method's texts and facts; its web address (slug) stays."""
    changed = _set(method, values)
    method_check(method=method)
    with transaction.atomic():
        method.save()
        log_action("methods.method.updated", actor=by, target=method, data={"fields": changed})
    return method


def method_adapt(*, method: Method, lab: Lab, by: Viewer | None) -> Method:
    """A copy of ``method`` as ``lab``'s own method, remembering where it came from."""
    copy = Method(lab=lab, based_on=method, created_by=account(by))
    for name in METHOD_FIELDS:
        value = getattr(method, name)
        setattr(copy, name, list(value) if isinstance(value, list) else value)
    method_check(method=copy)
    with transaction.atomic():
        _insert(copy, _slug_base(copy, prefix=lab.slug))
        log_action("methods.method.adapted", actor=by, target=copy, data={"from": method.slug})
    return copy


def method_delete(*, method: Method, by: Viewer | None) -> None:
    """Delete a lab's own method; its adaptations stay and no longer point to it."""
    if method.lab_id is None:
        raise DomainError(_("Methods of the shared library are changed in the library files, not here."))
    with transaction.atomic():
        log_action("methods.method.deleted", actor=by, target=method, data={"slug": method.slug})
        method.delete()
