"""Recommendations: scoring and ranking over hand-made methods."""

from __future__ import annotations

import pytest
from django.utils import translation

from kosilab.core.tests.factories import LabFactory
from kosilab.methods.models import Method
from kosilab.methods.recommend import recommend
from kosilab.methods.tests.factories import MethodFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(db):
    Method.objects.all().delete()  # only the methods of each test
    with translation.override("en"):
        yield


def ask(**values):
    arguments = {"phase": None, "participants": None, "minutes": None, "setting": None} | values
    return recommend(**arguments)


def titles(results):
    return [r.method.title for r in results]


def test_the_phase_fit_beats_everything_else():
    MethodFactory(title="Fits the phase", phases=["proposals"], difficulty=3, group_min=20, group_max=40)
    MethodFactory(title="Other phase", phases=["scaling"], difficulty=1)
    results = ask(phase="proposals", participants=25, minutes=120, setting="offline")
    assert titles(results) == ["Fits the phase", "Other phase"]
    assert "Suits the phase Ideas" in results[0].reasons
    assert "Not written for the phase Ideas" in results[1].concerns


def test_a_method_too_long_for_the_slot_is_left_out():
    MethodFactory(title="Long", duration_min=240, duration_max=480)
    MethodFactory(title="Short", duration_min=30, duration_max=60)
    assert titles(ask(minutes=180)) == ["Short"]
    assert titles(ask(minutes=240)) == ["Short", "Long"]


def test_a_comfortable_fit_beats_a_short_run():
    MethodFactory(title="A tight", duration_min=60, duration_max=240)
    MethodFactory(title="B comfortable", duration_min=60, duration_max=120)
    results = ask(minutes=120)
    assert titles(results) == ["B comfortable", "A tight"]
    assert results[0].reasons[0] == "Needs 60–120 minutes (you have 120)"
    assert results[1].reasons[0] == "Needs 60–240 minutes; a short run fits your 120"


def test_a_group_out_of_range_is_penalised_by_its_distance():
    MethodFactory(title="A far", group_min=5, group_max=8)
    MethodFactory(title="B near", group_min=5, group_max=22)
    MethodFactory(title="C fits", group_min=12, group_max=200)
    results = ask(participants=25)
    assert titles(results) == ["C fits", "B near", "A far"]
    assert results[0].reasons[0] == "Works for 12–200 people (you have 25)"
    assert results[1].concerns == ["Made for 5–22 people; you have 25"]
    assert results[0].score > results[1].score > results[2].score


def test_too_few_people_is_named():
    MethodFactory(title="Big", group_min=20, group_max=200)
    [result] = ask(participants=4)
    assert result.concerns == ["Made for 20–200 people; you have only 4"]


def test_the_setting_counts():
    MethodFactory(title="A room only", online=False, offline=True)
    MethodFactory(title="B online", online=True, offline=False)
    online = ask(setting="online")
    assert titles(online) == ["B online", "A room only"]
    assert "Works online" in online[0].reasons
    assert "Made for a room, not for online sessions" in online[1].concerns
    assert titles(ask(setting="offline")) == ["A room only", "B online"]
    assert "Works in a room" in ask(setting="offline")[0].reasons


def test_difficulty_breaks_ties_then_the_title_then_the_id():
    MethodFactory(title="Zeta", difficulty=1)
    MethodFactory(title="Alpha", difficulty=3)
    MethodFactory(title="Beta", difficulty=1)
    first = MethodFactory(title="Same", difficulty=2)
    second = MethodFactory(title="Same", difficulty=2)
    results = ask(phase="proposals")
    assert titles(results) == ["Beta", "Zeta", "Same", "Same", "Alpha"]
    assert [r.method.pk for r in results[2:4]] == [first.pk, second.pk]
    assert "Easy to facilitate, also for first-timers" in results[0].reasons
    assert "Demanding: for experienced facilitators" in results[-1].concerns


def test_a_labs_own_methods_are_slightly_preferred_and_others_left_out():
    lab, other = LabFactory(slug="a"), LabFactory(slug="b")
    MethodFactory(title="A shared")
    MethodFactory(title="B ours", lab=lab)
    MethodFactory(title="C theirs", lab=other)
    results = recommend(phase="proposals", participants=10, minutes=90, setting=None, lab=lab)
    assert titles(results) == ["B ours", "A shared"]
    assert "Your lab's own method" in results[0].reasons
    assert titles(ask(phase="proposals")) == ["A shared"]  # without a lab: the shared library only


def test_the_limit_and_explicit_candidates():
    methods = [MethodFactory(title=f"M{i:02d}") for i in range(15)]
    assert len(ask()) == 10
    assert len(recommend(phase=None, participants=None, minutes=None, setting=None, limit=3)) == 3
    chosen = recommend(phase=None, participants=None, minutes=None, setting=None, methods=methods[5:7])
    assert titles(chosen) == ["M05", "M06"]


def test_a_phase_of_the_labs_own_is_ignored():
    MethodFactory(title="A")
    [result] = ask(phase="our-own-phase")
    assert not any("phase" in text for text in result.reasons + result.concerns)


def test_reasons_are_in_the_readers_language():
    MethodFactory(title="A", group_min=2, group_max=10)
    with translation.override("de"):
        [result] = ask(phase="proposals", participants=5, minutes=120, setting="online")
    assert len(result.reasons) + len(result.concerns) == 5
