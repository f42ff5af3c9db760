"""The demo playbooks: Dortmund part-way, Wuppertal further along; loading twice changes nothing."""

from __future__ import annotations

import pytest

from kosilab.core.models import AuditEntry
from kosilab.labs.models import Lab
from kosilab.playbook import selectors
from kosilab.playbook.demo import load_playbook_demo
from kosilab.playbook.models import Assessment, AssessmentAnswer, BlockState, ChecklistState
from kosilab.site.demo import load_demo_base

pytestmark = pytest.mark.django_db


def _snapshot():
    return (
        list(BlockState.objects.order_by("pk").values()),
        list(ChecklistState.objects.order_by("pk").values()),
        list(Assessment.objects.order_by("pk").values()),
        AssessmentAnswer.objects.count(),
        AuditEntry.objects.filter(action__startswith="playbook.").count(),
    )


def test_nothing_happens_without_the_demo_labs():
    assert load_playbook_demo() is False
    assert not BlockState.objects.exists()


def test_demo_shows_dortmund_part_way_and_wuppertal_further_along():
    load_demo_base()
    assert load_playbook_demo() is True
    dortmund = selectors.lab_progress(Lab.objects.get(slug="dortmund"))
    assert dortmund[0].complete
    assert dortmund[1].started and not dortmund[1].complete
    assert not dortmund[2].started and not dortmund[3].started
    wuppertal = selectors.lab_progress(Lab.objects.get(slug="wuppertal"))
    assert [row.complete for row in wuppertal] == [True, True, True, False]
    assert wuppertal[3].started
    assert Assessment.objects.filter(playbook__lab__slug="dortmund").count() == 2
    assert Assessment.objects.filter(playbook__lab__slug="wuppertal").count() == 3
    # The assessments show growth.
    for slug in ("dortmund", "wuppertal"):
        first, latest, _total = selectors.first_and_latest(Lab.objects.get(slug=slug))
        assert all(row.change is not None and row.change > 0 for row in selectors.compare(latest, first))

    before = _snapshot()
    assert load_playbook_demo() is True
    assert _snapshot() == before
