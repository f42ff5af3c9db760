"""Writes of the sustainability watch: mandates, sponsors, funding and their renewal decisions; the
warning mails (each end and threshold once); the legacy archive's export (audited) and import.

Every function validates, writes in one transaction and records one audit entry. Dates in order,
amounts not negative, one record per decision and "mailed once" are also database constraints.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kosilab.accounts.types import Viewer
from kosilab.core.audit import log_action
from kosilab.core.errors import DomainError
from kosilab.core.mail import send_templated_mail, site_url
from kosilab.labs.models import Lab
from kosilab.methods.services import METHOD_FIELDS, method_create
from kosilab.sustainability import selectors
from kosilab.sustainability.archive import ArchiveError, ParsedArchive, archive_build, archive_read
from kosilab.sustainability.models import (
    Funding,
    InheritedArchive,
    Mandate,
    Outcome,
    RenewalDecision,
    Sponsor,
    WarningKind,
    WarningMail,
)

logger = logging.getLogger(__name__)

MANDATE_FIELDS = (
    "title",
    "issued_by",
    "kind",
    "starts_on",
    "ends_on",
    "tied_to_term",
    "term_ends_on",
    "reporting_line",
    "document_reference",
    "note",
)
SPONSOR_FIELDS = ("organisation", "label", "role", "since", "until", "note")
FUNDING_FIELDS = (
    "funder_organisation",
    "funder",
    "programme",
    "amount_per_year",
    "currency",
    "budget_share",
    "starts_on",
    "ends_on",
    "note",
)
DECISION_FIELDS = ("decided_on", "decided_by", "outcome", "new_ends_on", "note")
DECISION_CHANGEABLE = ("decided_on", "decided_by", "note")

Record = Mandate | Funding


def _set(obj: Any, allowed: tuple[str, ...], fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(obj, name, value.strip() if isinstance(value, str) else value)


def _clean(obj: Any, exclude: list[str]) -> None:
    """The model's own validation (lengths, choices, plausible dates), as a DomainError on its field."""
    try:
        obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        name, messages = next(iter(error.message_dict.items()))
        raise DomainError(messages[0], field=None if name == "__all__" else name) from None


def _dates_in_order(start: dt.date | None, end: dt.date | None, *, field: str) -> None:
    if start is not None and end is not None and end < start:
        raise DomainError(_("The end cannot lie before the start."), field=field)


# --- Mandates ------------------------------------------------------------------------------------


def _check_mandate(mandate: Mandate) -> None:
    if not mandate.title:
        raise DomainError(_("Give the mandate a title."), field="title")
    if not mandate.issued_by:
        raise DomainError(_("Say who gave the mandate."), field="issued_by")
    if not mandate.tied_to_term:
        mandate.term_ends_on = None
    elif mandate.term_ends_on is None:
        raise DomainError(_("Give the day the term of office ends."), field="term_ends_on")
    _clean(mandate, exclude=["lab"])
    _dates_in_order(mandate.starts_on, mandate.ends_on, field="ends_on")
    if mandate.term_ends_on is not None and mandate.term_ends_on < mandate.starts_on:
        raise DomainError(_("The term of office cannot end before the mandate starts."), field="term_ends_on")


@transaction.atomic
def mandate_create(*, lab: Lab, by: Viewer | None, **fields: Any) -> Mandate:
    mandate = Mandate(lab=lab)
    _set(mandate, MANDATE_FIELDS, fields)
    _check_mandate(mandate)
    mandate.save()
    log_action("sustainability.mandate_created", actor=by, target=mandate, lab=lab)
    return mandate


@transaction.atomic
def mandate_update(*, mandate: Mandate, by: Viewer | None, **fields: Any) -> Mandate:
    _set(mandate, MANDATE_FIELDS, fields)
    _check_mandate(mandate)
    mandate.save()
    log_action("sustainability.mandate_updated", actor=by, target=mandate, data={"fields": sorted(fields)})
    return mandate


@transaction.atomic
def mandate_delete(*, mandate: Mandate, by: Viewer | None) -> None:
    """Delete the mandate with its decisions."""
    log_action("sustainability.mandate_deleted", actor=by, target=mandate)
    mandate.delete()


# --- Sponsors ------------------------------------------------------------------------------------


def _check_sponsor(sponsor: Sponsor) -> None:
    if sponsor.organisation_id is None and not sponsor.label:
        raise DomainError(_("Choose the organisation, or enter its name."), field="label")
    _clean(sponsor, exclude=["lab"])
    _dates_in_order(sponsor.since, sponsor.until, field="until")


@transaction.atomic
def sponsor_create(*, lab: Lab, by: Viewer | None, **fields: Any) -> Sponsor:
    sponsor = Sponsor(lab=lab)
    _set(sponsor, SPONSOR_FIELDS, fields)
    _check_sponsor(sponsor)
    sponsor.save()
    log_action("sustainability.sponsor_created", actor=by, target=sponsor, lab=lab)
    return sponsor


