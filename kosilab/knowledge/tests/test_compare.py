"""How alike two labs are (compare.py): the score, the reasons, the differences, the ranking and the
side-by-side rows, on profiles built in memory (no database)."""

from __future__ import annotations

import pytest
from django.utils import translation

from kosilab.knowledge import compare
from kosilab.knowledge.models import LabProfile


def profile(pk: int | None = None, name: str = "Lab", **values) -> LabProfile:
    return LabProfile(pk=pk, name=name, slug=f"lab-{pk}", country="DE", **values)


OWN = {
    "positions": ["edge"],
    "host_types": ["association"],
    "levels": ["municipal"],
    "funding": ["eu_grant", "project"],
    "themes": ["mobility", "ageing_care"],
    "sectors": ["public", "civil_society"],
    "founded": 2016,
    "team_size": 4,
    "has_space": True,
    "term_bound": False,
}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def fixture_labs() -> list[LabProfile]:
    """Five case studies with a known order of likeness to OWN."""
    return [
        profile(1, "Twin", **{**OWN, "founded": 2017}),  # all but one year of founding
        profile(2, "Edge and mobility", positions=["edge"], themes=["mobility"], funding=["eu_grant"]),
        profile(3, "Inside ministry", positions=["inside"], host_types=["government_department"], levels=["national"]),
        profile(4, "Empty"),
        profile(5, "Almost twin", **{**OWN, "funding": ["core_budget"], "team_size": 40}),
    ]


def test_the_ranking_of_a_small_fixture_is_the_known_answer():
    own = profile(None, "Own", **OWN)
    ranked = compare.rank(own, fixture_labs())
    # OWN states position 3, host 2, level 1.5, term 1, funding 2, themes 2, sectors 1, founded 0.5,
    # team 1 and space 0.5: 14.5 in all.
    assert [(m.profile.name, m.percent) for m in ranked] == [
        ("Twin", 100),  # (14.5 − 0.5 × 1/20) / 14.5 = 99.8 %
        ("Almost twin", 80),  # funding 0, team 4 of 40 = 0.1: (14.5 − 2 − 0.9) / 14.5
        ("Edge and mobility", 34),  # position 3 + funding 2 × 1/2 + themes 2 × 1/2 = 5 of 14.5
        ("Empty", 0),  # ties by the number of reasons, then the name
        ("Inside ministry", 0),
    ]
    assert ranked[0].score == pytest.approx((14.5 - 0.5 / 20) / 14.5)


def test_the_weighted_mean_counts_only_what_the_own_profile_states():
    own = profile(None, "Own", positions=["edge"], themes=["mobility"])
    other = profile(1, "Other", positions=["edge"], themes=["health"], funding=["eu_grant"], team_size=3)
    match = compare.compare(own, other)
    weights = compare.WEIGHT_POSITION + compare.WEIGHT_THEME
    assert match.score == pytest.approx(compare.WEIGHT_POSITION / weights)


def test_jaccard_equality_and_closeness():
    criterion = compare.CRITERION_BY_KEY
    own = profile(
        None, themes=["mobility", "health"], autonomy="high", founded=2010, team_size=5, has_space=True, space_m2=100
    )
    other = profile(
        1,
        themes=["mobility", "culture", "education"],
        autonomy="low",
        founded=2015,
        team_size=10,
        has_space=True,
        space_m2=400,
    )
    assert compare.similarity_of(own, other, criterion["theme"]) == pytest.approx(1 / 4)
    assert compare.similarity_of(own, other, criterion["autonomy"]) == 0
    assert compare.similarity_of(own, other, criterion["founded"]) == pytest.approx(1 - 5 / compare.FOUNDED_SPAN)
    assert compare.similarity_of(own, other, criterion["team"]) == pytest.approx(0.5)
    assert compare.similarity_of(own, other, criterion["space"]) == pytest.approx(0.5 + 0.5 * 100 / 400)
    far = profile(2, founded=1980)
    assert compare.similarity_of(own, far, criterion["founded"]) == 0


def test_reasons_are_sentences_strongest_first_and_differences_name_both_values():
    own = profile(None, "Own", **OWN)
    other = profile(
        1,
        "Other",
        positions=["edge"],
        themes=["ageing_care", "mobility", "health"],
        funding=["eu_grant"],
        term_bound=True,
        team_size=5,
    )
    match = compare.compare(own, other)
    assert match.reasons == [
        "Both sit on the edge of government",
        "Both work on ageing and care; mobility",
        "Both funded by: EU or ESF grant",
        "Teams of a similar size (4 and 5 people)",
    ]
    assert compare.Difference("Tied to a term of office", "no", "yes") in match.differences
    assert compare.Difference("Team size", "4 people", "5 people") in match.differences
    # Not stated by the other lab: no difference, just nothing in common.
    assert not any(difference.label == "Level of government" for difference in match.differences)


