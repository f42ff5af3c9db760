"""What labs add to the apps below (see kosilab/core/extensions.py)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from kosilab.accounts.extensions import ACCOUNT_DELETING, SECOND_FACTOR_REQUIRED
from kosilab.accounts.models import User
from kosilab.core.errors import DomainError
from kosilab.core.extensions import contribute
from kosilab.labs.models import Lab, LabMembership, LabRole


@contribute(ACCOUNT_DELETING.name)
def keep_a_manager(user: User) -> None:
    """A lab never loses its last manager: the only manager of a lab cannot delete their account.
    The labs are locked, so two managers of one lab deleting their accounts at once cannot both go."""
    managed = list(
        Lab.objects.select_for_update(of=("self",))
        .filter(memberships__user=user, memberships__role=LabRole.MANAGER)
        .order_by("pk")
    )
    for lab in managed:
        others = LabMembership.objects.filter(lab=lab, role=LabRole.MANAGER).exclude(user=user)
        if not others.exists():
            raise DomainError(
                _("You are the only lab manager of %(lab)s. Name another lab manager first.") % {"lab": lab.name}
            )


@contribute(SECOND_FACTOR_REQUIRED.name)
def team_of_a_strict_lab(user: User) -> bool:
    """A lab can require a second factor of its team (``Lab.require_two_factor``)."""
    return LabMembership.objects.filter(user=user, lab__require_two_factor=True).exists()