@transaction.atomic
def sponsor_update(*, sponsor: Sponsor, by: Viewer | None, **fields: Any) -> Sponsor:
    _set(sponsor, SPONSOR_FIELDS, fields)
    _check_sponsor(sponsor)
    sponsor.save()
    log_action("sustainability.sponsor_updated", actor=by, target=sponsor, data={"fields": sorted(fields)})
    return sponsor


@transaction.atomic
def sponsor_delete(*, sponsor: Sponsor, by: Viewer | None) -> None:
    log_action("sustainability.sponsor_deleted", actor=by, target=sponsor)
    sponsor.delete()


# --- Funding -------------------------------------------------------------------------------------


def _check_funding(funding: Funding) -> None:
    if funding.funder_organisation_id is None and not funding.funder:
        raise DomainError(_("Choose the funder, or enter its name."), field="funder")
    if funding.amount_per_year is not None and funding.amount_per_year < 0:
        raise DomainError(_("An amount cannot be negative."), field="amount_per_year")
    if funding.budget_share is not None and not 0 <= funding.budget_share <= 100:
        raise DomainError(_("A share of the budget lies between 0 and 100 %."), field="budget_share")
    _clean(funding, exclude=["lab"])
    _dates_in_order(funding.starts_on, funding.ends_on, field="ends_on")


@transaction.atomic
def funding_create(*, lab: Lab, by: Viewer | None, **fields: Any) -> Funding:
    funding = Funding(lab=lab)
    _set(funding, FUNDING_FIELDS, fields)
    _check_funding(funding)
    funding.save()
    log_action("sustainability.funding_created", actor=by, target=funding, lab=lab)
    return funding


@transaction.atomic
def funding_update(*, funding: Funding, by: Viewer | None, **fields: Any) -> Funding:
    _set(funding, FUNDING_FIELDS, fields)
    _check_funding(funding)
    funding.save()
    log_action("sustainability.funding_updated", actor=by, target=funding, data={"fields": sorted(fields)})
    return funding


@transaction.atomic
def funding_delete(*, funding: Funding, by: Viewer | None) -> None:
    """Delete the funding record with its decisions."""
    log_action("sustainability.funding_deleted", actor=by, target=funding)
    funding.delete()


# --- Renewal decisions ---------------------------------------------------------------------------


def _locked(record: Record) -> Record:
    """The record's row, locked: decisions on one record are written one after the other."""
    return type(record).objects.select_for_update().get(pk=record.pk)


def _target(record: Record) -> dict[str, Record]:
    return {"mandate": record} if isinstance(record, Mandate) else {"funding": record}


def _day(value: dt.date) -> str:
    return date_format(value, "DATE_FORMAT")


@transaction.atomic
def decision_create(*, record: Record, by: Viewer | None, **fields: Any) -> RenewalDecision:
    """Record what was decided about a mandate or a funding record, and move its end accordingly:
    renewed (a new end, or none: open-ended), extended (a later end), ended (the end given, else the
    end it had, else the day of the decision), pending (nothing changes yet). A decision cannot be
    dated before the last one on the record. The record's row is locked meanwhile."""
    locked = _locked(record)
    decision = RenewalDecision(lab_id=locked.lab_id, **_target(locked))
    _set(decision, DECISION_FIELDS, fields)
    if not decision.decided_by:
        raise DomainError(_("Say who decided."), field="decided_by")
    _clean(decision, exclude=["lab", "mandate", "funding"])
    last = RenewalDecision.objects.filter(**_target(locked)).order_by("decided_on", "id").last()
    if last is not None and decision.decided_on < last.decided_on:
        raise DomainError(
            _("A decision cannot be dated before the last decision on this record (%(date)s).")
            % {"date": _day(last.decided_on)},
            field="decided_on",
        )
    new_end = decision.new_ends_on
    if decision.outcome == Outcome.PENDING and new_end is not None:
        raise DomainError(_("A pending decision has no new end yet."), field="new_ends_on")
    if decision.outcome == Outcome.EXTENDED:
        if new_end is None:
            raise DomainError(_("Give the new end of the extension."), field="new_ends_on")
        if locked.ends_on is not None and new_end <= locked.ends_on:
            raise DomainError(
                _("An extension ends after the current end (%(date)s).") % {"date": _day(locked.ends_on)},
                field="new_ends_on",
            )
    if decision.outcome == Outcome.ENDED and new_end is None:
        new_end = locked.ends_on or decision.decided_on
    if new_end is not None and new_end < locked.starts_on:
        raise DomainError(
            _("The end cannot lie before the start (%(date)s).") % {"date": _day(locked.starts_on)},
            field="new_ends_on",
        )
    decision.previous_ends_on = locked.ends_on
    decision.new_ends_on = new_end
    decision.save()
    if decision.outcome != Outcome.PENDING:
        locked.ends_on = new_end
        locked.save(update_fields=["ends_on", "updated_at"])
        record.ends_on = new_end
    log_action(
        "sustainability.decision_recorded",
        actor=by,
        target=locked,
        data={"decision": decision.pk, "outcome": decision.outcome, "new_ends_on": str(new_end or "")},
    )
    return decision


