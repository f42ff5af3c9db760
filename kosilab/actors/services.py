from __future__ import annotations

from typing import Any

from django.db import transaction

from kosilab.accounts.services import user_update
from kosilab.accounts.types import User, Viewer
from kosilab.actors.models import Organisation, Profile
from kosilab.core.audit import log_action

PROFILE_FIELDS = ("organisation", "sector", "position", "skills", "interests", "bio", "visibility")
ORGANISATION_FIELDS = ("name", "sector", "city", "website", "description")


def profile_update(*, profile: Profile, by: Viewer | None, **values: Any) -> Profile:
    """Update a profile. With an organisation named, the person's sector is the organisation's."""
    for field in PROFILE_FIELDS:
        if field in values:
            setattr(profile, field, values[field])
    if profile.organisation is not None:
        profile.sector = profile.organisation.sector
    profile.full_clean()
    with transaction.atomic():
        profile.save()
        log_action("actors.profile.updated", actor=by, target=profile)
    return profile


def account_update(*, user: User, profile: Profile, name: str, language: str, **profile_values: Any) -> User:
    """Save the person's account (name, language) and profile together: both or neither."""
    with transaction.atomic():
        user_update(user=user, name=name, language=language)
        profile_update(profile=profile, by=user, **profile_values)
    return user


def organisation_create(*, by: Viewer | None, **values: Any) -> Organisation:
    org = Organisation(**{k: v for k, v in values.items() if k in ORGANISATION_FIELDS})
    org.full_clean()
    with transaction.atomic():
        org.save()
        log_action("actors.organisation.created", actor=by, target=org)
    return org


def organisation_update(*, organisation: Organisation, by: Viewer | None, **values: Any) -> Organisation:
    changed = [f for f in ORGANISATION_FIELDS if f in values and getattr(organisation, f) != values[f]]
    for field in changed:
        setattr(organisation, field, values[field])
    organisation.full_clean()
    with transaction.atomic():
        organisation.save()
        # People of this organisation take its sector with them.
        moved = (
            Profile.objects.filter(organisation=organisation)
            .exclude(sector=organisation.sector)
            .update(sector=organisation.sector)
        )
        log_action(
            "actors.organisation.updated",
            actor=by,
            target=organisation,
            data={"fields": changed, "profiles_moved_to_sector": moved},
        )
    return organisation