def test_reasons_in_the_readers_language():
    own = profile(None, "Own", positions=["edge"], themes=["mobility"])
    other = profile(1, "Other", positions=["edge"], themes=["mobility"])
    with translation.override("de"):
        reasons = compare.compare(own, other).reasons
        # (the catalogues are compiled by `make messages`; compare with what they say)
        expected = [
            translation.gettext("Both sit on the edge of government"),
            translation.gettext("Both work on %(values)s") % {"values": translation.gettext("mobility")},
        ]
    assert reasons == expected


def test_a_nearly_empty_profile_is_noticed():
    assert compare.nearly_empty(profile(None, positions=["edge"], themes=["mobility"]))
    assert not compare.nearly_empty(profile(None, **OWN))


def test_the_own_profile_is_never_ranked_and_the_limit_holds():
    own = profile(7, "Own", **OWN)
    others = [profile(i, f"Lab {i:02d}", positions=["edge"]) for i in range(1, 15)]
    ranked = compare.rank(own, [own, *others], limit=10)
    assert len(ranked) == 10
    assert own not in [m.profile for m in ranked]
    # Equal scores: by the name.
    assert [m.profile.name for m in ranked[:3]] == ["Lab 01", "Lab 02", "Lab 03"]


def test_side_by_side_marks_differences_only_where_both_state_a_value():
    own = profile(None, "Own", **OWN)
    same = profile(1, "Same", **OWN)
    other = profile(
        2,
        "Other",
        positions=["inside"],
        themes=["mobility", "ageing_care"],
        status="ended",
        ended=2020,
        end_mode="closed",
        end_reasons=["term_ended"],
    )
    rows = {row.key: row for row in compare.side_by_side(own, [same, other])}
    assert [cell.differs for cell in rows["position"].cells] == [False, False, True]
    assert [cell.differs for cell in rows["theme"].cells] == [False, False, False]
    assert [cell.differs for cell in rows["funding"].cells] == [False, False, False]  # not known: no mark
    assert rows["funding"].cells[2].text == ""
    assert rows["lifespan"].cells[2].text == "ended, 2020, closed"
    assert rows["end_reasons"].cells[2].text == "a term of office ended"
    assert not rows["end_reasons"].compared


def test_each_shared_position_is_a_reason_of_its_own():
    own = profile(None, "Own", positions=["edge", "outside"])
    other = profile(1, "Other", positions=["outside", "edge", "inside"])
    match = compare.compare(own, other)
    assert match.reasons == ["Both sit on the edge of government", "Both work outside government"]
    assert match.score == pytest.approx(2 / 3)


def test_the_fast_ranking_of_rows_agrees_with_the_ranking_of_profiles():
    """``best_rows`` (plain rows, for the page) and ``rank`` (profiles) give the same order."""
    import random

    from kosilab.knowledge.facets import AUTONOMY, FUNDING, HOST_TYPES, LEVELS, POSITIONS, STAGES, THEMES

    rng = random.Random(7)

    def keys(choices, most):
        return rng.sample([key for key, _label in choices], rng.randint(0, most))

    def random_profile(pk):
        return profile(
            pk,
            f"Lab {rng.randint(0, 30)}",
            positions=keys(POSITIONS, 2),
            host_types=keys(HOST_TYPES, 2),
            levels=keys(LEVELS, 1),
            funding=keys(FUNDING, 3),
            themes=keys(THEMES, 4),
            autonomy=rng.choice(["", *dict(AUTONOMY)]),
            stage=rng.choice(["", *dict(STAGES)]),
            term_bound=rng.choice([None, True, False]),
            founded=rng.choice([None, *range(1995, 2025)]),
            team_size=rng.choice([None, 0, *range(1, 40)]),
            has_space=rng.choice([None, True, False]),
            space_m2=rng.choice([None, 50, 300]),
        )

    for _round in range(20):
        own = random_profile(None)
        others = [random_profile(pk) for pk in range(1, 60)]
        names = compare.row_fields(own)
        rows = [tuple(getattr(other, name) for name in names) for other in others]
        assert compare.best_rows(own, rows) == [match.profile.pk for match in compare.rank(own, others)]
