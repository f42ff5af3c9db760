"""Writes of the knowledge app: edits and checks of lab profiles, a hosted lab's own profile, and the
proposals of lab staff that platform admins review (docs/knowledge.md).

Every write of a profile runs in one transaction: the search columns are computed before the row is
saved (``search.profile_search_update``), and it ends with ``history.record_revision`` (the whole
profile as it now is, with its author and why).

Two rules the database keeps, not Python alone:

- **No lost edit.** A profile is written only at the version the writer saw: a conditional
  ``UPDATE … WHERE version = <seen>`` claims the row first (it locks it until the commit; a second
  writer that saw the same version finds no row and is refused with a clear message). The version
  then moves on with the revision.
- **A proposal is decided once.** Accepting, rejecting and withdrawing move it out of "pending" by
  a conditional ``UPDATE … WHERE status = 'pending'``: of two admins who accept the same proposal
  at once, one wins and the other is told it has been decided.

Provenance: each fact of ``facets.FACTS`` carries its sources, certainty and the day it was last
checked (``LabProfile.facts``). A write gives every fact it changes (or gives new sources for) the
sources given for that fact, else the write's own sources (those of a proposal), the date of today
and the certainty "confirmed" unless the writer marked the fact "unverified". A fact that is now
empty loses its entry. On a hosted lab's own profile a fact without a source is the lab's own
statement ("confirmed", no source); on a case study it is "source not recorded".
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kosilab.accounts.types import User, Viewer, account
from kosilab.core.audit import log_action
from kosilab.core.errors import DomainError
from kosilab.core.mail import send_templated_mail, site_url
from kosilab.core.roles import is_platform_admin
from kosilab.core.slugs import save_under_free_slug
from kosilab.knowledge.countries import is_country
from kosilab.knowledge.facets import FACETS, FACTS
from kosilab.knowledge.history import IDENTITY_FIELDS, record_revision, snapshot
from kosilab.knowledge.models import (
    LabProfile,
    LabRelation,
    ProfileProposal,
    ProposalStatus,
    RelationKind,
    RevisionSource,
)
from kosilab.knowledge.search import profile_search_update
from kosilab.labs.models import Lab
from kosilab.labs.roles import lab_roles
from kosilab.methods.models import Method

# The values a profile form writes: its identity and every fact's fields ("methods": library slugs).
VALUE_FIELDS: tuple[str, ...] = (*IDENTITY_FIELDS, *(field for fields in FACTS.values() for field in fields))
# The facets stored as lists of keys, with their vocabularies.
LIST_VOCABULARIES: dict[str, tuple[str, ...]] = {
    facet.field: tuple(key for key, _label in facet.choices) for facet in FACETS if facet.multiple
}
TEXT_FIELDS = frozenset(
    name for name in VALUE_FIELDS if name.endswith(("_de", "_en")) or name in {"name", "city", "website"}
)
CERTAINTY_GIVEN = ("confirmed", "unverified")  # what a writer may say of a fact; the others come from research
SLUG_MAX = 80
SOURCES_MAX = 30
SOURCE_LENGTH = 500
YEAR_FIRST = 1900
TEAM_MAX = 10_000
SPACE_MAX = 100_000


def _stale() -> DomainError:
    return DomainError(
        _(
            "Somebody else has changed this profile since you opened it. Nothing has been saved: "
            "please open it again, look at the current values and make your change once more."
        )
    )


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


# --- Checking input ------------------------------------------------------------------------------


def sources_parse(*, text: str, field: str = "sources") -> list[str]:
    """Sources written one per line: web addresses or references (a book, a report, an interview).

    A line that starts like a web address must be one. Refuses more than ``SOURCES_MAX`` lines and
    lines longer than ``SOURCE_LENGTH``; empty lines are dropped, repeated ones kept once.
    """
    sources: list[str] = []
    for raw in text.splitlines():
        line = " ".join(raw.split())
        if not line or line in sources:
            continue
        if len(line) > SOURCE_LENGTH:
            raise DomainError(
                _("A source may have at most %(count)d characters. Put each source on a line of its own.")
                % {"count": SOURCE_LENGTH},
                field=field,
            )
        if line.lower().startswith(("http:", "https:", "www.")):
            address = line if not line.lower().startswith("www.") else f"https://{line}"
            try:
                URLValidator(schemes=["http", "https"])(address)
            except ValidationError:
                raise DomainError(
                    _("“%(line)s” is not a valid web address.") % {"line": line[:80]}, field=field
                ) from None
            line = address
        sources.append(line)
    if len(sources) > SOURCES_MAX:
        raise DomainError(_("Please name at most %(count)d sources.") % {"count": SOURCES_MAX}, field=field)
    return sources


def _clean_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """The profile values of a form or a proposal, checked against the vocabularies (lists in the
    vocabulary's order, texts stripped); unknown fields are a programming error."""
    unknown = set(values) - set(VALUE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown profile fields: {sorted(unknown)}")
    cleaned: dict[str, Any] = {}
    for name, value in values.items():
        if name in LIST_VOCABULARIES:
            vocabulary = LIST_VOCABULARIES[name]
            given = list(value or [])
            wrong = [key for key in given if key not in vocabulary]
            if wrong:
                raise DomainError(_("“%(key)s” is not one of the choices.") % {"key": str(wrong[0])[:40]}, field=name)
            cleaned[name] = [key for key in vocabulary if key in given]
        elif name == "methods":
            slugs = sorted(set(value or []))
            found = set(Method.objects.filter(lab__isnull=True, slug__in=slugs).values_list("slug", flat=True))
            missing = [slug for slug in slugs if slug not in found]
            if missing:
                raise DomainError(
                    _("The method library has no method “%(slug)s”.") % {"slug": str(missing[0])[:80]}, field=name
                )
            cleaned[name] = slugs
        elif name in TEXT_FIELDS:
            cleaned[name] = (value or "").strip()
        elif name == "country":
            cleaned[name] = (value or "").strip().upper()
        else:
            cleaned[name] = value
    return cleaned


def _clean_provenance(facts: Mapping[str, Any] | None) -> dict[str, dict[str, Any]]:
    """Per fact: the sources given for it and whether the writer marked it unverified."""
    cleaned: dict[str, dict[str, Any]] = {}
    for fact, given in (facts or {}).items():
        if fact not in FACTS:
            raise TypeError(f"Unknown fact: {fact}")
        sources = [str(source) for source in given.get("sources") or []]
        certainty = given.get("certainty") or "confirmed"
        if certainty not in CERTAINTY_GIVEN:
            raise DomainError(_("Choose whether the fact is confirmed or unverified."))
        if len(sources) > SOURCES_MAX or any(len(source) > SOURCE_LENGTH for source in sources):
            raise DomainError(_("Please name at most %(count)d sources.") % {"count": SOURCES_MAX})
        if sources or certainty != "confirmed":
            cleaned[fact] = {"sources": sources, "certainty": certainty}
    return cleaned


def _check_profile(profile: LabProfile, *, exclude: Iterable[str] = ()) -> None:
    """The rules of a profile that its fields alone do not say, then the model's own validation."""
    if not is_country(profile.country or ""):
        raise DomainError(_("Enter the country as its two-letter code, e.g. DE."), field="country")
    if profile.status == "ended" and not profile.end_mode:
        raise DomainError(_("Say how the lab ended."), field="end_mode")
    if profile.status == "active" and profile.ended is not None:
        raise DomainError(_("An active lab has no year in which it ended."), field="ended")
    if profile.status == "active" and (profile.end_mode or profile.end_reasons):
        raise DomainError(_("An active lab has not ended: leave how and why it ended empty."), field="end_mode")
    latest = timezone.localdate().year + 1
    for name in ("founded", "ended"):
        year = getattr(profile, name)
        if year is not None and not YEAR_FIRST <= year <= latest:
            raise DomainError(
                _("Please enter a year between %(first)d and %(last)d.") % {"first": YEAR_FIRST, "last": latest},
                field=name,
            )
    for name, most in (("team_size", TEAM_MAX), ("space_m2", SPACE_MAX)):
        number = getattr(profile, name)
        if number is not None and number > most:
            raise DomainError(_("Please enter at most %(most)d.") % {"most": most}, field=name)
    if profile.founded is not None and profile.ended is not None and profile.ended < profile.founded:
        raise DomainError(_("A lab cannot end before it was founded."), field="ended")
    if profile.has_space is False and profile.space_m2:
        raise DomainError(_("A lab without its own space has no floor area."), field="space_m2")
    try:
        profile.full_clean(exclude=["slug", "lab", *exclude], validate_unique=False)
    except ValidationError as error:
        name, messages = next(iter(error.message_dict.items()))
        raise DomainError(messages[0], field=None if name == "__all__" else name) from None


# --- Writing a profile ---------------------------------------------------------------------------


def _apply(profile: LabProfile, values: Mapping[str, Any]) -> None:
    for name, value in values.items():
        if name != "methods":
            setattr(profile, name, value)


def _write(
    *,
    profile: LabProfile,
    actor: Viewer | None,
    values: Mapping[str, Any],
    provenance: Mapping[str, dict[str, Any]],
    source: RevisionSource,
    comment: str,
    default_sources: list[str] | None = None,
    proposal: ProfileProposal | None = None,
    allow_unchanged: bool = False,
) -> list[str]:
    """Write ``values`` into ``profile`` (a row the caller has claimed), set the provenance of the
    facts it changes, record the revision and refresh the search. Returns what changed."""
    before = snapshot(profile)
    _apply(profile, values)
    _check_profile(profile)
    method_slugs = values.get("methods", before["methods"])
    after = snapshot(profile, method_slugs=method_slugs)
    facts = dict(profile.facts or {})
    changed_values = [fact for fact, fields in FACTS.items() if any(before[f] != after[f] for f in fields)]
    # A fact whose value stays is touched by new sources for it, or by marking it unverified.
    confirmed_again = [
        fact
        for fact, given in provenance.items()
        if fact not in changed_values
        and fact in facts
        and (
            any(source not in facts[fact].get("sources", []) for source in given["sources"])
            or (given["certainty"] == "unverified" and facts[fact].get("certainty") != "unverified")
        )
    ]
    identity = [name for name in IDENTITY_FIELDS if before[name] != after[name]]
    if not changed_values and not confirmed_again and not identity:
        if allow_unchanged:
            return []
        raise DomainError(_("Nothing has changed: the profile already has these values."))
    today = timezone.localdate().isoformat()
    fallback_certainty = "confirmed" if profile.lab_id is not None else "unrecorded"
    for fact in changed_values:
        if all(_empty(after[field]) for field in FACTS[fact]):
            facts.pop(fact, None)
            continue
        given = provenance.get(fact, {})
        sources = list(given.get("sources") or default_sources or [])
        certainty = given.get("certainty") or "confirmed"
        if not sources and certainty == "confirmed":
            certainty = fallback_certainty
        facts[fact] = {"sources": sources, "certainty": certainty, "checked": today, "note_de": "", "note_en": ""}
    for fact in confirmed_again:
        given = provenance[fact]
        sources = list(dict.fromkeys([*facts[fact].get("sources", []), *given["sources"]]))
        certainty = "unverified" if given["certainty"] == "unverified" else facts[fact].get("certainty", "confirmed")
        if given["sources"] and certainty in ("unrecorded", "unverified") and given["certainty"] == "confirmed":
            certainty = "confirmed"
        facts[fact] = {**facts[fact], "sources": sources, "certainty": certainty, "checked": today}
    touched = set(changed_values) | set(confirmed_again)
    profile.facts = facts
    profile_search_update(profile)
    profile.save()
    if "methods" in values:
        profile.methods.set(Method.objects.filter(lab__isnull=True, slug__in=method_slugs))
    after = snapshot(profile, method_slugs=method_slugs)
    changed = identity + [fact for fact in FACTS if fact in touched]
    record_revision(
        profile=profile,
        source=source,
        author=account(actor),
        changed=changed,
        comment=comment,
        proposal=proposal,
        data=after,
    )
    return changed


def _claim(profile: LabProfile, expected_version: int) -> LabProfile:
    """Claim the profile's row at the version the writer saw (a conditional UPDATE, which also locks
    it until the commit); a row changed meanwhile is refused. Returns the row as it is stored."""
    claimed = LabProfile.objects.filter(pk=profile.pk, version=expected_version).update(updated_at=timezone.now())
    if not claimed:
        raise _stale()
    return LabProfile.objects.get(pk=profile.pk)


def _copy_back(target: LabProfile, source: LabProfile) -> None:
    for field in target._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))


