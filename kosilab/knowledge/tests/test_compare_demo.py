"""The demo fills the profiles of Dortmund and Wuppertal and names their partners and role models,
through the services, once."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from kosilab.knowledge import selectors
from kosilab.knowledge.demo import load_knowledge_demo
from kosilab.knowledge.models import LabProfile, LabRelation, ProfileRevision
from kosilab.labs.models import Lab

pytestmark = pytest.mark.django_db


def test_the_demo_profiles_and_relations_load_once():
    call_command("seed_demo", verbosity=0)
    dortmund = LabProfile.objects.get(lab__slug="dortmund")
    wuppertal = LabProfile.objects.get(lab__slug="wuppertal")
    assert dortmund.positions == ["inside"] and wuppertal.positions == ["edge", "outside"]
    assert sorted(dortmund.methods.values_list("slug", flat=True)) == [
        "business-model-canvas",
        "design-thinking",
        "prototyping",
    ]
    relations = {(r.lab.slug, r.target.slug, r.kind) for r in LabRelation.objects.select_related("lab", "target")}
    assert relations == {
        ("dortmund", "social-innovation-center-hannover", "role_model"),
        ("dortmund", wuppertal.slug, "partner"),
        ("wuppertal", "la-27e-region", "role_model"),
        ("wuppertal", dortmund.slug, "partner"),
    }
    revisions = ProfileRevision.objects.count()
    assert not load_knowledge_demo()
    call_command("seed_demo", verbosity=0)
    assert ProfileRevision.objects.count() == revisions
    assert LabRelation.objects.count() == 4


def test_labs_like_dortmund_rank_with_reasons():
    call_command("seed_demo", verbosity=0)
    own = selectors.own_profile(Lab.objects.get(slug="dortmund"))
    matches = selectors.similar_labs(own)
    assert len(matches) == 10
    assert all(match.reasons for match in matches[:3])
    assert matches[0].score >= matches[-1].score
