"""The cockpit of /manage/: what waits for the lab manager or facilitator today, this week's bookings
and events, the playbook's progress and the tools of each lab (see docs/cockpit.md).

Everything is read through the apps' selectors, each in a fixed number of queries for all the
user's labs at once; lists are capped (``LIMIT``) and say when there are more. Links are offered
only where the rules let the user in (asked of ``rules`` alone: Django's permission backend would
add queries for each "no").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import rules
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from kosilab.accounts.types import Viewer
from kosilab.cocreation.selectors import open_report_counts
from kosilab.continuation.selectors import followups_due
from kosilab.core.content_languages import localise
from kosilab.events.selectors import lab_events_between, registrations_pending
from kosilab.playbook.selectors import overall_percent, progress_of_labs
from kosilab.processes.selectors import phases_awaiting_decision
from kosilab.results.selectors import draft_results_of_labs
from kosilab.rooms.selectors import lab_bookings_between
from kosilab.sustainability.selectors import ends_of_labs

LIMIT = 10  # items per kind of "today"; the page says when there are more
WEEK_LIMIT = 30  # events and bookings each in "this week"
REMINDER_DAYS = 7  # follow-ups come up as long before their date as their reminder mail (continuation)


@dataclass
class Item:
    """One thing to do: what, where it is done, and a line of detail. ``lang``: the language of
    ``text`` when it is not the page's (a title not yet translated)."""

    text: str
    url: str
    meta: str = ""
    lab: str = ""
    urgent: bool = False
    lang: str = ""


@dataclass
class Kind:
    """One kind of "today" item (moderation, registrations, …) with its items and its count."""

    key: str
    title: str
    items: list[Item]
    count: int
    more: bool = False
    more_url: str = ""
    more_label: str = ""


@dataclass
class Entry:
    """An event or a booking of this week. ``lang`` as for :class:`Item`."""

    starts_at: dt.datetime
    ends_at: dt.datetime
    kind: str
    title: str
    url: str
    lab: str
    place: str = ""
    meta: str = ""
    lang: str = ""


@dataclass
class Day:
    day: dt.date
    entries: list[Entry] = field(default_factory=list)


@dataclass
class Tool:
    label: str
    url: str


@dataclass
class LabDesk:
    """One lab's part of the cockpit: the playbook's progress and the tools the user may use."""

    lab: Any
    tools: list[Tool]
    playbook_percent: int | None = None
    playbook_now: str = ""
    playbook_url: str = ""


@dataclass
class Cockpit:
    today: dt.date
    kinds: list[Kind]
    days: list[Day]
    week_more: bool
    desks: list[LabDesk]

    @property
    def total(self) -> int:
        return sum(kind.count for kind in self.kinds)


