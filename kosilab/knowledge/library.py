"""Loading the case-study labs from ``data/*.json`` (format: ``data/README.md``).

``load_case_studies`` validates every entry of every file first and writes only when all are
valid, in one transaction: a file with one bad entry changes nothing. A case-study profile is found
again by its slug. Each loaded entry leaves its fingerprint (``source_hash``: SHA-256 of the entry
as canonical JSON) on the profile; an entry whose fingerprint is unchanged is skipped, so edits
that reviewers accepted in the site survive a reload of the same file, and only an entry that
changed in the file writes over them (the version before stays in the profile's history). Every
profile created or changed gets a revision ("data file").

The loader takes the model class, so that the data migration can pass the historical model of
its app registry (``apps.get_model("knowledge", "LabProfile")``); it then writes the revisions
with the historical ``ProfileRevision`` directly (``history.record_revision`` needs the real
models).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeGuard

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models, transaction

from kosilab.knowledge.countries import is_country
from kosilab.knowledge.facets import (
    CERTAINTIES,
    FACETS,
    FACTS,
    Choices,
)
from kosilab.knowledge.history import changed_facts, snapshot
from kosilab.knowledge.search import profile_search_update
from kosilab.playbook.content import DIMENSION_BY_KEY

DATA_DIR = Path(__file__).resolve().parent / "data"
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX = 80
RESERVED_SLUGS = frozenset({"new", "propose", "proposals", "compare", "world", "timeline", "network"})
YEAR_RANGE = (1900, 2100)
NUMBER_LIMITS = {"team_size": (1, 100_000), "space_m2": (1, 1_000_000)}
NOTE_MAX = 1000
LANGUAGES = ("de", "en")

# Plain strings: key -> whether it must be filled in.
STRINGS = {"name": True, "city": False, "country": True, "website": False}
TEXTS = ("summary", "legacy", "host", "mandate", "budget", "team", "space", "impact", "projects")
REQUIRED_TEXTS = ("summary",)
SINGLE_CHOICES: dict[str, Choices] = {facet.field: facet.choices for facet in FACETS if not facet.multiple}
LIST_CHOICES: dict[str, Choices] = {facet.field: facet.choices for facet in FACETS if facet.multiple}
YEARS = ("founded", "ended")
BOOLEANS = ("term_bound", "has_space")
TEXT_KEYS = tuple(f"{name}_{code}" for name in TEXTS for code in LANGUAGES)
KEYS = frozenset(
    {
        "slug",
        *STRINGS,
        *TEXT_KEYS,
        *SINGLE_CHOICES,
        *LIST_CHOICES,
        *YEARS,
        *BOOLEANS,
        *NUMBER_LIMITS,
        "methods",
        "facts",
        "illustrates",
    }
)
# What the loader writes into the model's columns (methods is a relation, slug the key).
VALUE_KEYS = tuple(sorted(KEYS - {"slug", "methods"}))
FACT_KEYS = frozenset({"sources", "certainty", "checked", "note_de", "note_en"})
FACT_REQUIRED = frozenset({"sources", "certainty", "checked"})
NOTE_NEEDED = ("conflict", "unrecorded")

_url = URLValidator(schemes=["http", "https"])


class CaseStudyError(Exception):
    """The data files are not valid; ``problems`` name file, entry, slug and problem, one per line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Entry:
    """One valid entry with where it came from."""

    data: dict[str, Any]
    where: str

    @property
    def slug(self) -> str:
        return str(self.data["slug"])


def data_files(directory: Path = DATA_DIR) -> list[Path]:
    return sorted(directory.glob("*.json"))


