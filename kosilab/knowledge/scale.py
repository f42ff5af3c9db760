"""Synthetic lab profiles in bulk, for ``manage.py seed_scale`` (see kosilab/core/scale.py).

Each lab of the batch gets its own profile, and the library gets invented case studies beside
the real ones: ``CASES_PER_LAB`` per lab of the batch (1,950 at scale 1, so that there are at least
2,000 profiles). Every profile states its facts with a source and has one version ("data file");
the search columns are filled like the loader fills them, and on SQLite the FTS5 table's triggers
index the rows as they are inserted.
"""

from __future__ import annotations

import re
from typing import Any

from kosilab.core.scale import ScaleContext, highest_number
from kosilab.knowledge.facets import (
    AUTONOMY,
    END_MODES,
    END_REASONS,
    FACTS,
    FUNDING,
    HOST_TYPES,
    LEVELS,
    METHOD_FAMILIES,
    POSITIONS,
    PURPOSES,
    SECTORS,
    STAGES,
    THEMES,
    Choices,
)
from kosilab.knowledge.history import changed_facts, snapshot
from kosilab.knowledge.models import LabProfile, ProfileRevision, RevisionSource
from kosilab.knowledge.search import profile_search_update
from kosilab.labs.scale import LabInfo
from kosilab.methods.scale import shared_methods

CASES_PER_LAB = 39
CASE_PREFIX = "scale-case-"
SOURCE = "https://example.org/scale/case-study"
COUNTRIES = {"DE": 30, "NL": 8, "DK": 6, "GB": 10, "FR": 8, "ES": 6, "IT": 5, "SE": 5, "FI": 4, "US": 8, "CA": 4,
             "MX": 3, "CL": 2, "KR": 3, "AU": 4, "NZ": 2, "AT": 4, "CH": 3, "BE": 3, "PL": 2}  # fmt: skip
CITIES = ["Nordstadt", "Harbourside", "Riverton", "Lindenau", "Westend", "Oakfield", "Seeburg", "Millbrook"]
WORDS = ["Civic", "Public", "Social", "Open", "City", "Policy", "Future", "Community", "Design", "Innovation"]
KINDS = ["Lab", "Studio", "Werkstatt", "Hub", "Labor", "Unit", "Office"]


def _keys(choices: Choices) -> list[str]:
    return [key for key, _label in choices]


def case_offset() -> int:
    """Where the numbering of a new batch's case studies continues."""
    slugs = LabProfile.objects.filter(slug__startswith=CASE_PREFIX).values_list("slug", flat=True)
    return highest_number(list(slugs), rf"{re.escape(CASE_PREFIX)}(\d+)")


def _profile(ctx: ScaleContext, **identity: Any) -> LabProfile:
    """A profile with every facet drawn at random (the same for the same seed), each fact sourced."""
    rng = ctx.rng
    founded = rng.randint(1995, ctx.today.year - 1)
    ended = rng.randint(founded, ctx.today.year) if rng.random() < 0.35 else None
    status = "ended" if ended is not None else ctx.pick({"active": 8, "unknown": 1})
    profile = LabProfile(
        founded=founded if rng.random() < 0.92 else None,
        ended=ended,
        status=status,
        end_mode=rng.choice(_keys(END_MODES)) if ended else "",
        end_reasons=rng.sample(_keys(END_REASONS), rng.randint(1, 2)) if ended else [],
        stage=rng.choice(["", *_keys(STAGES)]),
        positions=rng.sample(_keys(POSITIONS), 1),
        host_types=rng.sample(_keys(HOST_TYPES), 1),
        levels=rng.sample(_keys(LEVELS), 1),
        autonomy=rng.choice(["", *_keys(AUTONOMY)]),
        funding=rng.sample(_keys(FUNDING), rng.randint(1, 3)),
        purposes=rng.sample(_keys(PURPOSES), rng.randint(1, 2)),
        method_families=rng.sample(_keys(METHOD_FAMILIES), rng.randint(1, 3)),
        themes=rng.sample(_keys(THEMES), rng.randint(1, 3)),
        sectors=rng.sample(_keys(SECTORS), rng.randint(1, 4)),
        term_bound=rng.choice([True, False, None]),
        has_space=rng.choice([True, False, None]),
        team_size=rng.randint(2, 40),
        **identity,
    )
    if profile.founded is not None and profile.ended is not None and profile.ended < profile.founded:
        profile.ended = profile.founded
    city = profile.city
    profile.summary_de = f"Ein erfundenes Labor in {city} für Tests und Benchmarks, mit Schwerpunkt auf Beteiligung."
    profile.summary_en = f"An invented lab in {city} for tests and benchmarks, focused on participation."
    profile.team_de, profile.team_en = "Designerinnen und Verwaltungsfachleute", "Designers and civil servants"
    profile.impact_de, profile.impact_en = "Drei Pilotprojekte wurden übernommen.", "Three pilots were taken over."
    checked = ctx.days_ago(0, 400).isoformat()
    profile.facts = {
        key: {"sources": [SOURCE], "certainty": ctx.pick({"confirmed": 8, "unverified": 1}), "checked": checked}
        for key, fields in FACTS.items()
        if any(getattr(profile, name) not in (None, "", []) for name in fields if name != "methods") or key == "methods"
    }
    profile_search_update(profile)
    return profile


def profiles(ctx: ScaleContext, labs: list[LabInfo]) -> list[LabProfile]:
    """An own profile for each lab of the batch, ``CASES_PER_LAB`` case studies per lab, one version
    each, and two methods of the library linked to every profile."""
    rng = ctx.rng
    made = [
        _profile(ctx, slug=info.lab.slug, lab=info.lab, name=info.lab.name, city=info.lab.city, country="DE")
        for info in labs
    ]
    offset = case_offset()
    for number in range(offset + 1, offset + 1 + CASES_PER_LAB * len(labs)):
        city = f"{rng.choice(CITIES)} {number}"
        name = f"{rng.choice(WORDS)} {rng.choice(KINDS)} {city}"
        made.append(_profile(ctx, slug=f"{CASE_PREFIX}{number}", name=name, city=city, country=ctx.pick(COUNTRIES)))
    created = ctx.bulk(LabProfile, made)
    methods = shared_methods()
    links = []
    slugs: dict[int, list[str]] = {}
    for profile in created:
        chosen = rng.sample(methods, min(2, len(methods))) if methods else []
        slugs[profile.pk] = sorted(method.slug for method in chosen)
        links += [LabProfile.methods.through(labprofile_id=profile.pk, method_id=method.pk) for method in chosen]
    ctx.bulk(LabProfile.methods.through, links)
    revisions = []
    for profile in created:
        data = snapshot(profile, method_slugs=slugs[profile.pk])
        revisions.append(
            ProfileRevision(
                profile=profile,
                number=1,
                source=RevisionSource.DATA_FILE,
                changed=changed_facts({}, data),
                data=data,
            )
        )
    ctx.bulk(ProfileRevision, revisions)
    ctx.progress(f"{len(created)} lab profiles ({len(labs)} of the batch's labs), {len(links)} method links")
    return created
