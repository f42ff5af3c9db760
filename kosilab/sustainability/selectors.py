"""Reads of the sustainability watch: a lab's records and the warnings computed from them, and what
the legacy page gathers. Every read here asks a fixed number of queries, whatever the number of rows.

The warnings (:func:`lab_warnings`) come from the records and the lab's team, never from stored
state: a record changed or a decision recorded changes them at once.

- An end (of a mandate or a funding record) within the horizon: the largest of
  ``KOSILAB_SUSTAINABILITY_WARN_DAYS`` (default 180, 90 and 30 days). Its threshold is the smallest
  of those days that the end is within; the mails go out once per threshold (services).
- An end that has passed without a decision (threshold 0). A decision "ended" closes the record; a
  renewal or extension moves its end; a pending decision changes nothing yet.
- A mandate tied to a term of office whose end is within the horizon, or has passed, until a
  decision on the mandate is recorded from the start of the horizon before the term's end on.
- One funder with ``KOSILAB_SUSTAINABILITY_SPONSOR_SHARE`` percent (default 75) or more of the
  lab's current funding (by declared budget shares, or by amounts where all are in one currency;
  a single funder of all current records counts as 100 %).
- One person: the lab has one manager (or none); one person leads more than half of the lab's
  running processes (at least two); one person is responsible for more than half of the playbook's
  building blocks that are not done and have someone responsible (at least two).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kosilab.accounts.types import Viewer
from kosilab.challenges.models import Challenge
from kosilab.continuation.models import Handover, HandoverStatus
from kosilab.core.content_languages import Localised, localise
from kosilab.core.queries import count_of
from kosilab.labs.models import DEFAULT_PHASE_LABELS, Lab, LabMembership, LabRole
from kosilab.methods.models import Method
from kosilab.playbook.models import BlockState, BlockStatus
from kosilab.playbook.selectors import PhaseProgress, lab_progress
from kosilab.processes.models import LogEntry, Process, ProcessMember, ProcessPhase, ProcessStatus, ProcessVisibility
from kosilab.processes.models import MemberRole as ProcessRole
from kosilab.results.models import Result, ResultVisibility
from kosilab.results.policies import result_policy
from kosilab.sustainability.models import (
    Funding,
    InheritedArchive,
    Mandate,
    Outcome,
    RenewalDecision,
    Sponsor,
    WarningKind,
)

# --- Settings ------------------------------------------------------------------------------------


def warn_days() -> tuple[int, ...]:
    """The thresholds, in days ahead, largest first (KOSILAB_SUSTAINABILITY_WARN_DAYS)."""
    return tuple(settings.KOSILAB_SUSTAINABILITY_WARN_DAYS)


def horizon() -> int:
    """How far ahead the watch looks: the largest threshold."""
    return max(warn_days())


def sponsor_share() -> int:
    """From this share (percent) of the current funding on, one funder is a dependence."""
    return int(settings.KOSILAB_SUSTAINABILITY_SPONSOR_SHARE)


def threshold_for(days_left: int) -> int | None:
    """The threshold an end ``days_left`` days ahead has reached: the smallest that it is within,
    0 for an end that has passed, None for an end beyond the horizon."""
    if days_left < 0:
        return 0
    reached = [days for days in warn_days() if days_left <= days]
    return min(reached) if reached else None


# --- The records of a lab ------------------------------------------------------------------------


def _decisions() -> Prefetch[str, QuerySet[RenewalDecision], str]:
    return Prefetch("decisions", queryset=RenewalDecision.objects.order_by("decided_on", "id"))


def lab_mandates(lab: Lab) -> list[Mandate]:
    return list(Mandate.objects.filter(lab=lab).prefetch_related(_decisions()).order_by("starts_on", "id"))


def lab_sponsors(lab: Lab) -> list[Sponsor]:
    return list(Sponsor.objects.filter(lab=lab).select_related("organisation").order_by("role", "since", "id"))


def lab_funding(lab: Lab) -> list[Funding]:
    return list(
        Funding.objects.filter(lab=lab)
        .select_related("funder_organisation")
        .prefetch_related(_decisions())
        .order_by("starts_on", "id")
    )


def latest_decision(record: Mandate | Funding) -> RenewalDecision | None:
    """The last decision on the record (needs ``decisions`` prefetched, oldest first)."""
    decisions = list(record.decisions.all())
    return decisions[-1] if decisions else None


def closed(record: Mandate | Funding) -> bool:
    """Ended by a decision: no more warnings about its end."""
    latest = latest_decision(record)
    return latest is not None and latest.outcome == Outcome.ENDED


@dataclass(frozen=True)
class Person:
    pk: int | None
    name: str


@dataclass
class Team:
    """Who the lab depends on: its managers, the leads of its running processes, who is responsible
    for its open playbook blocks."""

    managers: list[Person] = field(default_factory=list)
    running_processes: int = 0
    leads: Counter[Person] = field(default_factory=Counter)
    open_blocks: int = 0
    responsible: Counter[Person] = field(default_factory=Counter)


def lab_team_dependence(lab: Lab) -> Team:
    """Three queries: the managers, the leads of running processes (with their count), the people
    responsible for open blocks of the playbook."""
    team = Team()
    team.managers = [
        Person(pk, name)
        for pk, name in LabMembership.objects.filter(lab=lab, role=LabRole.MANAGER)
        .order_by("user__name", "user_id")
        .values_list("user_id", "user__name")
    ]
    rows = (
        ProcessMember.objects.filter(process__lab=lab, process__status=ProcessStatus.RUNNING, role=ProcessRole.LEAD)
        .values_list("user_id", "user__name")
        .order_by()
    )
    running = Process.objects.filter(lab=lab, status=ProcessStatus.RUNNING).aggregate(n=Count("pk"))["n"]
    team.running_processes = int(running or 0)
    team.leads = Counter(Person(pk, name) for pk, name in rows)
    blocks = (
        BlockState.objects.filter(playbook__lab=lab)
        .exclude(status=BlockStatus.DONE)
        .filter(Q(responsible__isnull=False) | ~Q(responsible_name=""))
        .values_list("responsible_id", "responsible__name", "responsible_name")
    )
    for pk, user_name, free_text in blocks:
        team.open_blocks += 1
        if pk is not None:
            team.responsible[Person(pk, user_name)] += 1
        else:
            team.responsible[Person(None, " ".join(free_text.split()))] += 1
    return team


@dataclass
class Watch:
    """Everything the watch page shows of one lab, and the warnings computed from it."""

    lab: Lab
    today: dt.date
    mandates: list[Mandate]
    sponsors: list[Sponsor]
    funding: list[Funding]
    team: Team
    warnings: list[WatchWarning]

    @property
    def empty(self) -> bool:
        return not (self.mandates or self.sponsors or self.funding)


def state_of(record: Mandate | Funding, today: dt.date) -> str:
    """The record's state in words: running, open-ended, decision pending, ended (by decision or not)."""
    latest = latest_decision(record)
    if latest is not None and latest.outcome == Outcome.ENDED:
        return _("ended by decision")
    if record.starts_on > today:
        return _("not started yet")
    if record.ends_on is not None and record.ends_on < today:
        if latest is not None and latest.outcome == Outcome.PENDING:
            return _("ended, decision pending")
        return _("ended without a decision")
    if latest is not None and latest.outcome == Outcome.PENDING:
        return _("running, decision pending")
    return _("running, no end date") if record.ends_on is None else _("running")