def _neighbours(decision: RenewalDecision) -> tuple[RenewalDecision | None, RenewalDecision | None]:
    record = decision.record
    assert record is not None
    siblings = list(RenewalDecision.objects.filter(**_target(record)).order_by("decided_on", "id"))
    index = next(i for i, other in enumerate(siblings) if other.pk == decision.pk)
    before = siblings[index - 1] if index > 0 else None
    after = siblings[index + 1] if index + 1 < len(siblings) else None
    return before, after


@transaction.atomic
def decision_update(*, decision: RenewalDecision, by: Viewer | None, **fields: Any) -> RenewalDecision:
    """Correct the date, who decided and the note; the outcome and the new end stay (delete the
    decision and record it again to change them). The date keeps its place among the record's decisions."""
    record = decision.record
    assert record is not None
    _locked(record)
    _set(decision, DECISION_CHANGEABLE, fields)
    if not decision.decided_by:
        raise DomainError(_("Say who decided."), field="decided_by")
    _clean(decision, exclude=["lab", "mandate", "funding"])
    before, after = _neighbours(decision)
    if (before is not None and decision.decided_on < before.decided_on) or (
        after is not None and decision.decided_on > after.decided_on
    ):
        raise DomainError(_("The date must stay between the decisions before and after it."), field="decided_on")
    decision.save(update_fields=list(DECISION_CHANGEABLE))
    log_action("sustainability.decision_updated", actor=by, target=record, data={"decision": decision.pk})
    return decision


@transaction.atomic
def decision_delete(*, decision: RenewalDecision, by: Viewer | None) -> None:
    """Delete the last decision on a record; the record's end goes back to what it was before it."""
    record = decision.record
    assert record is not None
    locked = _locked(record)
    _before, after = _neighbours(decision)
    if after is not None:
        raise DomainError(_("Only the last decision on a record can be deleted. Delete the later ones first."))
    if decision.outcome != Outcome.PENDING:
        locked.ends_on = decision.previous_ends_on
        locked.save(update_fields=["ends_on", "updated_at"])
    log_action(
        "sustainability.decision_deleted",
        actor=by,
        target=locked,
        data={"decision": decision.pk, "outcome": decision.outcome},
    )
    decision.delete()


# --- Warning mails -------------------------------------------------------------------------------


def _mail_due(warning: selectors.WatchWarning) -> bool:
    """An end at a threshold; an end that has passed only if it passed within the horizon."""
    if not warning.mailed or warning.days_left is None:
        return False
    return warning.days_left >= 0 or -warning.days_left <= selectors.horizon()


def _warning_in(
    language: str, warning: selectors.WatchWarning, today: dt.date, records: dict[tuple[str, int], Record]
) -> selectors.WatchWarning:
    """The same warning, worded in ``language``."""
    record = records[(warning.kind, warning.record_id or 0)]
    with translation.override(language):
        mandates = [record] if isinstance(record, Mandate) else []
        funding = [record] if isinstance(record, Funding) else []
        for again in selectors.date_warnings(mandates, funding, today):
            if again.kind == warning.kind:
                return again
    return warning


def warning_mail_send(
    *, lab: Lab, warning: selectors.WatchWarning, today: dt.date, records: dict[tuple[str, int], Record]
) -> bool:
    """Mail the lab's managers about ``warning``, once: the WarningMail row (unique per kind, record,
    end and threshold) and the mails are written in one transaction; whoever inserts the row second
    (another worker, a retry) sends nothing. Returns whether this call sent."""
    assert warning.record_id is not None and warning.due_on is not None and warning.threshold is not None
    with transaction.atomic():
        try:
            with transaction.atomic():
                row = WarningMail.objects.create(
                    lab=lab,
                    kind=warning.kind,
                    record_id=warning.record_id,
                    due_on=warning.due_on,
                    threshold_days=warning.threshold,
                )
        except IntegrityError:
            return False
        managers = selectors.lab_managers(lab)
        link = site_url() + reverse("sustainability:watch", args=[lab.slug]) + f"#{warning.anchor}"
        for user in managers:
            language = getattr(user, "language", "") or settings.LANGUAGE_CODE
            send_templated_mail(
                to=user.email,
                language=language,
                template="sustainability/mail/warning",
                context={
                    "user": user,
                    "lab": lab,
                    "warning": _warning_in(language, warning, today, records),
                    "link": link,
                },
            )
        row.recipients = len(managers)
        row.save(update_fields=["recipients"])
        log_action(
            "sustainability.warning_mailed",
            actor=None,
            lab=lab,
            data={
                "kind": warning.kind,
                "record": warning.record_id,
                "due_on": warning.due_on.isoformat(),
                "threshold": warning.threshold,
                "recipients": len(managers),
            },
        )
    return True


