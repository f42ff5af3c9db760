"""The versions of a lab profile: a snapshot of every fact after each change, with its author.

Every write to a profile (the loader of the data files, an edit, an accepted proposal, a check of
its facts) ends with ``record_revision`` in the same transaction: the profile's ``version`` goes
up by one and a ``ProfileRevision`` keeps the whole profile as it now is, so that any two versions
can be compared and nothing is lost when a data file or a reviewer writes over an edit.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import F

from kosilab.accounts.types import User
from kosilab.knowledge.facets import FACTS
from kosilab.knowledge.models import LabProfile, ProfileProposal, ProfileRevision, RevisionSource

# The fields a snapshot holds: every fact's fields plus the identity of the profile.
IDENTITY_FIELDS = ("name", "city", "country", "website", "status")
SNAPSHOT_FIELDS: tuple[str, ...] = (
    *IDENTITY_FIELDS,
    *(field for fields in FACTS.values() for field in fields if field != "methods"),
)


def snapshot(profile: LabProfile, *, method_slugs: Iterable[str] | None = None) -> dict[str, Any]:
    """The profile's facts as plain JSON (method links as sorted library slugs)."""
    data: dict[str, Any] = {field: getattr(profile, field) for field in SNAPSHOT_FIELDS}
    if method_slugs is None:
        method_slugs = profile.methods.values_list("slug", flat=True) if profile.pk else []
    data["methods"] = sorted(method_slugs)
    data["facts"] = profile.facts
    data["illustrates"] = profile.illustrates
    return data


def changed_facts(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """The fact keys (and identity fields) whose values differ between two snapshots."""
    changed = [field for field in IDENTITY_FIELDS if before.get(field) != after.get(field)]
    for fact, fields in FACTS.items():
        if any(before.get(field) != after.get(field) for field in fields) or (before.get("facts") or {}).get(fact) != (
            after.get("facts") or {}
        ).get(fact):
            changed.append(fact)
    return changed


def record_revision(
    *,
    profile: LabProfile,
    source: RevisionSource,
    author: User | None = None,
    changed: list[str] | None = None,
    comment: str = "",
    proposal: ProfileProposal | None = None,
    data: dict[str, Any] | None = None,
) -> ProfileRevision:
    """Count the profile's version up and keep its state. Call inside the writing transaction."""
    if profile.revisions.exists():
        LabProfile.objects.filter(pk=profile.pk).update(version=F("version") + 1)
        profile.refresh_from_db(fields=["version"])
    return ProfileRevision.objects.create(
        profile=profile,
        number=profile.version,
        author=author,
        source=source,
        changed=changed or [],
        comment=comment,
        data=data if data is not None else snapshot(profile),
        proposal=proposal,
    )