def lab_watch(lab: Lab, today: dt.date) -> Watch:
    """The records of ``lab`` with their decisions, its team, and the warnings on ``today``. Each
    mandate and funding record carries its ``state`` in words."""
    mandates, sponsors, funding = lab_mandates(lab), lab_sponsors(lab), lab_funding(lab)
    records: list[Mandate | Funding] = [*mandates, *funding]
    for record in records:
        setattr(record, "state", state_of(record, today))  # noqa: B010 - a display value, not a field
    team = lab_team_dependence(lab)
    warnings = [
        *date_warnings(mandates, funding, today),
        *funding_warnings(funding, today),
        *team_warnings(team),
    ]
    return Watch(lab, today, mandates, sponsors, funding, team, warnings)


def lab_warnings(lab: Lab, today: dt.date) -> list[WatchWarning]:
    """Every warning about ``lab`` on ``today``, the most urgent first."""
    return lab_watch(lab, today).warnings


# --- Warnings ------------------------------------------------------------------------------------

URGENT, SOON, NOTICE = "urgent", "soon", "notice"
LEVEL_ORDER = {URGENT: 0, SOON: 1, NOTICE: 2}


@dataclass(frozen=True)
class WatchWarning:
    """One warning: what it is about, in words, and what to do. Date warnings carry the end, the days
    left and the mail threshold reached (0: the end has passed)."""

    kind: str
    level: str
    title: str
    text: str
    action: str
    due_on: dt.date | None = None
    days_left: int | None = None
    threshold: int | None = None
    record_id: int | None = None
    anchor: str = ""

    @property
    def mailed(self) -> bool:
        """Whether this warning is one that goes out by mail (an end at a threshold)."""
        return self.threshold is not None and self.kind in WarningKind.values

    @property
    def level_label(self) -> str:
        return {URGENT: _("Urgent"), SOON: _("Soon"), NOTICE: _("Notice")}[self.level]