def profile_update(
    *,
    profile: LabProfile,
    actor: Viewer | None,
    data: Mapping[str, Any],
    comment: str = "",
    expected_version: int,
) -> LabProfile:
    """Change a profile's values (``data``: fields of ``VALUE_FIELDS``, optionally ``"facts"``: per
    fact ``{"sources": [...], "certainty": "confirmed" | "unverified"}``), at the version the writer
    saw. Facts whose values change get today's date and the sources given for them."""
    data = dict(data)
    provenance = _clean_provenance(data.pop("facts", None))
    values = _clean_values(data)
    comment = comment.strip()
    with transaction.atomic():
        stored = _claim(profile, expected_version)
        changed = _write(
            profile=stored,
            actor=actor,
            values=values,
            provenance=provenance,
            source=RevisionSource.EDIT,
            comment=comment,
        )
        log_action(
            "knowledge.profile_updated",
            actor=actor,
            target=stored,
            lab=stored.lab_id,
            data={"changed": changed, "version": stored.version},
        )
    _copy_back(profile, stored)
    return profile


def profile_facts_check(*, profile: LabProfile, actor: Viewer | None, facts: Iterable[str]) -> LabProfile:
    """A platform admin has compared these facts with their sources again: they are "checked" today."""
    if not is_platform_admin(actor):
        raise DomainError(_("Only platform administrators check the facts of a profile."))
    chosen = list(dict.fromkeys(facts))
    unknown = [fact for fact in chosen if fact not in FACTS]
    if unknown:
        raise DomainError(_("“%(fact)s” is not a fact of a profile.") % {"fact": str(unknown[0])[:40]}, field="facts")
    if not chosen:
        raise DomainError(_("Choose the facts you have checked."), field="facts")
    today = timezone.localdate().isoformat()
    with transaction.atomic():
        stored = LabProfile.objects.select_for_update().get(pk=profile.pk)
        facts = dict(stored.facts or {})
        without = [fact for fact in chosen if fact not in facts]
        if without:
            raise DomainError(
                _("The fact “%(fact)s” has no value or no sources to check.") % {"fact": without[0]}, field="facts"
            )
        for fact in chosen:
            facts[fact] = {**facts[fact], "checked": today}
        stored.facts = facts
        stored.save(update_fields=["facts", "updated_at"])
        record_revision(profile=stored, source=RevisionSource.CHECK, author=account(actor), changed=chosen)
        log_action(
            "knowledge.facts_checked",
            actor=actor,
            target=stored,
            lab=stored.lab_id,
            data={"facts": chosen, "version": stored.version},
        )
    _copy_back(profile, stored)
    return profile


