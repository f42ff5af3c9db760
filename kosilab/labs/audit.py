"""A lab's audit log as its managers read it: a readable label for every action code, the filter
form and the selector.

The audit log itself is written by ``kosilab.core.audit.log_action``; this module only reads it.
``tests/test_audit_log.py`` scans the source for every code passed to ``log_action`` and fails on a
code without a label here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.apps import apps
from django.conf import settings
from django.core.paginator import Page
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kosilab.core.forms import DATE_INPUT
from kosilab.core.models import AuditEntry
from kosilab.core.validators import validate_plausible_date
from kosilab.labs.models import Lab

ACTION_LABELS: dict[str, Promise] = {
    "accounts.password.changed": _("Password changed"),
    "accounts.password.reset": _("Password reset"),
    "accounts.password.set": _("Password set"),
    "accounts.second_factor.added": _("Second factor added"),
    "accounts.second_factor.removed": _("Second factor removed"),
    "accounts.sessions.ended": _("Logged out everywhere else"),
    "accounts.user.confirmed_email": _("E-mail address confirmed"),
    "accounts.user.deleted": _("Account deleted"),
    "accounts.user.signed_up": _("Account created"),
    "accounts.user.updated": _("Account changed"),
    "actors.organisation.created": _("Organisation added"),
    "actors.organisation.updated": _("Organisation changed"),
    "actors.profile.updated": _("Profile changed"),
    "api.token.created": _("API token made"),
    "api.token.revoked": _("API token revoked"),
    "challenges.challenge.created": _("Challenge created"),
    "challenges.challenge.status_changed": _("Challenge status changed"),
    "challenges.challenge.updated": _("Challenge changed"),
    "challenges.participation.joined": _("Joined a challenge"),
    "challenges.participation.changed": _("Participation in a challenge changed"),
    "challenges.participation.left": _("Left a challenge"),
    "cocreation.opened": _("Opened for ideas"),
    "cocreation.closed": _("Closed for ideas"),
    "cocreation.idea_created": _("Idea submitted"),
    "cocreation.idea_changed": _("Idea changed"),
    "cocreation.idea_deleted": _("Idea deleted"),
    "cocreation.idea_answered": _("Idea answered"),
    "cocreation.supported": _("Idea supported"),
    "cocreation.support_withdrawn": _("Support withdrawn"),
    "cocreation.commented": _("Comment written"),
    "cocreation.comment_changed": _("Comment changed"),
    "cocreation.comment_deleted": _("Comment deleted"),
    "cocreation.reported": _("Reported to the moderators"),
    "cocreation.report_resolved": _("Report handled"),
    "cocreation.hidden": _("Hidden by the moderators"),
    "cocreation.shown": _("Shown again by the moderators"),
    "continuation.handover_created": _("Handover recorded"),
    "continuation.handover_updated": _("Handover changed"),
    "continuation.status_changed": _("Handover status changed"),
    "continuation.handover_deleted": _("Handover deleted"),
    "continuation.followup_added": _("Follow-up added"),
    "continuation.followup_done": _("Follow-up done"),
    "continuation.reminder_sent": _("Follow-up reminder sent"),
    "core.accessibility_feedback.sent": _("Accessibility feedback sent"),
    "core.outbox_mail.retried": _("Failed mail sent again"),
    "core.mail.stopped": _("A kind of e-mail stopped by its link"),
    "core.mail.resumed": _("A stopped kind of e-mail turned on again"),
    "events.event.created": _("Event created"),
    "events.event.updated": _("Event changed"),
    "events.event.co_organisers_set": _("Co-organising labs set"),
    "events.event.published": _("Event published"),
    "events.event.cancelled": _("Event cancelled"),
    "events.question.added": _("Registration question added"),
    "events.question.updated": _("Registration question changed"),
    "events.question.deleted": _("Registration question deleted"),
    "events.registration.created": _("Registered for an event"),
    "events.registration.requested": _("Registration by a guest, awaiting e-mail confirmation"),
    "events.registration.confirmed": _("Registration confirmed by e-mail"),
    "events.registration.accepted": _("Offered seat accepted"),
    "events.registration.cancelled": _("Registration cancelled"),
    "events.registration.offered": _("Seat offered from the waiting list"),
    "events.registration.promoted": _("Moved up from the waiting list"),
    "events.registration.offers_expired": _("Seat offers expired"),
    "events.registration.reminded": _("Reminder sent"),
    "events.registration.checked_in": _("Checked in"),
    "events.registration.check_in_undone": _("Check-in undone"),
    "events.feedback.given": _("Feedback given"),
    "events.calendar_feed.created": _("Personal calendar address created"),
    "events.calendar_feed.revoked": _("Personal calendar address revoked"),
    "research.export_requested": _("Pseudonymised research export requested"),
    "research.export_created": _("Pseudonymised research export built"),
    "impact.indicator_created": _("Indicator created"),
    "impact.indicator_updated": _("Indicator changed"),
    "impact.indicator_deleted": _("Indicator deleted"),
    "impact.measurement_added": _("Measurement added"),
    "impact.measurement_updated": _("Measurement changed"),
    "impact.measurement_deleted": _("Measurement deleted"),
    "knowledge.facts_checked": _("Facts of a lab profile checked"),
    "knowledge.own_profile_created": _("Lab profile created"),
    "knowledge.profile_updated": _("Lab profile changed"),
    "knowledge.proposal_created": _("Proposal for a lab profile made"),
    "knowledge.proposal_withdrawn": _("Proposal for a lab profile withdrawn"),
    "knowledge.proposal_accepted": _("Proposal for a lab profile accepted"),
    "knowledge.proposal_rejected": _("Proposal for a lab profile rejected"),
    "knowledge.relation_created": _("Partner or role model named"),
    "knowledge.relation_deleted": _("Partner or role model removed"),
    "opendata.build_requested": _("Build of the open data requested"),
    "opendata.build_started": _("Scheduled build of the open data started"),
    "opendata.build_interrupted": _("Build of the open data interrupted"),
    "opendata.build_unchanged": _("Open data checked: unchanged"),
    "opendata.dump_published": _("Open data dump published"),
    "opendata.build_failed": _("Build of the open data failed"),
    "labs.lab.created": _("Lab created"),
    "labs.lab.updated": _("Lab changed"),
    "labs.phase_template.updated": _("Phase template changed"),
    "labs.team.added": _("Added to the lab team"),
    "labs.team.role_changed": _("Role in the lab team changed"),
    "labs.team.removed": _("Removed from the lab team"),
    "methods.method.created": _("Method created"),
    "methods.method.updated": _("Method changed"),
    "methods.method.adapted": _("Method adapted for the lab"),
    "methods.method.deleted": _("Method deleted"),
    "notifications.follow.added": _("Started following"),
    "notifications.follow.removed": _("Stopped following"),
    "notifications.setting.changed": _("Notification settings changed"),
    "notifications.sent": _("Followers notified"),
    "notifications.digests.sent": _("Notification digests sent"),
    "planning.session.created": _("Session planned"),
    "planning.session.updated": _("Session changed"),
    "planning.session.deleted": _("Session deleted"),
    "planning.session.copied": _("Session copied"),
    "planning.session.from_template": _("Session planned from a template"),
    "planning.session.booked": _("Room booked for a session"),
    "planning.session.invited": _("Invitations to a session sent"),
    "planning.template.saved": _("Saved as a session template"),
    "planning.block.added": _("Agenda block added"),
    "planning.block.updated": _("Agenda block changed"),
    "planning.block.moved": _("Agenda block moved"),
    "planning.block.removed": _("Agenda block removed"),
    "planning.blocks.reordered": _("Agenda reordered"),
    "playbook.block.updated": _("Playbook section changed"),
    "playbook.checklist.changed": _("Playbook checklist changed"),
    "playbook.assessment.taken": _("Self-assessment taken"),
    "processes.process.started": _("Lab process started"),
    "processes.process.updated": _("Lab process changed"),
    "processes.phase.advanced": _("Moved to the next phase"),
    "processes.member.added": _("Added to the process team"),
    "processes.member.changed": _("Role in the process team changed"),
    "processes.member.removed": _("Removed from the process team"),
    "processes.invitation.sent": _("Invited into the process team by e-mail"),
    "processes.invitation.withdrawn": _("Invitation into the process team withdrawn"),
    "processes.invitation.accepted": _("Invitation into the process team accepted"),
    "processes.milestone.added": _("Milestone added"),
    "processes.milestone.done": _("Milestone done"),
    "processes.milestone.reopened": _("Milestone reopened"),
    "processes.log.added": _("Process log entry written"),
    "results.result_created": _("Result recorded"),
    "results.result_updated": _("Result changed"),
    "results.result_deleted": _("Result deleted"),
    "results.canvas_saved": _("Canvas saved"),
    "results.file_added": _("File added to a result"),
    "results.file_removed": _("File removed from a result"),
    "rooms.room.created": _("Room added"),
    "rooms.room.updated": _("Room changed"),
    "rooms.resource.created": _("Resource added"),
    "rooms.resource.updated": _("Resource changed"),
    "rooms.booking.created": _("Room booked"),
    "rooms.booking.moved": _("Booking moved"),
    "rooms.booking.cancelled": _("Booking cancelled"),
    "sustainability.mandate_created": _("Mandate recorded"),
    "sustainability.mandate_updated": _("Mandate changed"),
    "sustainability.mandate_deleted": _("Mandate deleted"),
    "sustainability.sponsor_created": _("Sponsor recorded"),
    "sustainability.sponsor_updated": _("Sponsor changed"),
    "sustainability.sponsor_deleted": _("Sponsor deleted"),
    "sustainability.funding_created": _("Funding recorded"),
    "sustainability.funding_updated": _("Funding changed"),
    "sustainability.funding_deleted": _("Funding deleted"),
    "sustainability.decision_recorded": _("Renewal decision recorded"),
    "sustainability.decision_updated": _("Renewal decision changed"),
    "sustainability.decision_deleted": _("Renewal decision deleted"),
    "sustainability.warning_mailed": _("Sustainability warning mailed"),
    "sustainability.legacy_exported": _("Legacy archive exported"),
    "sustainability.legacy_imported": _("Predecessor's legacy archive loaded"),
    "cooperation.analysis_queued": _("Analysis of a cooperation network queued"),
    "cooperation.analysis_failed": _("Analysis of a cooperation network failed"),
}

# Writes through the Django admin are logged as ``admin.<app>.<model>.<verb>`` (core.admin.AuditedAdmin).
ADMIN_PREFIX = "admin."
ADMIN_VERBS: dict[str, Promise] = {
    "added": _("Added in the admin"),
    "changed": _("Changed in the admin"),
    "deleted": _("Deleted in the admin"),
    "inlines_changed": _("Related entries changed in the admin"),
}

# A person's own choices that the site never shows with their name (who supports an idea, who
# follows what, who gave the anonymous feedback): the lab's log leaves them out too.
NOT_SHOWN = frozenset(
    {
        "cocreation.supported",
        "cocreation.support_withdrawn",
        "notifications.follow.added",
        "notifications.follow.removed",
        "events.feedback.given",
    }
)


def action_label(code: str) -> str:
    """The readable label of an action code, in the active language; an unknown code as it is."""
    if code in ACTION_LABELS:
        return str(ACTION_LABELS[code])
    if code.startswith(ADMIN_PREFIX) and code.rsplit(".", 1)[-1] in ADMIN_VERBS:
        return str(ADMIN_VERBS[code.rsplit(".", 1)[-1]])
    return code


def object_type_label(object_type: str) -> str:
    """The model's name (``events.event`` -> "Event"); a type whose model is gone as it is stored."""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return object_type
    name = str(model._meta.verbose_name)
    return name[:1].upper() + name[1:]


