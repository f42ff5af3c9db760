"""Loading the shared method library from ``data/*.json`` (format: ``data/README.md``).

``load_library`` validates every entry of every file first and writes only when all are valid, in
one transaction: a file with one bad entry changes nothing. Shared methods (``lab`` empty) are
found again by their slug and updated; methods of labs are never touched, and a shared method
that is no longer in the files stays (labs may have adapted it).

The loader takes the model class, so that migration ``0002_load_library`` can pass the historical
model of its app registry (``apps.get_model("methods", "Method")``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import models, transaction

from kosilab.labs.models import DEFAULT_PHASE_LABELS

DATA_DIR = Path(__file__).resolve().parent / "data"
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX = 80
TEXTS = ("title", "summary", "goal", "preparation", "materials", "steps", "tips")
REQUIRED_TEXTS = ("title", "summary", "goal", "steps")  # must be filled in both languages
TEXT_KEYS = (*(f"{name}_{code}" for name in TEXTS for code in ("de", "en")), "sources")
NUMBER_LIMITS = {  # key: (smallest, largest)
    "group_min": (1, 10_000),
    "group_max": (1, 10_000),
    "duration_min": (5, 10_080),  # a week
    "duration_max": (5, 10_080),
}
BOOLEAN_KEYS = ("offline", "online")
RESERVED_SLUGS = frozenset({"recommend", "for-process", "new"})  # pages of the library (urls.py)
KEYS = frozenset({"slug", *TEXT_KEYS, "phases", *NUMBER_LIMITS, *BOOLEAN_KEYS, "difficulty"})
VALUE_KEYS = tuple(sorted(KEYS - {"slug"}))


class LibraryError(Exception):
    """The library files are not valid; ``problems`` name file, slug and problem, one per line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def library_files(directory: Path = DATA_DIR) -> list[Path]:
    return sorted(directory.glob("*.json"))


def _max_length(model: type[models.Model], key: str) -> int | None:
    field = model._meta.get_field(key)
    return field.max_length if isinstance(field, models.Field) else None


def entry_problems(entry: Any, model: type[models.Model]) -> list[str]:
    """What is wrong with one entry (empty when it is valid)."""
    if not isinstance(entry, dict):
        return ["an entry must be an object with the keys of data/README.md"]
    problems = []
    missing, unknown = KEYS - entry.keys(), entry.keys() - KEYS
    if missing:
        problems.append(f"missing keys: {', '.join(sorted(missing))}")
    if unknown:
        problems.append(f"unknown keys: {', '.join(sorted(unknown))}")
    slug = entry.get("slug")
    if not isinstance(slug, str) or not SLUG_PATTERN.match(slug) or len(slug) > SLUG_MAX:
        problems.append(f"slug must be lowercase a-z, 0-9 and single hyphens, at most {SLUG_MAX} characters")
    elif slug in RESERVED_SLUGS:
        problems.append(f"slug {slug!r} is reserved for a page of the method library")
    for key in TEXT_KEYS:
        if key not in entry:
            continue
        value = entry[key]
        if not isinstance(value, str):
            problems.append(f"{key} must be a string")
            continue
        limit = _max_length(model, key)
        if limit is not None and len(value) > limit:
            problems.append(f"{key} is {len(value)} characters long, at most {limit} are allowed")
    for name in TEXTS:
        german, english = entry.get(f"{name}_de"), entry.get(f"{name}_en")
        if not (isinstance(german, str) and isinstance(english, str)):
            continue
        if name in REQUIRED_TEXTS and not (german.strip() and english.strip()):
            problems.append(f"{name}_de and {name}_en must both be filled in")
        elif bool(german.strip()) != bool(english.strip()):
            problems.append(f"{name}_de and {name}_en must both be filled in or both be empty")
    phases = entry.get("phases")
    if "phases" in entry:
        if not isinstance(phases, list) or not phases or not all(isinstance(p, str) for p in phases):
            problems.append("phases must be a non-empty list of phase keys")
        else:
            wrong = [p for p in phases if p not in DEFAULT_PHASE_LABELS]
            if wrong:
                known = ", ".join(DEFAULT_PHASE_LABELS)
                problems.append(f"unknown phases: {', '.join(wrong)} (known: {known})")
            if len(set(phases)) != len(phases):
                problems.append("phases lists a phase twice")
    numbers_ok = True
    for key, (low, high) in NUMBER_LIMITS.items():
        if key not in entry:
            numbers_ok = False
            continue
        value = entry[key]
        if isinstance(value, bool) or not isinstance(value, int):
            problems.append(f"{key} must be a whole number")
            numbers_ok = False
        elif not low <= value <= high:
            problems.append(f"{key} must be between {low} and {high}, not {value}")
            numbers_ok = False
    if numbers_ok:
        if entry["group_max"] < entry["group_min"]:
            problems.append(f"group_max ({entry['group_max']}) is smaller than group_min ({entry['group_min']})")
        if entry["duration_max"] < entry["duration_min"]:
            problems.append(
                f"duration_max ({entry['duration_max']}) is smaller than duration_min ({entry['duration_min']})"
            )
    flags = [entry.get(key) for key in BOOLEAN_KEYS if key in entry]
    if any(not isinstance(flag, bool) for flag in flags):
        problems.append("offline and online must be true or false")
    elif len(flags) == len(BOOLEAN_KEYS) and not any(flags):
        problems.append("offline and online cannot both be false")
    difficulty = entry.get("difficulty")
    if "difficulty" in entry and (isinstance(difficulty, bool) or difficulty not in (1, 2, 3)):
        problems.append("difficulty must be 1, 2 or 3")
    return problems


