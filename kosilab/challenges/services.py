"""Writes for challenges and participation in them."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from kosilab.accounts.types import User, Viewer, account
from kosilab.actors.models import Organisation
from kosilab.challenges.models import Challenge, ChallengeStatus, Participation, ParticipationKind, WantedSector
from kosilab.core.audit import log_action
from kosilab.core.content_languages import translation_field_names
from kosilab.core.errors import DomainError
from kosilab.core.sectors import Sector
from kosilab.labs.models import Lab

CHALLENGE_FIELDS = (
    "title",
    "summary",
    "context",
    "goals",
    "status",
    "starts_on",
    "ends_on",
    *translation_field_names(Challenge),
)


def _check_dates(challenge: Challenge) -> None:
    if challenge.starts_on and challenge.ends_on and challenge.ends_on < challenge.starts_on:
        raise DomainError(_("The end must not lie before the start."), field="ends_on")


def _set_wanted_sectors(challenge: Challenge, sectors: list[str]) -> None:
    unknown = set(sectors) - set(Sector.values)
    if unknown:
        raise DomainError(_("Choose valid sectors."), field="wanted_sectors")
    WantedSector.objects.filter(challenge=challenge).exclude(sector__in=sectors).delete()
    existing = set(WantedSector.objects.filter(challenge=challenge).values_list("sector", flat=True))
    WantedSector.objects.bulk_create(
        WantedSector(challenge=challenge, sector=s) for s in Sector.values if s in sectors and s not in existing
    )


def challenge_create(*, lab: Lab, by: Viewer | None, wanted_sectors: list[str], **values: Any) -> Challenge:
    challenge = Challenge(lab=lab, created_by=account(by), **{k: v for k, v in values.items() if k in CHALLENGE_FIELDS})
    _check_dates(challenge)
    challenge.full_clean()
    with transaction.atomic():
        challenge.save()
        _set_wanted_sectors(challenge, wanted_sectors)
        log_action("challenges.challenge.created", actor=by, target=challenge, lab=lab)
    return challenge


def challenge_update(*, challenge: Challenge, by: Viewer | None, wanted_sectors: list[str], **values: Any) -> Challenge:
    changed = [f for f in CHALLENGE_FIELDS if f in values and getattr(challenge, f) != values[f]]
    for field in changed:
        setattr(challenge, field, values[field])
    _check_dates(challenge)
    challenge.full_clean()
    with transaction.atomic():
        challenge.save()
        _set_wanted_sectors(challenge, wanted_sectors)
        log_action("challenges.challenge.updated", actor=by, target=challenge, data={"fields": changed})
    return challenge


def challenge_mark_in_progress(*, challenge: Challenge, by: Viewer | None, because: str) -> None:
    """A draft or open challenge is in progress once a lab process works on it (other states stay).
    Runs inside the caller's transaction."""
    if challenge.status not in (ChallengeStatus.DRAFT, ChallengeStatus.OPEN):
        return
    Challenge.objects.filter(pk=challenge.pk).update(status=ChallengeStatus.IN_PROGRESS)
    log_action(
        "challenges.challenge.status_changed",
        actor=by,
        target=challenge,
        data={"from": challenge.status, "to": ChallengeStatus.IN_PROGRESS, "because": because},
    )
    challenge.status = ChallengeStatus.IN_PROGRESS


def participation_join(
    *, challenge: Challenge, user: User, kind: str, organisation: Organisation | None = None, message: str = ""
) -> Participation:
    """Express interest in or join a challenge. A second click changes nothing but the kind."""
    if not challenge.accepts_participants:
        raise DomainError(_("This challenge does not take new participants."))
    if kind not in ParticipationKind.values:
        raise DomainError(_("Choose whether you are interested or want to take part."), field="kind")
    if organisation is not None:
        profile = getattr(user, "profile", None)
        if profile is None or profile.organisation_id != organisation.pk:
            raise DomainError(_("You can only speak for your own organisation."), field="on_behalf")
    defaults = {"kind": kind, "organisation": organisation, "message": message.strip()[:500]}
    try:
        with transaction.atomic():
            participation, created = Participation.objects.update_or_create(
                challenge=challenge, user=user, defaults=defaults
            )
            log_action(
                "challenges.participation.joined" if created else "challenges.participation.changed",
                actor=user,
                target=challenge,
                data={"kind": kind},
            )
    except IntegrityError:
        # A concurrent double click created the row first: the person is in, which is what they asked.
        participation = Participation.objects.get(challenge=challenge, user=user)
    return participation


def participation_leave(*, challenge: Challenge, user: User) -> None:
    with transaction.atomic():
        deleted, _count = Participation.objects.filter(challenge=challenge, user=user).delete()
        if deleted:
            log_action("challenges.participation.left", actor=user, target=challenge)
