"""Helpers for the tests of edits, proposals and the own profile (services.py, views/proposals.py,
views/own_profile.py)."""

from __future__ import annotations

from typing import Any

from kosilab.knowledge.history import record_revision
from kosilab.knowledge.models import LabProfile, RevisionSource
from kosilab.knowledge.search import profile_search_update

CHECKED = "2020-01-15"


def case_study(slug: str = "testlab", **values: Any) -> LabProfile:
    """A case study as the data files would load it: founded 2002 with a source, first version."""
    defaults: dict[str, Any] = {
        "name": "Testlab",
        "city": "Kopenhagen",
        "country": "DK",
        "status": "active",
        "founded": 2002,
        "summary_en": "A lab for tests.",
        "summary_de": "Ein Labor für Tests.",
        "themes": ["employment"],
        "facts": {
            "founded": {"sources": ["https://example.org/founded"], "certainty": "confirmed", "checked": CHECKED},
            "summary": {"sources": ["https://example.org/about"], "certainty": "confirmed", "checked": CHECKED},
            "themes": {"sources": ["https://example.org/themes"], "certainty": "unverified", "checked": CHECKED},
        },
    }
    defaults.update(values)
    profile = LabProfile(slug=slug, lab=None, **defaults)
    profile_search_update(profile)
    profile.save()
    record_revision(profile=profile, source=RevisionSource.DATA_FILE)
    return profile


def form_data(profile: LabProfile | None = None, **values: Any) -> dict[str, Any]:
    """POST data of the profile form with the profile's values (or a minimal new lab), changed by ``values``."""
    from kosilab.knowledge.history import snapshot
    from kosilab.knowledge.services import VALUE_FIELDS

    current = snapshot(profile) if profile is not None else {"name": "Neues Labor", "country": "AT", "status": "active"}
    data: dict[str, Any] = {}
    for name in VALUE_FIELDS:
        value = values.get(name, current.get(name))
        if value is None or value == []:
            continue
        if isinstance(value, bool):
            value = "true" if value else "false"
        data[name] = value
    for name, value in values.items():
        if name not in VALUE_FIELDS:
            data[name] = value
    data.setdefault("version", profile.version if profile is not None else 0)
    return data