def source_hash(entry: dict[str, Any]) -> str:
    """SHA-256 of the entry as canonical JSON (sorted keys, no spaces, UTF-8)."""
    canonical = json.dumps(entry, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _max_length(model: type[models.Model], key: str) -> int | None:
    model_field = model._meta.get_field(key)
    return model_field.max_length if isinstance(model_field, models.Field) else None


def _is_url(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        _url(value)
    except ValidationError:
        return False
    return True


def _is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _empty(value: Any) -> bool:
    """A field that states nothing: null, an empty or blank string, an empty list."""
    return value is None or value == [] or (isinstance(value, str) and not value.strip())


def _string_problems(entry: dict[str, Any], model: type[models.Model]) -> list[str]:
    problems = []
    for key in (*STRINGS, *TEXT_KEYS):
        if key not in entry:
            continue
        value = entry[key]
        if not isinstance(value, str):
            problems.append(f"{key} must be a string")
            continue
        limit = _max_length(model, key)
        if limit is not None and len(value) > limit:
            problems.append(f"{key} is {len(value)} characters long, at most {limit} are allowed")
        if STRINGS.get(key) and not value.strip():
            problems.append(f"{key} must be filled in")
    for name in TEXTS:
        german, english = entry.get(f"{name}_de"), entry.get(f"{name}_en")
        if not (isinstance(german, str) and isinstance(english, str)):
            continue
        if name in REQUIRED_TEXTS and not (german.strip() and english.strip()):
            problems.append(f"{name}_de and {name}_en must both be filled in")
        elif bool(german.strip()) != bool(english.strip()):
            problems.append(f"{name}_de and {name}_en must both be filled in or both be empty")
    country = entry.get("country")
    if isinstance(country, str) and country.strip() and not is_country(country):
        problems.append(f"country {country!r} is not an ISO 3166-1 alpha-2 code (upper case, e.g. DE)")
    website = entry.get("website")
    if isinstance(website, str) and website and not _is_url(website):
        problems.append("website must be an http:// or https:// address, or empty")
    return problems


def _choice_problems(entry: dict[str, Any]) -> list[str]:
    problems = []
    for key, choices in SINGLE_CHOICES.items():
        if key not in entry:
            continue
        known = [k for k, _label in choices]
        value = entry[key]
        allowed = known if key == "status" else ["", *known]
        if value not in allowed:
            problems.append(f"{key} must be one of {', '.join(repr(k) for k in allowed)}, not {value!r}")
    for key, choices in LIST_CHOICES.items():
        if key not in entry:
            continue
        value = entry[key]
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            problems.append(f"{key} must be a list of keys")
            continue
        keys = {k for k, _label in choices}
        wrong = [item for item in value if item not in keys]
        if wrong:
            problems.append(f"{key}: unknown keys {', '.join(wrong)} (known: {', '.join(k for k, _ in choices)})")
        if len(set(value)) != len(value):
            problems.append(f"{key} lists a key twice")
    return problems


def _number_problems(entry: dict[str, Any]) -> list[str]:
    problems = []
    low, high = YEAR_RANGE
    for key in YEARS:
        value = entry.get(key)
        if key in entry and value is not None and not (_is_int(value) and low <= value <= high):
            problems.append(f"{key} must be a year between {low} and {high}, or null")
    for key, (smallest, largest) in NUMBER_LIMITS.items():
        value = entry.get(key)
        if key in entry and value is not None and not (_is_int(value) and smallest <= value <= largest):
            problems.append(f"{key} must be a whole number between {smallest} and {largest}, or null")
    for key in BOOLEANS:
        if key in entry and entry[key] not in (True, False, None):
            problems.append(f"{key} must be true, false or null")
    founded, ended = entry.get("founded"), entry.get("ended")
    if _is_int(founded) and _is_int(ended) and ended < founded:
        problems.append(f"ended ({ended}) lies before founded ({founded})")
    status = entry.get("status")
    if status == "ended" and not entry.get("end_mode"):
        problems.append("status 'ended' needs an end_mode")
    if status == "active" and entry.get("ended") is not None:
        problems.append("status 'active' cannot have an ended year")
    return problems


def _fact_problems(entry: dict[str, Any]) -> list[str]:
    facts = entry.get("facts")
    if "facts" not in entry:
        return []
    if not isinstance(facts, dict):
        return ["facts must be an object with one entry per fact"]
    problems = []
    unknown = sorted(set(facts) - set(FACTS))
    if unknown:
        problems.append(f"facts: unknown facts {', '.join(unknown)} (known: {', '.join(FACTS)})")
    for fact, fields in FACTS.items():
        if fact not in facts:
            if any(key in entry and not _empty(entry[key]) for key in fields):
                problems.append(f"facts: the fact {fact!r} has a value but no entry with its sources")
            continue
        problems += [f"facts.{fact}: {problem}" for problem in _one_fact_problems(facts[fact])]
    return problems


def _one_fact_problems(item: Any) -> list[str]:
    if not isinstance(item, dict):
        return ["must be an object with sources, certainty and checked"]
    problems = []
    missing, unknown = FACT_REQUIRED - item.keys(), item.keys() - FACT_KEYS
    if missing:
        problems.append(f"missing keys: {', '.join(sorted(missing))}")
    if unknown:
        problems.append(f"unknown keys: {', '.join(sorted(unknown))}")
    certainty = item.get("certainty")
    known = [key for key, _label in CERTAINTIES]
    if "certainty" in item and certainty not in known:
        problems.append(f"certainty must be one of {', '.join(known)}, not {certainty!r}")
    sources = item.get("sources")
    if "sources" in item:
        if not isinstance(sources, list) or not all(_is_url(source) for source in sources):
            problems.append("sources must be a list of http:// or https:// addresses")
        elif not sources and certainty != "unrecorded":
            problems.append("sources must name at least one address (or certainty must be 'unrecorded')")
        elif len(set(sources)) != len(sources):
            problems.append("sources lists an address twice")
    checked = item.get("checked")
    if "checked" in item:
        try:
            day = datetime.date.fromisoformat(checked) if isinstance(checked, str) and len(checked) == 10 else None
        except ValueError:
            day = None
        if day is None or not YEAR_RANGE[0] <= day.year <= YEAR_RANGE[1]:
            problems.append(f"checked must be a date written YYYY-MM-DD, not {checked!r}")
    notes = [item.get(f"note_{code}", "") for code in LANGUAGES]
    if not all(isinstance(note, str) and len(note) <= NOTE_MAX for note in notes):
        problems.append(f"note_de and note_en must be strings of at most {NOTE_MAX} characters")
    elif certainty in NOTE_NEEDED and not all(note.strip() for note in notes):
        problems.append(f"certainty {certainty!r} needs note_de and note_en")
    return problems


def _illustrates_problems(entry: dict[str, Any]) -> list[str]:
    if "illustrates" not in entry:
        return []
    illustrates = entry["illustrates"]
    if not isinstance(illustrates, dict):
        return ["illustrates must be an object keyed by readiness topics"]
    problems = []
    unknown = sorted(set(illustrates) - set(DIMENSION_BY_KEY))
    if unknown:
        problems.append(f"illustrates: unknown topics {', '.join(unknown)} (known: {', '.join(DIMENSION_BY_KEY)})")
    for key, note in illustrates.items():
        if not (
            isinstance(note, dict)
            and set(note) == set(LANGUAGES)
            and all(
                isinstance(note[code], str) and note[code].strip() and len(note[code]) <= NOTE_MAX for code in LANGUAGES
            )
        ):
            problems.append(
                f'illustrates.{key} must be {{"de": …, "en": …}}, both filled in, at most {NOTE_MAX} characters'
            )
    return problems


def entry_problems(entry: Any, model: type[models.Model]) -> list[str]:
    """What is wrong with one entry on its own (empty when it is valid)."""
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
        problems.append(f"slug {slug!r} is reserved for a page of the library")
    methods = entry.get("methods")
    if "methods" in entry and (not isinstance(methods, list) or not all(isinstance(m, str) for m in methods)):
        problems.append("methods must be a list of slugs of the method library")
    elif isinstance(methods, list) and len(set(methods)) != len(methods):
        problems.append("methods lists a method twice")
    problems += _string_problems(entry, model)
    problems += _choice_problems(entry)
    problems += _number_problems(entry)
    problems += _fact_problems(entry)
    problems += _illustrates_problems(entry)
    return problems


def read_entries(paths: Iterable[Path], model: type[models.Model]) -> list[Entry]:
    """All entries of all files, each valid on its own; raises :class:`CaseStudyError` naming every problem."""
    problems: list[str] = []
    entries: list[Entry] = []
    seen: dict[str, str] = {}
    for path in paths:
        try:
            content = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            problems.append(f"{path.name}: cannot be read as JSON: {error}")
            continue
        if not isinstance(content, list):
            problems.append(f"{path.name}: must contain a list of labs")
            continue
        for number, entry in enumerate(content, start=1):
            slug = entry.get("slug") if isinstance(entry, dict) else None
            where = f"{path.name}, entry {number}" + (f" ({slug})" if isinstance(slug, str) else "")
            problems += [f"{where}: {problem}" for problem in entry_problems(entry, model)]
            if isinstance(slug, str):
                if slug in seen:
                    problems.append(f"{where}: the slug is used twice (also in {seen[slug]})")
                seen[slug] = where
            entries.append(Entry(entry, where))
    if problems:
        raise CaseStudyError(problems)
    return entries


def _models(model: Any) -> tuple[Any, Any, Any]:
    """The profile, revision and method models of ``model``'s registry (historical ones in a migration)."""
    registry = model._meta.apps
    return model, registry.get_model("knowledge", "ProfileRevision"), registry.get_model("methods", "Method")


def database_problems(entries: list[Entry], model: Any, using: str = "default") -> list[str]:
    """What the database refuses: slugs of hosted labs' profiles, methods the library lacks."""
    _profile, _revision, method_model = _models(model)
    problems = []
    slugs = [entry.slug for entry in entries]
    taken = set(
        model._default_manager.db_manager(using)
        .filter(slug__in=slugs, lab__isnull=False)
        .values_list("slug", flat=True)
    )
    wanted = {slug for entry in entries for slug in entry.data["methods"]}
    library = set(
        method_model._default_manager.db_manager(using)
        .filter(lab__isnull=True, slug__in=wanted)
        .values_list("slug", flat=True)
    )
    for entry in entries:
        if entry.slug in taken:
            problems.append(
                f"{entry.where}: the slug is taken by the profile of a lab on this platform; rename one of them"
            )
        missing = [slug for slug in entry.data["methods"] if slug not in library]
        if missing:
            problems.append(f"{entry.where}: methods not in the method library: {', '.join(missing)}")
    return problems


def check_case_studies(model: Any = None, *, paths: Iterable[Path] | None = None, using: str = "default") -> int:
    """Validate without writing; returns the number of entries, raises :class:`CaseStudyError`."""
    model = _default_model(model)
    entries = read_entries(data_files() if paths is None else list(paths), model)
    problems = database_problems(entries, model, using)
    if problems:
        raise CaseStudyError(problems)
    return len(entries)


def _default_model(model: Any) -> Any:
    if model is None:
        from kosilab.knowledge.models import LabProfile

        return LabProfile
    return model


def _record(
    profile: Any, revision_model: Any, *, created: bool, changed: list[str], data: dict[str, Any], using: str
) -> None:
    """The revision of a write by the data file: ``history.record_revision`` for the real model,
    the same rows written directly for a migration's historical model."""
    from kosilab.knowledge.models import LabProfile, RevisionSource

    if type(profile) is LabProfile:
        from kosilab.knowledge.history import record_revision

        record_revision(profile=profile, source=RevisionSource.DATA_FILE, changed=changed, data=data)
        return
    manager = type(profile)._default_manager.db_manager(using)
    if not created:
        profile.version += 1
        manager.filter(pk=profile.pk).update(version=profile.version)
    revision_model._default_manager.db_manager(using).create(
        profile=profile, number=profile.version, source="data_file", changed=changed, data=data
    )


def load_case_studies(model: Any = None, *, paths: Iterable[Path] | None = None, using: str = "default") -> LoadReport:
    """Validate the data files and create or update the case-study profiles, all or nothing.

    ``model`` defaults to :class:`kosilab.knowledge.models.LabProfile`; a migration passes its
    historical model. Raises :class:`CaseStudyError` and writes nothing when any entry is invalid.
    """
    model = _default_model(model)
    _profile, revision_model, method_model = _models(model)
    entries = read_entries(data_files() if paths is None else list(paths), model)
    report = LoadReport()
    manager = model._default_manager.db_manager(using)
    with transaction.atomic(using=using):
        problems = database_problems(entries, model, using)
        if problems:
            raise CaseStudyError(problems)
        existing = {profile.slug: profile for profile in manager.filter(slug__in=[e.slug for e in entries])}
        wanted = {slug for entry in entries for slug in entry.data["methods"]}
        method_ids = dict(
            method_model._default_manager.db_manager(using)
            .filter(lab__isnull=True, slug__in=wanted)
            .values_list("slug", "pk")
        )
        for entry in entries:
            fingerprint = source_hash(entry.data)
            profile = existing.get(entry.slug)
            if profile is not None and profile.source_hash == fingerprint:
                report.unchanged.append(entry.slug)
                continue
            created = profile is None
            before: dict[str, Any] = {}
            if profile is None:
                profile = model(slug=entry.slug)
            else:
                before = snapshot(profile, method_slugs=profile.methods.values_list("slug", flat=True))
            for key in VALUE_KEYS:
                setattr(profile, key, entry.data[key])
            profile.source_hash = fingerprint
            profile_search_update(profile)
            profile.save(using=using)
            slugs = entry.data["methods"]
            profile.methods.set([method_ids[slug] for slug in slugs])
            after = snapshot(profile, method_slugs=slugs)
            changed = changed_facts({}, after) if created else changed_facts(before, after)
            if created or changed:
                _record(profile, revision_model, created=created, changed=changed, data=after, using=using)
            (report.created if created else report.updated).append(entry.slug)
    return report
