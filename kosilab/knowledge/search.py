"""The full-text search of lab profiles: what is searched, and the index on both databases.

``search_de`` and ``search_en`` hold everything a visitor might search for: name, city, the
country's name, the texts and the labels of every facet value, in both languages each (the German
part first in ``search_de``), so that a German word also finds a profile written only in English
and the labels of the facets are found in either language. PostgreSQL reads ``search_de`` with its
German configuration (stemming, stop words) and ``search_en`` with its English one; SQLite searches
both columns of its FTS5 table (``kosilab/core/fulltext.py``).

Every write of a profile calls ``profile_search_update`` before it saves (the loader, the services,
the scale data): the columns are never computed by the database.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation

from kosilab.core.fulltext import FullText
from kosilab.knowledge.countries import country_name
from kosilab.knowledge.facets import FACETS

PROFILE_SEARCH = FullText(
    "knowledge_labprofile", (("search_de", "german"), ("search_en", "english")), name="knowledge_profile"
)
SEARCH_FIELDS = ("search_de", "search_en")

# The texts of a profile that are searched (each as <name>_de and <name>_en).
TEXTS = ("summary", "legacy", "host", "mandate", "budget", "team", "space", "impact", "projects")
LANGUAGES = ("de", "en")


def _labels(profile: Any, language: str) -> list[str]:
    """The labels of the profile's facet values (status and how it ended included), in ``language``."""
    labels = []
    with translation.override(language):
        for facet in FACETS:
            value = getattr(profile, facet.field)
            keys = value if facet.multiple else [value]
            names = facet.labels
            labels += [str(names[key]) for key in keys if key in names]
    return labels


def _part(profile: Any, language: str) -> list[str]:
    texts = [str(getattr(profile, f"{name}_{language}") or "") for name in TEXTS]
    return [country_name(profile.country, language), *texts, *_labels(profile, language)]


def profile_search_text(profile: Any) -> dict[str, str]:
    """``{"search_de": …, "search_en": …}`` for a profile (a model instance, historical ones too)."""
    common = [profile.name, profile.city]
    parts = {language: _part(profile, language) for language in LANGUAGES}
    result = {}
    for language in LANGUAGES:
        other = next(code for code in LANGUAGES if code != language)
        pieces = [*common, *parts[language], *parts[other]]
        result[f"search_{language}"] = "\n".join(piece for piece in pieces if piece and piece.strip())
    return result


def profile_search_update(profile: Any) -> list[str]:
    """Set the profile's search columns from its fields (before saving it); returns their names."""
    for field, text in profile_search_text(profile).items():
        setattr(profile, field, text)
    return list(SEARCH_FIELDS)


def profile_refresh(*, profile: Any) -> None:
    """Recompute and store the search columns of a saved profile (the services call it after a write)."""
    from kosilab.knowledge.models import LabProfile

    texts = profile_search_text(profile)
    for field, text in texts.items():
        setattr(profile, field, text)
    LabProfile.objects.filter(pk=profile.pk).update(**texts)


def ensure_search_index(sender: object, using: str = "default", **kwargs: Any) -> None:
    """After ``migrate``: put back the SQLite triggers that a table rebuild dropped (core/fulltext.py)."""
    from django.db import connections

    PROFILE_SEARCH.ensure(connections[using])
