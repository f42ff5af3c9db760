"""Lab roles from single sign-on (docs/accounts.md "Single sign-on").

``KOSILAB_SSO_ROLE_MAP`` maps groups at the identity provider to lab roles. At every log-in by
single sign-on, for each lab the map names, the person's role there becomes the strongest one their
groups grant (a lab manager outranks a facilitator); a membership no group grants any more is
removed. A lab never loses its last manager that way: the service refuses, the membership stays,
and the refusal is logged. Labs the map does not name are left alone, so a team set up by hand
stays as it is. Every change goes through the team services and their audit log (``by=None``: the
platform did it, on what the identity provider said).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from kosilab.accounts.extensions import IS_STAFF, SSO_LOGGED_IN
from kosilab.accounts.models import User
from kosilab.accounts.sso_settings import RoleGrant
from kosilab.core.errors import DomainError
from kosilab.core.extensions import contribute
from kosilab.labs.models import Lab, LabMembership, LabRole
from kosilab.labs.services import lab_team_remove, lab_team_set

logger = logging.getLogger(__name__)

RANK = {LabRole.FACILITATOR.value: 1, LabRole.MANAGER.value: 2}


def check_role_map(grants: tuple[RoleGrant, ...]) -> None:
    """At start: every role in the map is a lab role (the labs themselves are looked up at log-in,
    when the database is there)."""
    for grant in grants:
        if grant.role not in LabRole.values:
            raise ImproperlyConfigured(
                f"KOSILAB_SSO_ROLE_MAP: {grant.role!r} (for the group {grant.group!r}) is not a lab role; "
                f"use one of {', '.join(LabRole.values)}."
            )


def wanted_roles(grants: tuple[RoleGrant, ...], groups: list[str]) -> dict[str, str]:
    """Lab slug -> the strongest role the groups grant there."""
    held = set(groups)
    wanted: dict[str, str] = {}
    for grant in grants:
        if grant.group in held and RANK[grant.role] > RANK.get(wanted.get(grant.lab, ""), 0):
            wanted[grant.lab] = grant.role
    return wanted


@contribute(SSO_LOGGED_IN.name)
def apply_role_map(user: User, provider_id: str, groups: list[str]) -> None:
    grants: tuple[RoleGrant, ...] = tuple(settings.KOSILAB_SSO_ROLE_MAP)
    if not grants:
        return
    slugs = sorted({grant.lab for grant in grants})
    labs = {lab.slug: lab for lab in Lab.objects.filter(slug__in=slugs)}
    for slug in slugs:
        if slug not in labs:
            logger.warning("KOSILAB_SSO_ROLE_MAP names the lab %r, which does not exist: skipped.", slug)
    wanted = wanted_roles(grants, groups)
    current = dict(LabMembership.objects.filter(user=user, lab__in=labs.values()).values_list("lab__slug", "role"))
    for slug, lab in sorted(labs.items()):
        role, has = wanted.get(slug), current.get(slug)
        if role == has:
            continue
        try:
            if role is not None:
                lab_team_set(lab=lab, user=user, role=role, by=None)
            else:
                lab_team_remove(lab=lab, user=user, by=None)
        except DomainError as error:
            logger.warning(
                "Single sign-on (%s): the role of user %s in the lab %r stays %r instead of %r: %s",
                provider_id,
                user.pk,
                slug,
                has,
                role,
                error,
            )


@contribute(IS_STAFF.name)
def in_a_lab_team(user: User) -> bool:
    return LabMembership.objects.filter(user=user).exists()