# --- Creating profiles ---------------------------------------------------------------------------


def _slug_base(text: str) -> str:
    return slugify(text)[: SLUG_MAX - 4].strip("-") or "lab"


def _insert(profile: LabProfile, base: str) -> None:
    """Save a new profile under a free slug made from ``base`` (core.slugs)."""
    save_under_free_slug(
        profile, base, refused=_("Could not find a free web address for this lab. Please change its name.")
    )


def _own_profile_new(lab: Lab) -> LabProfile:
    return LabProfile(
        lab=lab,
        name=lab.name,
        city=lab.city,
        country="DE",
        website=lab.website,
        founded=lab.founded,
        status="active",
    )


def own_profile_initial(*, lab: Lab) -> LabProfile:
    """The profile a hosted lab starts from, not saved: its name, city, website and founding year."""
    return _own_profile_new(lab)


def own_profile_get_or_create(*, lab: Lab, actor: Viewer | None) -> LabProfile:
    """The hosted lab's own profile; created from the lab's data the first time (its slug is the
    lab's, numbered if a case study has it). Two people at once get the same profile."""
    existing = LabProfile.objects.filter(lab=lab).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return _own_profile_create(lab, actor)
    except IntegrityError:
        existing = LabProfile.objects.filter(lab=lab).first()
        if existing is None:
            raise
        return existing


