from __future__ import annotations

import pytest

from kosilab.cocreation.demo import load_cocreation_demo
from kosilab.cocreation.models import Comment, Idea, IdeaStatus, Support
from kosilab.site.demo import load_demo_base

pytestmark = pytest.mark.django_db


def test_nothing_without_the_demo_labs():
    assert load_cocreation_demo() == 0
    assert Idea.objects.count() == 0


def test_demo_ideas_once():
    load_demo_base()
    assert load_cocreation_demo() == 3
    assert load_cocreation_demo() == 0
    assert Idea.objects.count() == 3
    assert Comment.objects.filter(parent__isnull=False).count() == 2
    assert Support.objects.count() == 6
    answered = Idea.objects.get(official_answer__gt="")
    assert answered.status == IdeaStatus.PROTOTYPE and answered.phase_id
