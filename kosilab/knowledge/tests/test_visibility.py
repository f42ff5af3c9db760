"""Who sees a lab profile: the object rule, the queryset and the permission agree (kosilab/core/tests/visibility.py)."""

from __future__ import annotations

from kosilab.core.tests.visibility import agreement
from kosilab.knowledge.policies import profile_policy, relation_policy
from kosilab.knowledge.tests.library_factories import ProfileFactory


@agreement(profile_policy)
def test_profiles(world):
    case_study = ProfileFactory(lab=None)
    return [case_study, *(ProfileFactory(lab=world[lab]) for lab in ("lab", "private_lab", "other_lab"))]


@agreement(relation_policy)
def test_relations(world):
    """Every lab names a case study and every other lab: seen where both labs are seen."""
    from kosilab.knowledge.tests.comparing import case_study, own_profile, relate

    labs = [world[lab] for lab in ("lab", "private_lab", "other_lab")]
    case = case_study("relation-case")
    profiles = {lab.pk: own_profile(lab) for lab in labs}
    relations = [relate(lab, case) for lab in labs]
    relations += [relate(lab, profiles[other.pk], "role_model") for lab in labs for other in labs if other != lab]
    return relations