def _own_profile_create(lab: Lab, actor: Viewer | None) -> LabProfile:
    """Inside a transaction: insert the profile (the lab's unique profile: a second insert fails)."""
    profile = _own_profile_new(lab)
    today = timezone.localdate().isoformat()
    if profile.founded is not None:
        profile.facts = {
            "founded": {"sources": [], "certainty": "confirmed", "checked": today, "note_de": "", "note_en": ""}
        }
    _check_profile(profile)
    profile_search_update(profile)
    _insert(profile, _slug_base(lab.slug))
    record_revision(
        profile=profile,
        source=RevisionSource.EDIT,
        author=account(actor),
        changed=[*IDENTITY_FIELDS, *(["founded"] if profile.founded is not None else [])],
        comment=_("Created from the lab's data on this platform."),
    )
    log_action("knowledge.own_profile_created", actor=actor, target=profile, lab=lab)
    return profile


def own_profile_update(
    *,
    lab: Lab,
    actor: Viewer | None,
    data: Mapping[str, Any],
    comment: str = "",
    expected_version: int,
) -> LabProfile:
    """A lab manager fills or changes the lab's own profile. ``expected_version`` 0 means "there was
    no profile when I opened the page": the profile is created first (refused if somebody else
    created it meanwhile), all in one transaction."""
    try:
        with transaction.atomic():
            profile = LabProfile.objects.filter(lab=lab).first()
            if profile is None:
                if expected_version != 0:
                    raise _stale()
                with transaction.atomic():
                    profile = _own_profile_create(lab, actor)
                expected_version = profile.version
            elif expected_version == 0:
                raise _stale()
            return profile_update(
                profile=profile, actor=actor, data=data, comment=comment, expected_version=expected_version
            )
    except IntegrityError:
        if LabProfile.objects.filter(lab=lab).exists():
            raise _stale() from None
        raise