def warnings_send_due(*, today: dt.date | None = None) -> int:
    """Mail every end that has reached a threshold and was not mailed for it; safe to repeat and to
    run in several workers at once. Returns how many warnings were mailed."""
    today = today or timezone.localdate()
    sent = 0
    for lab in selectors.labs_with_ends_near(today).select_related("host"):
        mandates, funding = selectors.lab_mandates(lab), selectors.lab_funding(lab)
        records: dict[tuple[str, int], Record] = {}
        for mandate in mandates:
            records[(WarningKind.MANDATE_END, mandate.pk)] = records[(WarningKind.TERM_END, mandate.pk)] = mandate
        for record in funding:
            records[(WarningKind.FUNDING_END, record.pk)] = record
        for warning in selectors.date_warnings(mandates, funding, today):
            if _mail_due(warning):
                try:
                    sent += warning_mail_send(lab=lab, warning=warning, today=today, records=records)
                except Exception:
                    logger.exception("Could not mail the warning %s about lab %s.", warning.kind, lab.slug)
    return sent


# --- The legacy archive --------------------------------------------------------------------------


def legacy_export(*, lab: Lab, by: Viewer | None, now: dt.datetime | None = None) -> bytes:
    """The lab's legacy archive (``archive.archive_build``); the export is audited."""
    data = archive_build(lab, now=now)
    with transaction.atomic():
        log_action("sustainability.legacy_exported", actor=by, target=lab, data={"bytes": len(data)})
    return data


class LegacyImportRefused(DomainError):
    """An archive that was not loaded, with every problem found (``problems``)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(_("The archive was not loaded. Nothing has been changed."), field="archive")
        self.problems = problems


def _method_values(row: dict[str, Any]) -> dict[str, Any]:
    return {name: row[name] for name in METHOD_FIELDS}


def _stored_content(parsed: ParsedArchive) -> dict[str, Any]:
    content = dict(parsed.content)
    content["methods"] = [
        {"slug": m["slug"], "title_de": m["title_de"], "title_en": m["title_en"]} for m in parsed.content["methods"]
    ]
    return {"lab": parsed.lab, **content}


def legacy_import(*, lab: Lab, by: Viewer | None, data: bytes) -> tuple[InheritedArchive, bool]:
    """Load a predecessor's legacy archive into ``lab``, all or nothing: its methods become the lab's
    own methods (through the methods services), the rest is kept as read-only knowledge. The same
    content loaded again is loaded once (unique per lab and fingerprint; a second, simultaneous load
    reads back the first). Returns the archive record and whether it was loaded now."""
    try:
        parsed = archive_read(data)
    except ArchiveError as error:
        raise LegacyImportRefused(error.problems) from None
    existing = InheritedArchive.objects.filter(lab=lab, digest=parsed.digest).first()
    if existing is not None:
        return existing, False
    if parsed.lab["slug"] == lab.slug and parsed.lab["name"] == lab.name:
        raise LegacyImportRefused([_("This is this lab's own archive. Load it into the lab that succeeds it.")])
    try:
        with transaction.atomic():
            methods = []
            for number, row in enumerate(parsed.content["methods"], start=1):
                try:
                    methods.append(method_create(lab=lab, by=by, **_method_values(row)))
                except DomainError as error:
                    title = row["title_en"] or row["title_de"]
                    raise LegacyImportRefused(
                        [
                            _("Method %(number)d (“%(title)s”): %(problem)s")
                            % {"number": number, "title": title, "problem": error.message}
                        ]
                    ) from None
            archive = InheritedArchive.objects.create(
                lab=lab,
                digest=parsed.digest,
                predecessor=parsed.lab["name"],
                predecessor_city=parsed.lab["city"][:100],
                format_version=parsed.manifest["format_version"],
                exported_at=parsed.exported_at,
                content=_stored_content(parsed),
            )
            archive.methods.set(methods)
            log_action(
                "sustainability.legacy_imported",
                actor=by,
                target=archive,
                lab=lab,
                data={"predecessor": parsed.lab["name"], "methods": len(methods)},
            )
    except IntegrityError:
        existing = InheritedArchive.objects.filter(lab=lab, digest=parsed.digest).first()
        if existing is None:
            raise
        return existing, False
    return archive, True
