"""A profile's values in words: facet keys as their labels, texts in the reader's language, years,
yes/no/not known. Used by the profile page and by the comparison of two versions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django_stubs_ext import StrOrPromise

from kosilab.knowledge.countries import country_name
from kosilab.knowledge.facets import (
    FACT_LABELS,
    FACTS,
    FIELD_CHOICES,
)
from kosilab.knowledge.models import LabProfile

CHOICES = FIELD_CHOICES
BOOLEANS = ("term_bound", "has_space")
LANGUAGES = ("de", "en")
IDENTITY_LABELS = {"name", "city", "country", "website", "status"}


def _field_label(name: str) -> StrOrPromise:
    model_field = LabProfile._meta.get_field(name)
    label: StrOrPromise = getattr(model_field, "verbose_name", name)
    return label


def _text_label(name: str) -> StrOrPromise:
    """The label of a text without its language ("summary (German)" → "summary")."""
    labels: dict[str, StrOrPromise] = {
        "summary": _("summary"),
        "legacy": _("what survived it"),
        "host": _("host and legal form"),
        "mandate": _("mandate and sponsor"),
        "budget": _("annual budget"),
        "team": _("team and disciplines"),
        "space": _("physical space"),
        "impact": _("evidence of impact"),
        "projects": _("notable projects"),
    }
    return labels.get(name, name)


def value_text(name: str, value: Any) -> str:
    """One field's value in words; "" when it states nothing."""
    if value is None or value == "" or value == []:
        return ""
    if name in CHOICES:
        labels = dict(CHOICES[name])
        keys = value if isinstance(value, list) else [value]
        return ", ".join(str(labels.get(key, key)) for key in keys)
    if name in BOOLEANS:
        return pgettext("known fact", "yes") if value else pgettext("known fact", "no")
    if name == "space_m2":
        return _("%(area)s m²") % {"area": number_format(value, force_grouping=True)}
    if name == "team_size":
        return _("%(count)s people") % {"count": number_format(value, force_grouping=True)}
    if name == "country":
        return country_name(str(value))
    if name == "methods":
        return ", ".join(str(slug) for slug in value)
    return str(value)


@dataclass
class Item:
    """One value of a fact: its label and its text (``lang`` when the text is in the other language)."""

    label: StrOrPromise
    text: str
    lang: str = ""
    long: bool = False


def _pairs(fields: tuple[str, ...]) -> list[str]:
    """The fields of a fact with each ``<text>_de``/``<text>_en`` pair named once as ``<text>``."""
    names: list[str] = []
    for name in fields:
        base = name[:-3] if name.endswith(("_de", "_en")) else name
        if base not in names:
            names.append(base)
    return names


def items(data: Any, fact: str, language: str) -> list[Item]:
    """What a profile (or a version's snapshot, a dict) states for ``fact``, in the reader's language."""

    def get(name: str) -> Any:
        return data.get(name) if isinstance(data, dict) else getattr(data, name)

    result = []
    other = "en" if language == "de" else "de"
    for name in _pairs(FACTS[fact]):
        if name == "methods" and not isinstance(data, dict):
            continue  # the page lists the linked methods with their titles
        if f"{name}_de" in FACTS[fact]:
            own, fallback = get(f"{name}_{language}") or "", get(f"{name}_{other}") or ""
            if own or fallback:
                result.append(Item(_text_label(name), own or fallback, "" if own else other, long=True))
            continue
        text = value_text(name, get(name))
        if text:
            result.append(Item(_field_label(name), text))
    return result


@dataclass
class Change:
    label: StrOrPromise
    before: list[Item]
    after: list[Item]


def changes(before: dict[str, Any] | None, after: dict[str, Any], changed: list[str], language: str) -> list[Change]:
    """What a version changed against the one before it (``before`` None: the first version)."""
    before = before or {}
    result = []
    for key in changed:
        if key in FACTS:
            old, new = items(before, key, language), items(after, key, language)
            old += _provenance(before, key)
            new += _provenance(after, key)
            result.append(Change(FACT_LABELS[key], old, new))
        elif key in IDENTITY_LABELS:
            old_text, new_text = value_text(key, before.get(key)), value_text(key, after.get(key))
            result.append(
                Change(
                    _field_label(key),
                    [Item(_field_label(key), old_text)] if old_text else [],
                    [Item(_field_label(key), new_text)] if new_text else [],
                )
            )
    return result


def _provenance(data: dict[str, Any], fact: str) -> list[Item]:
    from kosilab.knowledge.facets import CERTAINTIES

    item = (data.get("facts") or {}).get(fact)
    if not isinstance(item, dict):
        return []
    result = []
    if item.get("sources"):
        result.append(Item(_("sources"), "\n".join(str(source) for source in item["sources"]), long=True))
    certainty = dict(CERTAINTIES).get(item.get("certainty", ""), "")
    if certainty:
        result.append(Item(_("certainty"), str(certainty)))
    if item.get("checked"):
        result.append(Item(_("last checked"), str(item["checked"])))
    return result
