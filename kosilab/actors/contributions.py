"""What actors add to the apps below (see kosilab/core/extensions.py)."""

from __future__ import annotations

from kosilab.accounts.extensions import ACCOUNT_CREATED
from kosilab.accounts.models import User
from kosilab.actors.models import Profile
from kosilab.core.extensions import contribute


@contribute(ACCOUNT_CREATED.name)
def empty_profile(user: User) -> None:
    """Every account has a profile from its sign-up on (private until the person fills it in)."""
    Profile.objects.create(user=user)
