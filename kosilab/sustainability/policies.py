"""Who may see the sustainability records of a lab (kosilab/core/visibility.py).

Mandates, sponsors, funding, renewal decisions and inherited archives are the lab's internal
records: its team (managers and facilitators) sees them, also in a public lab; for everybody else
they do not exist. Nothing here is public.
"""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, Q

from kosilab.core.types import AccountOrAnonymous
from kosilab.core.visibility import VisibilityPolicy, register
from kosilab.labs.roles import lab_roles, staff_lab_ids
from kosilab.sustainability.models import Funding, InheritedArchive, Mandate, RenewalDecision, Sponsor

M = TypeVar("M", bound=Model)


class LabTeamOnlyPolicy(VisibilityPolicy[M]):
    """Seen by the team of the object's lab (and platform admins), by nobody else."""

    def granted(self, user: AccountOrAnonymous, obj: M) -> bool:
        return obj.lab_id in lab_roles(user)  # type: ignore[attr-defined]

    def granted_q(self, user: AccountOrAnonymous) -> Q:
        return Q(lab_id__in=staff_lab_ids(user))


class MandatePolicy(LabTeamOnlyPolicy[Mandate]):
    model = Mandate
    perm = "sustainability.view_mandate"


class SponsorPolicy(LabTeamOnlyPolicy[Sponsor]):
    model = Sponsor
    perm = "sustainability.view_sponsor"


class FundingPolicy(LabTeamOnlyPolicy[Funding]):
    model = Funding
    perm = "sustainability.view_funding"


class RenewalDecisionPolicy(LabTeamOnlyPolicy[RenewalDecision]):
    model = RenewalDecision
    perm = "sustainability.view_renewaldecision"


class InheritedArchivePolicy(LabTeamOnlyPolicy[InheritedArchive]):
    model = InheritedArchive
    perm = "sustainability.view_inheritedarchive"


mandate_policy = register(MandatePolicy())
sponsor_policy = register(SponsorPolicy())
funding_policy = register(FundingPolicy())
decision_policy = register(RenewalDecisionPolicy())
archive_policy = register(InheritedArchivePolicy())
