"""The full-text search on both databases (kosilab/core/fulltext.py, kosilab/knowledge/search.py).

The same expectations hold on SQLite (FTS5) and PostgreSQL (GIN indexes): CI runs this module on
both. Every word must match, in German or in English; the last word may be the start of a word;
quotes, operators and punctuation cannot break the query.
"""

from __future__ import annotations

import pytest
from django.db import connection

from kosilab.core.fulltext import words
from kosilab.knowledge.models import LabProfile
from kosilab.knowledge.search import PROFILE_SEARCH, profile_refresh, profile_search_text
from kosilab.knowledge.tests.library_factories import ProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def profiles(db):
    LabProfile.objects.all().delete()  # without the case studies of migration 0003
    return {
        "mobility": ProfileFactory(
            slug="mobility",
            name="Stadtlabor Verkehr",
            city="Dortmund",
            country="DE",
            summary_de="Das Labor erprobt Fahrradgaragen mit Bürgerinnen und Bürgern.",
            summary_en="The lab tries out bicycle garages with residents.",
            themes=["mobility"],
        ),
        "care": ProfileFactory(
            slug="care",
            name="Care Lab",
            city="Helsinki",
            country="FI",
            summary_de="",
            summary_en="A design lab for care homes and their residents.",
            themes=["ageing_care"],
        ),
        "other": ProfileFactory(
            slug="other", name="Open Data Lab", country="MX", summary_en="Civic tech in Mexico City."
        ),
    }


def found(query):
    return sorted(profile.slug for profile in PROFILE_SEARCH.search(LabProfile.objects.all(), query))


@pytest.mark.parametrize(
    ("query", "slugs"),
    [
        ("Fahrradgaragen", ["mobility"]),  # German text
        ("bicycle garages", ["mobility"]),  # English text
        ("Fahrradgaragen residents", ["mobility"]),  # one word in each language
        ("residents", ["care", "mobility"]),
        ("residents Helsinki", ["care"]),  # every word must match
        ("Helsinki Dortmund", []),
        ("bicyc", ["mobility"]),  # the last word as a prefix
        ("Dortm", ["mobility"]),
        ("mobility", ["mobility"]),  # a facet's label
        ("aktiv Dortmund", ["mobility"]),  # the status in German
        ("active Helsinki", ["care"]),  # and in English
        ("Finnland", ["care"]),  # the country's name in German
        ("Mexico", ["other"]),
        ('"care" OR dortmund*', []),  # operators are words: care and or and dortmund
        ('care"', ["care"]),  # a stray quote
        ("(care AND lab)", ["care"]),
        ("NEAR(care lab)", []),  # NEAR is a word like any other
        ("-care", ["care"]),  # no negation
        ("care:*", ["care"]),
    ],
)
def test_every_word_must_match_in_either_language(profiles, query, slugs):
    assert found(query) == slugs


@pytest.mark.parametrize("query", ["", "   ", '""', "*", "()", ":-", "'"])
def test_a_query_without_words_leaves_the_list_alone(profiles, query):
    assert words(query) == []
    assert found(query) == ["care", "mobility", "other"]


def test_words_are_cut_to_a_sane_length_and_number():
    assert words("a " * 20) == ["a"] * 8
    assert words("x" * 500) == ["x" * 60]
    assert words("co-production, Bürger_innen") == ["co", "production", "Bürger", "innen"]


def test_the_best_match_comes_first(profiles):
    ProfileFactory(slug="gardens", name="Garden Lab", summary_en="Gardens, gardens and community gardens.")
    ProfileFactory(slug="one-garden", name="Harbour Lab", summary_en="A harbour lab with one garden.")
    ranked = PROFILE_SEARCH.search(LabProfile.objects.all(), "garden").order_by("-search_rank", "pk")
    assert [profile.slug for profile in ranked] == ["gardens", "one-garden"]
    assert all(profile.search_rank > 0 for profile in ranked)


def test_writes_keep_the_search_current(profiles):
    care = profiles["care"]
    care.summary_en = "A lab for libraries."
    profile_refresh(profile=care)
    assert found("libraries") == ["care"]
    assert found("homes") == []
    LabProfile.objects.filter(slug="care").delete()
    assert found("libraries") == []
    assert found("residents") == ["mobility"]


def test_the_search_text_holds_both_languages_in_each_column(profiles):
    texts = profile_search_text(profiles["mobility"])
    for column in ("search_de", "search_en"):
        assert "Fahrradgaragen" in texts[column] and "bicycle" in texts[column]
        assert "aktiv" in texts[column] and "active" in texts[column]
        assert "Deutschland" in texts[column] and "Germany" in texts[column]
    assert texts["search_de"].index("Fahrradgaragen") < texts["search_de"].index("bicycle")
    assert texts["search_en"].index("bicycle") < texts["search_en"].index("Fahrradgaragen")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan")
def test_postgresql_uses_the_gin_indexes(profiles):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = LabProfile.objects.filter(PROFILE_SEARCH.condition(connection, "design lab")).only("id").explain()
    assert "knowledge_profile_search_de" in plan, plan
    assert "knowledge_profile_search_en" in plan, plan


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 table")
def test_sqlite_puts_back_triggers_that_a_table_rebuild_dropped(profiles):
    with connection.cursor() as cursor:
        for name in ("insert", "update", "delete"):
            cursor.execute(f'DROP TRIGGER "knowledge_labprofile_fts_{name}"')
    stale = ProfileFactory(slug="stale", summary_en="Written while the triggers were gone: zeppelins.")
    assert found("zeppelins") == []
    assert PROFILE_SEARCH.ensure(connection) is True
    assert found("zeppelins") == [stale.slug]
    assert PROFILE_SEARCH.ensure(connection) is False  # nothing missing any more
    ProfileFactory(slug="fresh", summary_en="Balloons.")
    assert found("balloons") == ["fresh"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 table")
def test_sqlite_matches_without_diacritics(profiles):
    assert found("Burgerinnen") == ["mobility"]
    assert found("burger") == ["mobility"]
