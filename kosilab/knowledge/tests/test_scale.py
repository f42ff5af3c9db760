"""Synthetic lab profiles for seed_scale (knowledge/scale.py): enough of them, valid, searchable, the same for a seed."""

from __future__ import annotations

import datetime
import random
from io import StringIO

import pytest
from django.core.management import call_command

from kosilab.core.scale import ScaleContext
from kosilab.knowledge.facets import FACTS
from kosilab.knowledge.models import LabProfile, ProfileRevision
from kosilab.knowledge.scale import CASE_PREFIX, CASES_PER_LAB, profiles
from kosilab.knowledge.search import PROFILE_SEARCH
from kosilab.labs.scale import LabInfo
from kosilab.site.management.commands.seed_scale import scaled_counts

SCALE = 0.01
pytestmark = pytest.mark.django_db


def _seed(seed: int = 5) -> None:
    call_command("seed_scale", scale=SCALE, seed=seed, stdout=StringIO())


def _synthetic():
    return LabProfile.objects.filter(source_hash="").order_by("pk")


def test_two_thousand_profiles_at_scale_one():
    assert scaled_counts(1).labs * (CASES_PER_LAB + 1) >= 2000


def test_every_lab_of_the_batch_and_the_case_studies_get_valid_profiles():
    _seed()
    labs = scaled_counts(SCALE).labs
    profiles = list(_synthetic())
    assert len(profiles) == labs * (CASES_PER_LAB + 1)
    assert sum(1 for profile in profiles if profile.lab_id) == labs
    assert ProfileRevision.objects.filter(profile__in=profiles, number=1).count() == len(profiles)
    for profile in profiles:
        profile.full_clean(exclude=["lab"])
        assert profile.search_de and profile.search_en
        for key, fields in FACTS.items():
            if any(getattr(profile, name) not in (None, "", []) for name in fields if name != "methods"):
                assert profile.facts[key]["sources"], (profile.slug, key)
        assert profile.methods.count() == 2
    # The FTS5 table (SQLite) or the GIN indexes (PostgreSQL) find them.
    found = PROFILE_SEARCH.search(LabProfile.objects.all(), "invented benchmarks")
    assert found.count() == len(profiles)


def test_a_second_batch_continues_the_numbers():
    _seed(seed=5)
    first = _synthetic().count()
    _seed(seed=5)
    assert _synthetic().count() == 2 * first
    assert LabProfile.objects.filter(slug=f"{CASE_PREFIX}{2 * CASES_PER_LAB * scaled_counts(SCALE).labs}").exists()


def test_the_same_seed_gives_the_same_profiles(query_setting):
    info = LabInfo(lab=query_setting["lab"], manager=query_setting["manager"], facilitators=[], steps=[])
    now = datetime.datetime(2027, 3, 1, 10, 0, tzinfo=datetime.UTC)

    def run():
        ctx = ScaleContext(counts=scaled_counts(SCALE), rng=random.Random(3), out=StringIO(), now=now)
        made = profiles(ctx, [info])
        fields = ("slug", "name", "country", "founded", "ended", "status", "themes", "facts", "search_de")
        rows = list(LabProfile.objects.filter(pk__in=[p.pk for p in made]).order_by("slug").values_list(*fields))
        LabProfile.objects.filter(pk__in=[p.pk for p in made]).delete()
        return rows

    first = run()
    assert len(first) == CASES_PER_LAB + 1
    assert run() == first