def day_bounds(day: dt.date, days: int = 1) -> tuple[dt.datetime, dt.datetime]:
    """The local midnights that begin ``day`` and the day ``days`` later (right across a DST change)."""
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(day, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(day + dt.timedelta(days=days), dt.time.min, tzinfo=zone)
    return start, end


def _local_day(moment: dt.datetime) -> str:
    return date_format(timezone.localtime(moment), "SHORT_DATE_FORMAT")


def _local_time(moment: dt.datetime) -> str:
    return time_format(timezone.localtime(moment), "TIME_FORMAT")


def _title(obj: Any) -> tuple[str, str]:
    """The title of an event, process or result in the reader's language (else in the one it is
    written in), and that language if it is not the page's (else "")."""
    shown = localise(obj, "title")
    return shown.text, shown.language if shown.is_other_language else ""


def _titled(obj: Any, url: str, **fields: Any) -> Item:
    """An item named by the title of ``obj`` (see :func:`_title`)."""
    text, lang = _title(obj)
    return Item(text, url, lang=lang, **fields)


def _capped(kind: Kind, rows: list[Any], url: str = "", label: str = "") -> Kind:
    if len(rows) > LIMIT:
        kind.items, kind.more = kind.items[:LIMIT], True
        kind.more_url, kind.more_label = url, label
    kind.count = len(kind.items)
    return kind


# --- Today -------------------------------------------------------------------------------------


def _moderation(labs: list[Any], user: Viewer) -> Kind:
    counts = open_report_counts([lab.pk for lab in labs])
    items = [
        Item(
            text=ngettext("%(n)d report to review", "%(n)d reports to review", counts[lab.pk]) % {"n": counts[lab.pk]},
            url=reverse("cocreation:moderation", args=[lab.slug]),
            lab=lab.name,
        )
        for lab in labs
        if counts.get(lab.pk) and rules.has_perm("labs.manage", user, lab)
    ]
    kind = Kind("moderation", _("Moderation queue"), items, 0)
    kind.count = sum(counts.get(lab.pk, 0) for lab in labs if rules.has_perm("labs.manage", user, lab))
    return kind


def _registrations(lab_ids: list[int], now: dt.datetime) -> Kind:
    events: list[Any] = registrations_pending(lab_ids, now=now, limit=LIMIT)  # with the counts annotated
    items = []
    for event in events[:LIMIT]:
        waiting, offered, unconfirmed = event.waiting_total, event.offered_total, event.unconfirmed_total
        counts = [
            text % {"n": n}
            for text, n in (
                (ngettext("%(n)d on the waiting list", "%(n)d on the waiting list", waiting), waiting),
                (ngettext("%(n)d seat offered", "%(n)d seats offered", offered), offered),
                (
                    ngettext("%(n)d e-mail address not confirmed", "%(n)d e-mail addresses not confirmed", unconfirmed),
                    unconfirmed,
                ),
            )
            if n
        ]
        items.append(
            _titled(
                event,
                reverse("events:attendees", args=[event.pk]),
                meta=f"{_local_day(event.starts_at)} · " + " · ".join(counts),
                lab=event.lab.name if event.lab else "",
            )
        )
    kind = Kind("registrations", _("Registrations and waiting lists"), items, 0)
    return _capped(kind, events, reverse("events:list"), _("All coming events"))


def _check_ins(today_events: list[Any]) -> Kind:
    due = [e for e in today_events if e.status == "published" and e.confirmed_total > e.checked_in_total]
    items = [
        _titled(
            event,
            reverse("events:attendees", args=[event.pk]),
            meta=_("%(time)s · %(done)d of %(total)d checked in")
            % {"time": _local_time(event.starts_at), "done": event.checked_in_total, "total": event.confirmed_total},
            lab=event.lab.name if event.lab else "",
        )
        for event in due[:LIMIT]
    ]
    return _capped(Kind("check_ins", _("Check-ins today"), items, 0), due, reverse("events:list"), _("All events"))


def _followups(lab_ids: list[int], today: dt.date) -> Kind:
    followups = followups_due(lab_ids, until=today + dt.timedelta(days=REMINDER_DAYS), limit=LIMIT)
    items = []
    for followup in followups[:LIMIT]:
        handover = followup.handover
        due = date_format(followup.due_on, "SHORT_DATE_FORMAT")
        overdue = followup.due_on < today
        if overdue:
            when = _("overdue since %(date)s") % {"date": due}
        elif followup.due_on == today:
            when = _("due today")
        else:
            when = _("due on %(date)s") % {"date": due}
        items.append(
            Item(
                text=followup.note,
                url=reverse("continuation:manage", args=[handover.result_id]),
                meta=f"{localise(handover.result, 'title').text} → {handover.taker} · {when}",
                urgent=followup.due_on <= today,
            )
        )
    return _capped(Kind("followups", _("Follow-ups of handovers"), items, 0), followups)


def _draft_results(lab_ids: list[int]) -> Kind:
    drafts = draft_results_of_labs(lab_ids, limit=LIMIT)
    items = [
        _titled(
            result,
            reverse("results:detail", args=[result.pk]),
            meta=_("Draft in “%(process)s”") % {"process": localise(result.process, "title").text},
            lab=result.lab.name,
        )
        for result in drafts[:LIMIT]
    ]
    return _capped(Kind("draft_results", _("Draft results to publish"), items, 0), drafts)


def _phases(lab_ids: list[int]) -> Kind:
    processes = phases_awaiting_decision(lab_ids, limit=LIMIT)
    items = [
        _titled(
            process,
            reverse("processes:detail", args=[process.pk]),
            meta=_("All milestones of the phase “%(phase)s” are done: decide whether to move on.")
            % {"phase": process.current_phase.label if process.current_phase else ""},
            lab=process.lab.name,
        )
        for process in processes[:LIMIT]
    ]
    kind = Kind("phases", _("Phases waiting for a decision"), items, 0)
    return _capped(kind, processes, reverse("processes:list"), _("All lab processes"))


def _ends(labs: list[Any], user: Viewer, today: dt.date) -> Kind:
    watched = [lab for lab in labs if rules.has_perm("sustainability.view_watch", user, lab)]
    warnings = ends_of_labs([lab.pk for lab in watched], today)
    items = [
        Item(
            text=warning.title,
            url=reverse("sustainability:watch", args=[lab.slug]) + (f"#{warning.anchor}" if warning.anchor else ""),
            meta=warning.level_label,
            lab=lab.name,
            urgent=warning.level == "urgent",
        )
        for lab in watched
        for warning in warnings.get(lab.pk, [])
    ]
    kind = Kind("ends", _("Mandates and funding ending"), items[:LIMIT], 0)
    kind.count = len(items)
    kind.more = len(items) > LIMIT
    return kind


# --- This week ---------------------------------------------------------------------------------


def _week(lab_ids: list[int], today: dt.date) -> tuple[list[Day], bool]:
    start, end = day_bounds(today, 7)
    events: list[Any] = lab_events_between(lab_ids, start, end, limit=WEEK_LIMIT)
    bookings = lab_bookings_between(lab_ids, start, end, limit=WEEK_LIMIT)
    entries = [
        Entry(
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            kind=_("Event"),
            title=title,
            url=reverse("events:detail", args=[event.pk]),
            lab=event.lab.name if event.lab else "",
            place=event.room.name if event.room else event.address,
            meta=(_("Draft") if event.status == "draft" else "")
            or _("%(n)d registered") % {"n": event.confirmed_total},
            lang=lang,
        )
        for event in events[:WEEK_LIMIT]
        for title, lang in [_title(event)]
    ] + [
        Entry(
            starts_at=booking.starts_at,
            ends_at=booking.ends_at,
            kind=_("Booking"),
            title=booking.purpose,
            url=reverse("rooms:booking_detail", args=[booking.pk]),
            lab=booking.lab.name,
            place=booking.room.name if booking.room else _("Resources only"),
        )
        for booking in bookings[:WEEK_LIMIT]
    ]
    days = {today + dt.timedelta(days=n): Day(today + dt.timedelta(days=n)) for n in range(7)}
    for entry in sorted(entries, key=lambda e: (e.starts_at, e.kind, e.title)):
        day = max(timezone.localtime(entry.starts_at).date(), today)  # a booking begun before today
        days[day].entries.append(entry)
    more = len(events) > WEEK_LIMIT or len(bookings) > WEEK_LIMIT
    return [day for day in days.values() if day.entries], more


# --- Per lab -----------------------------------------------------------------------------------

# (label, URL name, argument: "slug" or a query string for a list, permission asked on the lab:
# None for a public list, "public" for a page that shows a public lab only)
TOOLS: list[tuple[Any, str, str, str | None]] = [
    (gettext_lazy("Lab page"), "labs:detail", "slug", "labs.view_lab"),
    (gettext_lazy("Events"), "events:list", "?lab=", None),
    (gettext_lazy("New event"), "events:create", "slug", "events.add_event"),
    (gettext_lazy("Rooms and bookings"), "rooms:room_list", "slug", "labs.view_lab"),
    (gettext_lazy("Room week"), "rooms:lab_week", "slug", "labs.view_lab"),
    (gettext_lazy("Session templates"), "planning:templates", "slug", "planning.view_templates"),
    (gettext_lazy("Playbook"), "playbook:overview", "slug", "playbook.view_playbook"),
    (gettext_lazy("Moderation"), "cocreation:moderation", "slug", "labs.manage"),
    (gettext_lazy("Challenges"), "challenges:list", "?lab=", None),
    (gettext_lazy("Lab processes"), "processes:list", "?lab=", None),
    (gettext_lazy("Results and handovers"), "continuation:lab", "slug", "public"),
    (gettext_lazy("Impact"), "impact:lab", "slug", "labs.view_lab"),
    (gettext_lazy("Sustainability"), "sustainability:watch", "slug", "sustainability.view_watch"),
    (gettext_lazy("Legacy"), "sustainability:legacy", "slug", "sustainability.view_legacy"),
    (gettext_lazy("Network of cooperation"), "cooperation:lab", "slug", "labs.view_lab"),
    (gettext_lazy("Team"), "labs:team", "slug", "labs.manage_team"),
    (gettext_lazy("Audit log"), "labs:audit_log", "slug", "labs.view_audit_log"),
]


def lab_tools(lab: Any, user: Viewer) -> list[Tool]:
    """The tools of ``lab`` that ``user`` may open (the continuation page shows a public lab only)."""
    tools = []
    for label, name, argument, perm in TOOLS:
        if perm == "public":
            if not lab.is_public:
                continue
        elif perm is not None and not rules.has_perm(perm, user, lab):
            continue
        url = reverse(name, args=[lab.slug]) if argument == "slug" else reverse(name) + argument + lab.slug
        tools.append(Tool(str(label), url))
    return tools


def _desks(labs: list[Any], user: Viewer) -> list[LabDesk]:
    with_playbook = [lab for lab in labs if rules.has_perm("playbook.view_playbook", user, lab)]
    progress = progress_of_labs([lab.pk for lab in with_playbook])
    desks = []
    for lab in labs:
        desk = LabDesk(lab, lab_tools(lab, user))
        phases = progress.get(lab.pk)
        if phases is not None:
            desk.playbook_percent = overall_percent(phases)
            current = next((p for p in phases if not p.complete), None)
            desk.playbook_now = str(current.phase.title) if current else ""
            desk.playbook_url = reverse("playbook:overview", args=[lab.slug])
        desks.append(desk)
    return desks


def cockpit(user: Viewer, labs: list[Any]) -> Cockpit:
    """The cockpit of ``user`` for ``labs`` (those the user runs), on today's date in the site's time zone."""
    now = timezone.now()
    today = timezone.localdate(now)
    lab_ids = [lab.pk for lab in labs]
    start, end = day_bounds(today)
    kinds = [
        _moderation(labs, user),
        _registrations(lab_ids, now),
        _check_ins(lab_events_between(lab_ids, start, end, limit=LIMIT)),
        _followups(lab_ids, today),
        _draft_results(lab_ids),
        _phases(lab_ids),
        _ends(labs, user, today),
    ]
    days, week_more = _week(lab_ids, today)
    return Cockpit(today, [kind for kind in kinds if kind.items], days, week_more, _desks(labs, user))
