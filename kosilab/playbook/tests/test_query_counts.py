"""Every playbook page answers with a fixed number of SQL queries, whatever the number of
assessments, answers, notes, ticks or team members (see kosilab/core/tests/queries.py)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from kosilab.core.tests.factories import UserFactory
from kosilab.core.tests.queries import count
from kosilab.labs.models import LabRole
from kosilab.labs.services import lab_team_set
from kosilab.playbook import services
from kosilab.playbook.content import BLOCK_BY_KEY, ITEM_BY_KEY
from kosilab.playbook.tests.factories import all_answers

pytestmark = pytest.mark.django_db

# Every page: session, user, lab roles, the lab (4); then the page's own reads.
PINS = {
    "overview": 10,  # + progress (block states, ticked items), count, latest, first, their answers
    "phase": 7,  # + block states, checklist states, the team
    "history": 7,  # + count, one page of assessments, their answers
    "assessment": 8,  # + the assessment, its predecessor, the answers of both, the case studies per dimension
    "assessment_new": 5,  # + the case studies per dimension (knowledge, playbook.dimension_examples)
}


@pytest.fixture
def setting(client, lab, manager):
    client.force_login(manager)
    return {"lab": lab, "manager": manager, "url": f"/playbook/{lab.slug}/"}


def _assessments(setting, n):
    start = timezone.now() - datetime.timedelta(days=400)
    for i in range(n):
        services.assessment_create(
            lab=setting["lab"],
            by=UserFactory() if i % 2 else setting["manager"],
            answers=all_answers(i % 5, as_int=True),
            taken_at=start + datetime.timedelta(days=i, minutes=len(str(i))),
        )


def test_overview_with_1_and_20_assessments(client, setting):
    _assessments(setting, 1)
    one = count(client, setting["url"])
    _assessments(setting, 19)
    for key in list(BLOCK_BY_KEY)[:6]:
        services.block_update(lab=setting["lab"], block_key=key, by=setting["manager"], status="done")
    for key in ITEM_BY_KEY:
        services.checklist_set(lab=setting["lab"], item_key=key, done=True, by=setting["manager"])
    twenty = count(client, setting["url"])
    assert (one, twenty) == (PINS["overview"],) * 2


def test_phase_page_with_few_and_many_states_and_team_members(client, setting):
    url = setting["url"] + "concept_development/"
    few = count(client, url)
    for _ in range(20):
        person = UserFactory()
        lab_team_set(lab=setting["lab"], user=person, role=LabRole.FACILITATOR, by=None)
    for key in BLOCK_BY_KEY:
        services.block_update(
            lab=setting["lab"], block_key=key, by=person, status="in_progress", responsible=person, notes="n"
        )
    for key in ITEM_BY_KEY:
        services.checklist_set(lab=setting["lab"], item_key=key, done=True, by=person)
    many = count(client, url)
    assert (few, many) == (PINS["phase"],) * 2


def test_history_with_1_and_50_assessments(client, setting):
    url = setting["url"] + "assessments/"
    _assessments(setting, 1)
    one = count(client, url)
    _assessments(setting, 49)
    fifty = count(client, url)
    assert (one, fifty) == (PINS["history"],) * 2


def test_assessment_detail_and_form(client, setting):
    _assessments(setting, 30)
    latest = setting["lab"].playbook.assessments.first()
    assert count(client, f"{setting['url']}assessments/{latest.pk}/") == PINS["assessment"]
    assert count(client, f"{setting['url']}assessment/new/") == PINS["assessment_new"]