# --- Proposals -----------------------------------------------------------------------------------


def proposal_may_propose(*, user: Viewer | None, lab: Lab | None) -> bool:
    """Lab staff propose on behalf of their lab; platform admins also without a lab."""
    if user is None or not user.is_authenticated:
        return False
    if lab is None:
        return is_platform_admin(user)
    return lab.pk in lab_roles(user) or is_platform_admin(user)


def _differences(profile: LabProfile, values: Mapping[str, Any]) -> dict[str, Any]:
    current = snapshot(profile)
    return {name: value for name, value in values.items() if current.get(name) != value}


def proposal_create(
    *,
    actor: User,
    lab: Lab | None,
    profile: LabProfile | None,
    data: Mapping[str, Any],
    sources: str,
    comment: str = "",
    expected_version: int | None = None,
) -> ProfileProposal:
    """Lab staff propose a new case-study lab (``profile`` None) or an edit of a case study.

    ``data`` as for :func:`profile_update`. An edit keeps only the values that differ from the
    profile as it is now (and the facts given sources); the proposal remembers that version.
    ``sources``: one web address or reference per line, at least one. ``expected_version``: the
    version of the profile the proposer looked at (refused if it changed since: the proposal would
    otherwise undo what was changed meanwhile).
    """
    if not proposal_may_propose(user=actor, lab=lab):
        raise DomainError(_("You can propose only on behalf of a lab whose team you belong to."), field="lab")
    if profile is not None and not profile.is_case_study:
        raise DomainError(_("The profile of a lab on this platform is kept by its managers, not by proposals."))
    source_lines = sources_parse(text=sources)
    if not source_lines:
        raise DomainError(_("Name at least one source, one per line."), field="sources")
    data = dict(data)
    provenance = _clean_provenance(data.pop("facts", None))
    values = _clean_values(data)
    comment = comment.strip()
    if profile is None:
        values = {name: value for name, value in values.items() if not _empty(value)}
        draft = LabProfile(lab=None)
        _apply(draft, values)
        _check_profile(draft)
        duplicate = LabProfile.objects.filter(name__iexact=draft.name, city__iexact=draft.city).first()
        if duplicate is not None:
            raise DomainError(
                _("“%(name)s” is in the library already: please propose an edit of it instead.")
                % {"name": duplicate.name},
                field="name",
            )
        base_version = None
    else:
        if expected_version is not None and expected_version != profile.version:
            raise _stale()
        values = _differences(profile, values)
        draft = copy.copy(profile)
        _apply(draft, values)
        _check_profile(draft)
        if not values and not provenance:
            raise DomainError(_("Your proposal changes nothing: the profile already has these values."))
        base_version = profile.version
    proposed: dict[str, Any] = {**values, "facts": provenance}
    with transaction.atomic():
        proposal = ProfileProposal.objects.create(
            profile=profile,
            lab=lab,
            proposed_by=actor,
            data=proposed,
            sources="\n".join(source_lines),
            comment=comment,
            base_version=base_version,
        )
        log_action(
            "knowledge.proposal_created",
            actor=actor,
            target=proposal,
            lab=lab,
            data={"profile": profile.slug if profile else None, "fields": sorted(values)},
        )
    return proposal