def _day(day: dt.date) -> str:
    return date_format(day, "DATE_FORMAT")


def _ahead(days: int) -> str:
    if days == 0:
        return _("today")
    return ngettext("in %(days)d day", "in %(days)d days", days) % {"days": days}


def _level(days_left: int) -> str:
    return URGENT if days_left < 0 or days_left <= min(warn_days()) else SOON


def _end_warning(kind: str, record: Mandate | Funding, today: dt.date) -> WatchWarning | None:
    if record.ends_on is None or closed(record):
        return None
    days_left = (record.ends_on - today).days
    threshold = threshold_for(days_left)
    if threshold is None:
        return None
    latest = latest_decision(record)
    pending = latest is not None and latest.outcome == Outcome.PENDING
    is_mandate = kind == WarningKind.MANDATE_END
    name, end = str(record), _day(record.ends_on)
    if days_left < 0:
        title = (
            _("The mandate “%(name)s” ended on %(end)s") if is_mandate else _("The funding “%(name)s” ended on %(end)s")
        ) % {"name": name, "end": end}
        text = (
            _("A decision is pending since %(date)s.") % {"date": _day(latest.decided_on)}
            if pending and latest is not None
            else _("No renewal decision has been recorded.")
        )
        action = _(
            "Record what was decided: renewed, extended or ended. If the lab goes on without it, say so, "
            "and look for who carries it now."
        )
    else:
        title = (
            _("The mandate “%(name)s” ends %(ahead)s") if is_mandate else _("The funding “%(name)s” ends %(ahead)s")
        ) % {"name": name, "ahead": _ahead(days_left)}
        text = (
            _("It ends on %(end)s.") % {"end": end}
            + " "
            + (
                _("A decision is pending since %(date)s.") % {"date": _day(latest.decided_on)}
                if pending and latest is not None
                else _("No renewal decision has been recorded yet.")
            )
        )
        action = (
            _(
                "Ask the body that gave the mandate for a renewal now: prepare a report of what the lab has "
                "achieved, and put the renewal on the agenda of its next meeting."
            )
            if is_mandate
            else _(
                "Apply for a follow-up grant or a budget line now: funding decisions take months. Name who "
                "will pay for the lab's staff and rooms after this date."
            )
        )
    prefix = "mandate" if is_mandate else "funding"
    return WatchWarning(
        kind=kind,
        level=_level(days_left),
        title=title,
        text=text,
        action=action,
        due_on=record.ends_on,
        days_left=days_left,
        threshold=threshold,
        record_id=record.pk,
        anchor=f"{prefix}-{record.pk}",
    )


def term_resolved(mandate: Mandate) -> bool:
    """A decision on the mandate (not pending) from the start of the horizon before the term's end
    on answers the end of the term."""
    if mandate.term_ends_on is None:
        return True
    since = mandate.term_ends_on - dt.timedelta(days=horizon())
    return any(d.outcome != Outcome.PENDING and d.decided_on >= since for d in mandate.decisions.all())