def lab_audit_log(
    lab: Lab,
    *,
    action: str = "",
    object_type: str = "",
    object_id: str = "",
    actor: int | None = None,
    person: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[AuditEntry]:
    """The lab's entries, newest first, with their actor in the same query.

    ``action`` is a code, or ``admin`` for any write in the admin; ``person`` is part of a name;
    ``since`` and ``until`` are days in the installation's time zone, both included.
    """
    entries = visible_entries(lab)
    if action == "admin":
        entries = entries.filter(action__startswith=ADMIN_PREFIX)
    elif action:
        entries = entries.filter(action=action)
    if object_type:
        entries = entries.filter(object_type=object_type)
    if object_id:
        entries = entries.filter(object_id=object_id)
    if actor is not None:
        entries = entries.filter(actor_id=actor)
    if person:
        entries = entries.filter(actor__name__icontains=person)
    if since:
        entries = entries.filter(created_at__gte=_start_of(since))
    if until:
        entries = entries.filter(created_at__lt=_start_of(until + dt.timedelta(days=1)))
    return entries.select_related("actor").defer("data").order_by("-created_at", "-pk")


def labelled(page: Page[AuditEntry]) -> Page[AuditEntry]:
    """Give each entry of the page its readable ``label`` and ``type_label`` (no query)."""
    for entry in page:
        entry.label = action_label(entry.action)  # type: ignore[attr-defined]
        entry.type_label = object_type_label(entry.object_type) if entry.object_type else ""  # type: ignore[attr-defined]
    return page


def retention_days() -> int:
    """Entries older than this are deleted (``manage.py tasks_housekeeping``)."""
    return int(settings.KOSILAB_AUDIT_RETENTION_DAYS)


def visible_entries(lab: Lab) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(lab=lab).exclude(action__in=NOT_SHOWN)


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def choices_in_use(lab: Lab) -> tuple[list[tuple[str, Any]], list[tuple[str, str]]]:
    """The actions (grouped by area) and the kinds of object that occur in the lab's log, labelled
    in the active language; one query."""
    pairs = visible_entries(lab).order_by().values_list("action", "object_type").distinct()
    codes, types = set(), set()
    for code, object_type in pairs:
        codes.add(code)
        if object_type:
            types.add(object_type)
    groups: dict[str, list[tuple[str, str]]] = {}
    admin = False
    for code in codes:
        if code.startswith(ADMIN_PREFIX):
            admin = True
            continue
        area = code.split(".", 1)[0]
        groups.setdefault(area, []).append((code, action_label(code)))
    actions: list[tuple[str, Any]] = [
        (str(AREA_LABELS.get(area, area)), sorted(options, key=lambda option: option[1].casefold()))
        for area, options in groups.items()
    ]
    actions.sort(key=lambda group: group[0].casefold())
    if admin:
        actions.append((gettext("Admin"), [("admin", gettext("Any change in the admin"))]))
    kinds = sorted(((t, object_type_label(t)) for t in types), key=lambda kind: kind[1].casefold())
    return actions, kinds


AREA_LABELS: dict[str, Promise] = {
    "accounts": _("Accounts"),
    "actors": _("Organisations and people"),
    "challenges": _("Challenges"),
    "cocreation": _("Ideas and comments"),
    "continuation": _("Continuation"),
    "core": _("Platform"),
    "events": _("Events"),
    "impact": _("Impact"),
    "knowledge": _("Knowledge of labs"),
    "labs": _("Lab"),
    "methods": _("Methods"),
    "notifications": _("Notifications"),
    "planning": _("Session plans"),
    "playbook": _("Playbook"),
    "processes": _("Lab processes"),
    "results": _("Results"),
    "rooms": _("Rooms and resources"),
    "sustainability": _("Sustainability watch"),
}


def valid_filters(form: AuditFilterForm) -> dict[str, Any]:
    """The filters that are valid; an invalid one is named on the form and left out."""
    if not form.is_bound:
        return {}
    form.is_valid()  # fills cleaned_data with the fields that passed
    return dict(form.cleaned_data)


def query_without(params: QueryDict, *names: str) -> str:
    """The query string without the named parameters (and without the page number)."""
    kept = params.copy()
    for name in (*names, "page"):
        kept.pop(name, None)
    return "?" + kept.urlencode() if kept else "?"


class AuditFilterForm(forms.Form):
    """The filters of the lab's audit log, read from the query string. ``actor`` and ``object_id``
    come from the links in the table ("entries of this person", "history of this object")."""

    action = forms.ChoiceField(label=_("Action"), required=False)
    object_type = forms.ChoiceField(label=_("Kind of object"), required=False)
    person = forms.CharField(label=_("Person (part of the name)"), required=False, max_length=100)
    since = forms.DateField(
        label=_("From"),
        required=False,
        widget=DATE_INPUT,
        validators=[validate_plausible_date],
    )
    until = forms.DateField(
        label=_("Until"),
        required=False,
        widget=DATE_INPUT,
        validators=[validate_plausible_date],
    )
    actor = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)
    object_id = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)

    def __init__(self, *args: Any, actions: list[tuple[str, Any]], kinds: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("All actions")), *actions]  # type: ignore[attr-defined]
        self.fields["object_type"].choices = [("", _("All kinds")), *kinds]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("since"), cleaned.get("until")
        if start and end and end < start:
            self.add_error("until", _("The end must not lie before the start."))
        return cleaned
