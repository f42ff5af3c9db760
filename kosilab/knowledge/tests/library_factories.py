"""Test data of the case-study library: valid data-file entries and profiles (with their search text)."""

from __future__ import annotations

import copy
import itertools
import json
from pathlib import Path
from typing import Any

from kosilab.knowledge.models import LabProfile
from kosilab.knowledge.search import profile_search_update

DATA = Path(__file__).resolve().parent / "data"
_numbers = itertools.count(1)
SOURCE = "https://example.org/labs/report"


def fact(certainty: str = "confirmed", **values: Any) -> dict[str, Any]:
    item = {"sources": [] if certainty == "unrecorded" else [SOURCE], "certainty": certainty, "checked": "2026-12-01"}
    if certainty in ("conflict", "unrecorded"):
        item |= {"note_de": "Die Quellen nennen 2001 und 2002.", "note_en": "The sources say 2001 and 2002."}
    return item | values


def case_entry(slug: str = "test-lab", **values: Any) -> dict[str, Any]:
    """A valid entry of a data file (data/README.md): an ended lab in Copenhagen with a few facts."""
    data: dict[str, Any] = {
        "slug": slug,
        "name": f"Lab {slug}",
        "city": "Copenhagen",
        "country": "DK",
        "website": "https://example.org/lab",
        "summary_de": f"Ein Labor für Beschäftigung und Bildung ({slug}).",
        "summary_en": f"A lab for employment and education ({slug}).",
        "founded": 2002,
        "ended": 2018,
        "status": "ended",
        "end_mode": "closed",
        "end_reasons": ["sponsor_priorities"],
        "legacy_de": "",
        "legacy_en": "",
        "stage": "",
        "positions": ["edge"],
        "host_types": ["government_department"],
        "host_de": "Drei Ministerien",
        "host_en": "Three ministries",
        "levels": ["national"],
        "mandate_de": "",
        "mandate_en": "",
        "term_bound": None,
        "autonomy": "",
        "funding": [],
        "budget_de": "",
        "budget_en": "",
        "team_size": None,
        "team_de": "",
        "team_en": "",
        "has_space": True,
        "space_m2": 180,
        "space_de": "Ein Studio",
        "space_en": "A studio",
        "purposes": ["solutions"],
        "method_families": ["human_centred_design"],
        "methods": ["design-thinking"],
        "themes": ["employment", "education"],
        "sectors": ["public", "business"],
        "impact_de": "",
        "impact_en": "",
        "projects_de": "",
        "projects_en": "",
        "facts": {
            "summary": fact(),
            "founded": fact("conflict"),
            "ended": fact(),
            "position": fact(),
            "host": fact(),
            "level": fact("unverified"),
            "purpose": fact(),
            "methods": fact(),
            "themes": fact(),
            "sectors": fact(),
            "space": fact("unrecorded"),
        },
        "illustrates": {"political_backing": {"de": "Der Rückhalt fehlte.", "en": "Backing was missing."}},
    }
    data.update(copy.deepcopy(values))
    return data


def write(directory: Path, name: str, entries: Any) -> Path:
    path = directory / name
    path.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
    return path


def ProfileFactory(**values: Any) -> LabProfile:
    """A saved profile (a case study unless ``lab`` is given), its search columns filled."""
    number = next(_numbers)
    defaults: dict[str, Any] = {
        "slug": f"profile-{number}",
        "name": f"Profile {number}",
        "city": "Berlin",
        "country": "DE",
        "summary_de": "Ein Labor.",
        "summary_en": "A lab.",
        "founded": 2010,
        "status": "active",
        "facts": {"summary": fact(), "founded": fact()},
    }
    defaults.update(values)
    profile = LabProfile(**defaults)
    profile_search_update(profile)
    profile.save()
    return profile