def _decide(proposal: ProfileProposal, *, status: str, reviewer: User | None, note: str, **only: Any) -> None:
    """Move a pending proposal to ``status`` by a conditional update: refused if it was decided meanwhile."""
    now = timezone.now()
    decided = ProfileProposal.objects.filter(pk=proposal.pk, status=ProposalStatus.PENDING, **only).update(
        status=status, reviewed_by=reviewer, reviewed_at=now, review_note=note, updated_at=now
    )
    if not decided:
        current = ProfileProposal.objects.filter(pk=proposal.pk).values_list("status", flat=True).first()
        if current is not None and current != ProposalStatus.PENDING:
            raise DomainError(
                _("This proposal has been decided already (%(status)s). Nothing has been changed.")
                % {"status": ProposalStatus(current).label}
            )
        raise DomainError(_("Only the person who made this proposal can withdraw it."))
    proposal.status, proposal.reviewed_by, proposal.reviewed_at, proposal.review_note = status, reviewer, now, note


def proposal_withdraw(*, actor: User, proposal: ProfileProposal) -> ProfileProposal:
    """The proposer takes back a proposal that is still waiting for review."""
    with transaction.atomic():
        _decide(proposal, status=ProposalStatus.WITHDRAWN, reviewer=None, note="", proposed_by=actor)
        log_action("knowledge.proposal_withdrawn", actor=actor, target=proposal, lab=proposal.lab_id)
    return proposal


def _credit(proposal: ProfileProposal, note: str) -> str:
    name = proposal.proposed_by.name if proposal.proposed_by else _("a deleted account")
    credit = _("Proposal %(number)d by %(name)s.") % {"number": proposal.pk, "name": name}
    return " ".join(part for part in (credit, proposal.comment, note) if part)[:2000]