def read_entries(paths: Iterable[Path], model: type[models.Model]) -> list[dict[str, Any]]:
    """All entries of all files, validated; raises :class:`LibraryError` naming every problem."""
    problems: list[str] = []
    entries: list[dict[str, Any]] = []
    seen: dict[str, str] = {}
    for path in paths:
        try:
            content = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            problems.append(f"{path.name}: cannot be read as JSON: {error}")
            continue
        if not isinstance(content, list):
            problems.append(f"{path.name}: must contain a list of methods")
            continue
        for number, entry in enumerate(content, start=1):
            slug = entry.get("slug") if isinstance(entry, dict) else None
            where = f"{path.name}, entry {number}" + (f" ({slug})" if isinstance(slug, str) else "")
            problems += [f"{where}: {problem}" for problem in entry_problems(entry, model)]
            if isinstance(slug, str):
                if slug in seen:
                    problems.append(f"{where}: the slug is used twice (also in {seen[slug]})")
                seen[slug] = path.name
            entries.append(entry)
    if problems:
        raise LibraryError(problems)
    return entries


def load_library(model: Any = None, *, paths: Iterable[Path] | None = None, using: str = "default") -> LoadReport:
    """Validate the library files and upsert the shared methods, all or nothing.

    ``model`` defaults to :class:`kosilab.methods.models.Method`; a migration passes its
    historical model. Raises :class:`LibraryError` and writes nothing when any entry is invalid.
    """
    if model is None:
        from kosilab.methods.models import Method

        model = Method
    entries = read_entries(library_files() if paths is None else list(paths), model)
    report = LoadReport()
    manager = model._default_manager.db_manager(using)
    with transaction.atomic(using=using):
        existing = {method.slug: method for method in manager.filter(slug__in=[e["slug"] for e in entries])}
        taken = [slug for slug, method in existing.items() if method.lab_id is not None]
        if taken:
            problems = [f"{slug}: the slug is taken by a lab's own method; rename one of them" for slug in taken]
            raise LibraryError(problems)
        for entry in entries:
            method = existing.get(entry["slug"])
            if method is None:
                manager.create(slug=entry["slug"], **{key: entry[key] for key in VALUE_KEYS})
                report.created.append(entry["slug"])
                continue
            changed = [key for key in VALUE_KEYS if getattr(method, key) != entry[key]]
            if not changed:
                report.unchanged.append(entry["slug"])
                continue
            for key in changed:
                setattr(method, key, entry[key])
            method.save(using=using)
            report.updated.append(entry["slug"])
    return report
