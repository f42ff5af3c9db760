"""The playbook's structure: stable, unique keys and the shape the issue asks for."""

from __future__ import annotations

from django.utils import translation

from kosilab.playbook.content import (
    BLOCK_BY_KEY,
    DIMENSIONS,
    ITEM_BY_KEY,
    PHASES,
    QUESTION_BY_KEY,
    SCALE,
    THEMES,
)


def test_four_phases_in_order_with_their_keys():
    assert [p.key for p in PHASES] == [
        "goal_definition",
        "concept_development",
        "first_implementation",
        "establishment",
    ]
    assert [p.number for p in PHASES] == [1, 2, 3, 4]


def test_each_phase_has_one_block_per_theme_with_three_to_five_questions():
    for phase in PHASES:
        assert [b.theme for b in phase.blocks] == [key for key, _label in THEMES]
        for block in phase.blocks:
            assert 3 <= len(block.questions) <= 5, block.key
        assert 3 <= len(phase.checklist) <= 6, phase.key


def test_keys_are_unique_across_the_playbook():
    items = [item.key for phase in PHASES for item in phase.checklist]
    assert len(items) == len(set(items)) == len(ITEM_BY_KEY)
    assert len(BLOCK_BY_KEY) == 12
    questions = [q.key for d in DIMENSIONS for q in d.questions]
    assert len(questions) == len(set(questions)) == len(QUESTION_BY_KEY)


def test_assessment_has_five_or_six_dimensions_with_three_or_four_questions():
    assert 5 <= len(DIMENSIONS) <= 6
    for dimension in DIMENSIONS:
        assert 3 <= len(dimension.questions) <= 4
    assert [score for score, _label in SCALE] == [0, 1, 2, 3, 4]


def test_texts_are_translatable_strings():
    with translation.override("en"):
        assert str(PHASES[0].title) == "Goal definition"
        assert str(PHASES[0].blocks[1].title) == "Structure, resources and competences"
        assert str(DIMENSIONS[0].title) == "Political backing"