def proposal_accept(
    *,
    actor: Viewer | None,
    proposal: ProfileProposal,
    note: str = "",
    expected_version: int | None = None,
    confirm_changed: bool = False,
) -> ProfileProposal:
    """A platform admin accepts a proposal and its values are written.

    A new case becomes a case-study profile (its slug made from its name). An edit writes only the
    proposed fields, at ``expected_version`` (the profile version the admin looked at; refused if it
    changed since); if the profile changed after the proposal was made, the admin must have seen
    the current values beside the proposed ones and say so (``confirm_changed``). The changed facts
    get the proposal's sources, today's date and "confirmed" (or "unverified" where the proposer
    said so). The revision credits the proposer; the proposer is told by mail.
    """
    if not is_platform_admin(actor):
        raise DomainError(_("Only platform administrators review proposals."))
    note = note.strip()
    data = dict(proposal.data or {})
    provenance = _clean_provenance(data.pop("facts", None))
    values = _clean_values(data)
    default_sources = proposal.sources.splitlines()
    with transaction.atomic():
        _decide(proposal, status=ProposalStatus.ACCEPTED, reviewer=account(actor), note=note)
        if proposal.profile_id is None:
            profile = LabProfile(lab=None)
            _apply(profile, values)
            _check_profile(profile)
            profile_search_update(profile)
            _insert(profile, _slug_base(profile.name))
            ProfileProposal.objects.filter(pk=proposal.pk).update(profile=profile)
            proposal.profile = profile
            changed = _write_new(profile, actor, values, provenance, default_sources, proposal, note)
        else:
            current = LabProfile.objects.get(pk=proposal.profile_id)
            seen = current.version if expected_version is None else expected_version
            if proposal.base_version is not None and seen != proposal.base_version and not confirm_changed:
                raise DomainError(
                    _(
                        "The profile has changed since this proposal was made. Compare the current values "
                        "with the proposed ones and confirm that the proposed fields should be written."
                    ),
                    field="confirm_changed",
                )
            stored = _claim(current, seen)
            changed = _write(
                profile=stored,
                actor=actor,
                values=values,
                provenance=provenance,
                source=RevisionSource.PROPOSAL,
                comment=_credit(proposal, note),
                default_sources=default_sources,
                proposal=proposal,
                allow_unchanged=True,
            )
            profile = stored
        log_action(
            "knowledge.proposal_accepted",
            actor=actor,
            target=proposal,
            lab=proposal.lab_id,
            data={"profile": profile.slug, "changed": changed, "version": profile.version},
        )
        _tell_proposer(proposal)
    return proposal


def _write_new(
    profile: LabProfile,
    actor: Viewer | None,
    values: Mapping[str, Any],
    provenance: Mapping[str, dict[str, Any]],
    default_sources: list[str],
    proposal: ProfileProposal,
    note: str,
) -> list[str]:
    """The first version of a case study from an accepted proposal: every fact with a value gets
    its provenance."""
    today = timezone.localdate().isoformat()
    method_slugs = list(values.get("methods", []))
    facts: dict[str, Any] = {}
    for fact, fields in FACTS.items():
        if all(_empty(values.get(field)) for field in fields):
            continue
        given = provenance.get(fact, {})
        sources = list(given.get("sources") or default_sources)
        facts[fact] = {
            "sources": sources,
            "certainty": given.get("certainty") or "confirmed",
            "checked": today,
            "note_de": "",
            "note_en": "",
        }
    profile.facts = facts
    profile.save(update_fields=["facts", "updated_at"])
    if method_slugs:
        profile.methods.set(Method.objects.filter(lab__isnull=True, slug__in=method_slugs))
    changed = [*IDENTITY_FIELDS, *facts]
    record_revision(
        profile=profile,
        source=RevisionSource.PROPOSAL,
        author=account(actor),
        changed=changed,
        comment=_credit(proposal, note),
        proposal=proposal,
        data=snapshot(profile, method_slugs=method_slugs),
    )
    return changed