def _term_warning(mandate: Mandate, today: dt.date) -> WatchWarning | None:
    term_end = mandate.term_ends_on
    if not mandate.tied_to_term or term_end is None or closed(mandate) or term_resolved(mandate):
        return None
    if mandate.ends_on is not None and mandate.ends_on < term_end:
        return None  # the mandate ends before the term: its own end is what matters
    days_left = (term_end - today).days
    threshold = threshold_for(days_left)
    if threshold is None:
        return None
    names = {"name": str(mandate), "end": _day(term_end), "ahead": _ahead(max(days_left, 0))}
    if days_left < 0:
        title = _("The term of office that the mandate “%(name)s” depends on ended on %(end)s") % names
        text = _("No decision on the mandate has been recorded since.")
    else:
        title = _("The term of office that the mandate “%(name)s” depends on ends %(ahead)s") % names
        text = _("The term ends on %(end)s. A new council or mayor may set other priorities.") % names
    action = _(
        "Brief the candidates and the new leadership early, and ask them to confirm the lab's mandate. "
        "Find support across parties so the lab does not depend on one person's term."
    )
    return WatchWarning(
        kind=WarningKind.TERM_END,
        level=_level(days_left),
        title=title,
        text=text,
        action=action,
        due_on=term_end,
        days_left=days_left,
        threshold=threshold,
        record_id=mandate.pk,
        anchor=f"mandate-{mandate.pk}",
    )


def _by_urgency(warnings: Iterable[WatchWarning]) -> list[WatchWarning]:
    return sorted(warnings, key=lambda w: (LEVEL_ORDER[w.level], w.days_left if w.days_left is not None else 10**6))


def date_warnings(mandates: Sequence[Mandate], funding: Sequence[Funding], today: dt.date) -> list[WatchWarning]:
    """The ends of mandates, terms of office and funding (needs ``decisions`` prefetched)."""
    found: list[WatchWarning | None] = []
    for mandate in mandates:
        found += [_end_warning(WarningKind.MANDATE_END, mandate, today), _term_warning(mandate, today)]
    found += [_end_warning(WarningKind.FUNDING_END, record, today) for record in funding]
    return _by_urgency(warning for warning in found if warning is not None)


def current_funding(funding: Sequence[Funding], today: dt.date) -> list[Funding]:
    return [f for f in funding if f.starts_on <= today and (f.ends_on is None or f.ends_on >= today)]


@dataclass(frozen=True)
class FunderShare:
    name: str
    share: Decimal  # percent
    basis: str  # "only", "share", "amount"


def funder_shares(funding: Sequence[Funding], today: dt.date) -> list[FunderShare]:
    """Each current funder's share of the lab's current funding, largest first (percent)."""
    current = current_funding(funding, today)
    names: dict[tuple[str, str], str] = {}
    for record in current:
        names.setdefault(record.funder_key, record.funder_display)
    if not current:
        return []
    if len(names) == 1:
        ((key, name),) = names.items()
        return [FunderShare(name, Decimal(100), "only")]
    shares: dict[tuple[str, str], tuple[Decimal, str]] = {}
    declared: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for record in current:
        if record.budget_share is not None:
            declared[record.funder_key] += record.budget_share
    for key, value in declared.items():
        shares[key] = (min(value, Decimal(100)), "share")
    with_amount = [f for f in current if f.amount_per_year is not None]
    total = sum((f.amount_per_year for f in with_amount if f.amount_per_year is not None), Decimal(0))
    if len({f.currency for f in with_amount}) == 1 and total > 0:
        amounts: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
        for record in with_amount:
            assert record.amount_per_year is not None
            amounts[record.funder_key] += record.amount_per_year
        for key, value in amounts.items():
            share = value * 100 / total
            if key not in shares or share > shares[key][0]:
                shares[key] = (share, "amount")
    return sorted(
        (FunderShare(names[key], share, basis) for key, (share, basis) in shares.items()),
        key=lambda row: (-row.share, row.name),
    )


def funding_warnings(funding: Sequence[Funding], today: dt.date) -> list[WatchWarning]:
    """Dependence on one funder."""
    shares = funder_shares(funding, today)
    if not shares or shares[0].share < sponsor_share():
        return []
    top = shares[0]
    percent = int(top.share.to_integral_value())
    if top.basis == "only":
        text = _("%(funder)s is the only funder of the lab's current funding.") % {"funder": top.name}
    else:
        text = _("%(funder)s pays %(percent)d %% of the lab's current funding.") % {
            "funder": top.name,
            "percent": percent,
        }
    return [
        WatchWarning(
            kind="single_funder",
            level=NOTICE,
            title=_("The lab depends on one funder"),
            text=text,
            action=_(
                "Look for a second source: another programme, a foundation, a share of the budget of another "
                "department, or paid services. Labs whose one sponsor changed course closed."
            ),
            anchor="funding",
        )
    ]