def proposal_reject(*, actor: Viewer | None, proposal: ProfileProposal, note: str) -> ProfileProposal:
    """A platform admin turns a proposal down, saying why (the proposer is told by mail)."""
    if not is_platform_admin(actor):
        raise DomainError(_("Only platform administrators review proposals."))
    note = note.strip()
    if not note:
        raise DomainError(_("Say why the proposal is not taken, so that its author learns from it."), field="note")
    with transaction.atomic():
        _decide(proposal, status=ProposalStatus.REJECTED, reviewer=account(actor), note=note)
        log_action("knowledge.proposal_rejected", actor=actor, target=proposal, lab=proposal.lab_id)
        _tell_proposer(proposal)
    return proposal


def _tell_proposer(proposal: ProfileProposal) -> None:
    """A mail to the proposer about the decision, in their language, queued with the decision."""
    proposer = proposal.proposed_by
    if proposer is None or not proposer.is_active or not proposer.email:
        return
    send_templated_mail(
        to=proposer.email,
        language=proposer.language,
        template="knowledge/proposals/mail/decision",
        context={
            "user": proposer,
            "proposal": proposal,
            "accepted": proposal.status == ProposalStatus.ACCEPTED,
            "title": str(proposal),
            "note": proposal.review_note,
            "link": site_url() + proposal_url(proposal=proposal),
        },
    )


def proposal_url(*, proposal: ProfileProposal) -> str:
    from django.urls import reverse

    return reverse("knowledge:proposal", args=[proposal.pk])


# --- Relations between labs: partners and role models (the network of labs) ---------------------


def relation_create(
    *, lab: Lab, target: LabProfile | Lab, kind: str, note: str = "", by: Viewer | None
) -> tuple[LabRelation, bool]:
    """``lab`` names another lab as partner or role model, with an optional note.

    ``target`` is a profile (a case study, or a hosted lab's) or a hosted lab, whose profile is
    then made from its data if it has none yet (``own_profile_get_or_create``). A lab cannot name
    itself. One row per lab, lab named and kind: the database's unique constraint
    (``knowledge_relation_unique``) keeps it, so a double submit or two managers at once give one
    row; the later call reads it back and returns it with ``created`` False, changing nothing.
    """
    if kind not in RelationKind.values:
        raise DomainError(_("Choose whether the lab is a partner or a role model."), field="kind")
    note = " ".join((note or "").split())
    limit = LabRelation._meta.get_field("note").max_length or 300
    if len(note) > limit:
        raise DomainError(_("The note may have at most %(count)d characters.") % {"count": limit}, field="note")
    if isinstance(target, Lab):
        if target.pk == lab.pk:
            raise DomainError(_("A lab cannot name itself as partner or role model."), field="target")
        target = own_profile_get_or_create(lab=target, actor=by)
    if target.lab_id == lab.pk:
        raise DomainError(_("A lab cannot name itself as partner or role model."), field="target")
    existing = LabRelation.objects.filter(lab=lab, target=target, kind=kind).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            relation = LabRelation.objects.create(lab=lab, target=target, kind=kind, note=note)
            log_action(
                "knowledge.relation_created",
                actor=by,
                target=relation,
                lab=lab,
                data={"target": target.slug, "kind": kind},
            )
    except IntegrityError:
        existing = LabRelation.objects.filter(lab=lab, target=target, kind=kind).first()
        if existing is None:
            raise
        return existing, False
    return relation, True


def relation_delete(*, relation: LabRelation, by: Viewer | None) -> bool:
    """Remove a relation; False when it was gone already (a second click)."""
    with transaction.atomic():
        deleted, _rows = LabRelation.objects.filter(pk=relation.pk).delete()
        if deleted:
            log_action(
                "knowledge.relation_deleted",
                actor=by,
                target=relation,
                lab=relation.lab_id,
                data={"target": relation.target.slug, "kind": relation.kind},
            )
    return bool(deleted)