def _most(counter: Counter[Person], total: int) -> tuple[Person, int] | None:
    """The person with more than half of ``total`` (at least two), if any."""
    if total < 2 or not counter:
        return None
    person, number = counter.most_common(1)[0]
    return (person, number) if number * 2 > total else None


def team_warnings(team: Team) -> list[WatchWarning]:
    """Dependence on one person."""
    found: list[WatchWarning] = []
    if len(team.managers) <= 1:
        found.append(
            WatchWarning(
                kind="single_manager",
                level=NOTICE,
                title=_("The lab has only one manager") if team.managers else _("The lab has no manager"),
                text=(
                    _("%(name)s is the lab's only manager.") % {"name": team.managers[0].name}
                    if team.managers
                    else _("Nobody in the lab's team is a manager.")
                ),
                action=_(
                    "Name a second manager in the lab team, so that the lab can act when one is away or leaves, "
                    "and write down what only one person knows."
                ),
                anchor="team",
            )
        )
    lead = _most(team.leads, team.running_processes)
    if lead is not None:
        person, number = lead
        found.append(
            WatchWarning(
                kind="single_lead",
                level=NOTICE,
                title=_("One person leads most running processes"),
                text=_("%(name)s leads %(number)d of the lab's %(total)d running processes.")
                % {"name": person.name, "number": number, "total": team.running_processes},
                action=_("Share the lead: give each process a second lead or facilitator who can take over."),
                anchor="team",
            )
        )
    responsible = _most(team.responsible, team.open_blocks)
    if responsible is not None:
        person, number = responsible
        found.append(
            WatchWarning(
                kind="single_responsible",
                level=NOTICE,
                title=_("One person carries most of the playbook's open work"),
                text=_("%(name)s is responsible for %(number)d of %(total)d open building blocks of the playbook.")
                % {"name": person.name, "number": number, "total": team.open_blocks},
                action=_("Hand some building blocks to others in the team or among the partners."),
                anchor="team",
            )
        )
    return found


# --- Where the mails go --------------------------------------------------------------------------


def labs_with_ends_near(today: dt.date) -> QuerySet[Lab]:
    """Labs with a mandate, term or funding ending within the horizon or ended within it before
    today: those the mail sweep looks at."""
    ahead, behind = today + dt.timedelta(days=horizon()), today - dt.timedelta(days=horizon())
    mandates = Mandate.objects.filter(
        Q(ends_on__range=(behind, ahead)) | Q(tied_to_term=True, term_ends_on__range=(behind, ahead))
    ).values("lab_id")
    funding = Funding.objects.filter(ends_on__range=(behind, ahead)).values("lab_id")
    return Lab.objects.filter(Q(pk__in=mandates) | Q(pk__in=funding)).order_by("pk")


def lab_managers(lab: Lab) -> list[Any]:
    """The lab's managers who can get mail (active, with an address)."""
    return [
        membership.user
        for membership in LabMembership.objects.filter(lab=lab, role=LabRole.MANAGER)
        .select_related("user")
        .order_by("user__name", "user_id")
        if membership.user.is_active and membership.user.email
    ]


# --- The legacy page -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ProcessRow:
    """A process as the legacy page lists it (read as values: a page of hundreds stays light).
    Titles are in the reader's language where translated; the page marks one in another language
    with its ``lang_attr``."""

    url: str
    title: Localised
    status: str
    internal: bool
    question: Localised | None
    phases_reached: list[str]
    log_count: int
    result_count: int


@dataclass(frozen=True)
class ResultRow:
    url: str
    title: Localised
    process: Localised
    visibility: str
    handovers: list[str]  # "taker (status)"


@dataclass
class Legacy:
    """What would survive the lab, as its team sees it."""

    lab: Lab
    methods: Sequence[Method]
    processes: Sequence[ProcessRow]
    results: Sequence[ResultRow]
    progress: Sequence[PhaseProgress]
    inherited: Sequence[InheritedArchive]

    @property
    def handover_count(self) -> int:
        return sum(len(result.handovers) for result in self.results)


def _title(model: type[models.Model], title: str, translations: dict[str, Any] | None) -> Localised:
    """A title read as values, with the translations of its row, in the reader's language."""
    return localise(model(title=title, i18n=translations or {}), "title")


def _process_rows(lab: Lab) -> list[ProcessRow]:
    reached: dict[int, list[str]] = defaultdict(list)
    phases = (
        ProcessPhase.objects.filter(process__lab=lab, started_at__isnull=False)
        .order_by("process_id", "position")
        .values_list("process_id", "key", "name")
    )
    for process_id, key, name in phases:
        reached[process_id].append(name or str(DEFAULT_PHASE_LABELS.get(key, key)))
    statuses = dict(ProcessStatus.choices)
    rows = (
        Process.objects.filter(lab=lab)
        .annotate(
            log_count=count_of(LogEntry.objects.all(), "process"),
            result_count=count_of(Result.objects.all(), "process"),
        )
        .order_by("-started_on", "-id")
        .values_list(
            "pk", "title", "i18n", "status", "visibility", "challenge__title", "challenge__i18n", "log_count",
            "result_count",
        )
    )  # fmt: skip
    return [
        ProcessRow(
            url=reverse("processes:detail", args=[pk]),
            title=_title(Process, title, i18n),
            status=str(statuses.get(status, status)),
            internal=visibility != ProcessVisibility.PUBLIC,
            question=_title(Challenge, question, question_i18n) if question else None,
            phases_reached=reached.get(pk, []),
            log_count=logs,
            result_count=results,
        )
        for pk, title, i18n, status, visibility, question, question_i18n, logs, results in rows
    ]


def _result_rows(viewer: Viewer, lab: Lab) -> list[ResultRow]:
    visible = result_policy.visible(viewer, Result.objects.filter(lab=lab))
    statuses = dict(HandoverStatus.choices)
    taken: dict[int, list[str]] = defaultdict(list)
    handovers = (
        Handover.objects.filter(result__in=visible.values("pk"))
        .order_by("result_id", "status_since", "id")
        .values_list("result_id", "taker_name", "taker_organisation__name", "status")
    )
    for result_id, taker_name, organisation, status in handovers:
        taken[result_id].append(f"{taker_name or organisation or ''} ({statuses.get(status, status)})")
    visibilities = dict(ResultVisibility.choices)
    rows = visible.order_by("process__title", "-created_at", "id").values_list(
        "pk", "title", "i18n", "process__title", "process__i18n", "visibility"
    )
    return [
        ResultRow(
            url=reverse("results:detail", args=[pk]),
            title=_title(Result, title, i18n),
            process=_title(Process, process, process_i18n),
            visibility=str(visibilities.get(visibility, visibility)),
            handovers=taken.get(pk, []),
        )
        for pk, title, i18n, process, process_i18n, visibility in rows
    ]


def lab_legacy(viewer: Viewer, lab: Lab) -> Legacy:
    """The lab's own methods, its processes with the question and the phases they reached, the
    results the viewer sees with who took them over, the playbook's progress and what predecessors
    handed on."""
    methods = list(Method.objects.filter(lab=lab).order_by("title_de", "title_en", "id"))
    inherited = list(
        InheritedArchive.objects.filter(lab=lab)
        .annotate(method_count=Count("methods"))
        .defer("content")
        .order_by("-imported_at")
    )
    return Legacy(lab, methods, _process_rows(lab), _result_rows(viewer, lab), lab_progress(lab), inherited)


def inherited_archive(lab: Lab, pk: int) -> InheritedArchive | None:
    return InheritedArchive.objects.filter(lab=lab, pk=pk).prefetch_related("methods").first()


def ends_of_labs(lab_ids: list[int], today: dt.date) -> dict[int, list[WatchWarning]]:
    """The warnings about ends (of mandates, terms of office and funding, as on the watch page) of
    each lab on ``today``, the most urgent first. Four queries, whatever the number of labs."""
    mandates: dict[int, list[Mandate]] = defaultdict(list)
    funding: dict[int, list[Funding]] = defaultdict(list)
    order = ("starts_on", "id")
    for mandate in Mandate.objects.filter(lab_id__in=lab_ids).prefetch_related(_decisions()).order_by(*order):
        mandates[mandate.lab_id].append(mandate)
    for record in Funding.objects.filter(lab_id__in=lab_ids).prefetch_related(_decisions()).order_by(*order):
        funding[record.lab_id].append(record)
    warnings = {lab_id: date_warnings(mandates[lab_id], funding[lab_id], today) for lab_id in lab_ids}
    return {lab_id: found for lab_id, found in warnings.items() if found}
