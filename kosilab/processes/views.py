from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from modeltrans.utils import build_localized_fieldname

from kosilab.accounts.types import logged_in
from kosilab.actors.selectors import NameVisibility
from kosilab.core.content_languages import further_languages, localise, text_in
from kosilab.core.errors import DomainError
from kosilab.core.forms import save_form
from kosilab.core.http import HtmxRequest, int_or_none
from kosilab.core.pagecache import anonymous_page_cache, kept_fragment
from kosilab.core.pagination import paginate
from kosilab.core.permissions import get_visible_or_404, require_perm
from kosilab.core.ratelimit import throttle_misses
from kosilab.labs.models import Lab
from kosilab.labs.selectors import visible_labs
from kosilab.processes import selectors, services
from kosilab.processes.forms import (
    AdvanceForm,
    InvitationForm,
    LogForm,
    MemberForm,
    MilestoneForm,
    ProcessCreateForm,
    ProcessFilterForm,
    ProcessForm,
    RoleForm,
)
from kosilab.processes.models import LogEntry, MemberRole, Milestone, Process, ProcessInvitation, ProcessMember

TEAM_PAGE_SIZE = 20
MILESTONE_PAGE_SIZE = 10


@anonymous_page_cache
def process_list(request: HtmxRequest) -> HttpResponse:
    labs = list(visible_labs(request.user).order_by("name").values_list("slug", "name"))
    form = ProcessFilterForm(request.GET or None, labs=labs)
    filters = form.cleaned_data if form.is_valid() else {}
    processes = selectors.process_list(
        request.user, lab=filters.get("lab", ""), status=filters.get("status", ""), query=filters.get("q", "").strip()
    )
    return render(request, "processes/process_list.html", {"form": form, "page_obj": paginate(request, processes)})


def _process(request: HtmxRequest, pk: int) -> Process:
    return get_visible_or_404(request, selectors.process_detail_queryset(), "processes.view_process", pk=pk)


def _names(request: HtmxRequest, process: Process) -> NameVisibility:
    """The lab's staff and the process team see every name; others what each person chose to show."""
    return NameVisibility(request.user, sees_private=request.user.has_perm("processes.see_private_names", process))


def _team_context(
    request: HtmxRequest,
    process: Process,
    member_form: MemberForm | None = None,
    invitation_form: InvitationForm | None = None,
) -> dict[str, Any]:
    can_manage_team = request.user.has_perm("processes.manage_team", process)
    names = _names(request, process)
    team = paginate(request, selectors.team(process), TEAM_PAGE_SIZE, param="team_page")
    for member in team:
        member.name_shown = names.shows(member.user)
    # Who joined the challenge is for the lab's staff (as on the challenge page), not for a process lead.
    show_candidates = (
        can_manage_team
        and process.challenge is not None
        and request.user.has_perm("challenges.view_participants", process.challenge)
    )
    return {
        "process": process,
        "team": team,
        "balance": selectors.balance(process),
        "member_form": (member_form or MemberForm(process=process, viewer=request.user)) if can_manage_team else None,
        "invitation_form": (invitation_form or InvitationForm(prefix="invite")) if can_manage_team else None,
        "invitations": (
            paginate(request, selectors.open_invitations(process), TEAM_PAGE_SIZE, param="invitations_page")
            if can_manage_team
            else None
        ),
        "roles": MemberRole.choices,
        "now": timezone.now(),
        "can_manage_team": can_manage_team,
        "candidates": selectors.team_candidates(process) if show_candidates else [],
    }


@anonymous_page_cache
def process_detail(request: HtmxRequest, pk: int) -> HttpResponse:
    process = _process(request, pk)
    # All below the heading and the follow button is the same for everyone with the same
    # permissions: kept for the reader's audience (kosilab/core/pagecache.py). Whoever may not see
    # every name sees their own (NameVisibility), so for them it is kept per person.
    sees_every_name = request.user.has_perm("processes.see_private_names", process)
    body = kept_fragment(
        request,
        "processes:detail",
        process.pk,
        request.get_full_path(),
        None if sees_every_name else request.user.pk,
        render=lambda: render_to_string(
            "processes/_process_body.html", _detail_body(request, process), request=request
        ),
    )
    context = {
        "process": process,
        "body": body,
        "challenge": process.challenge
        if process.challenge and request.user.has_perm("challenges.view_challenge", process.challenge)
        else None,
        "can_change": request.user.has_perm("processes.change_process", process),
    }
    return render(request, "processes/process_detail.html", context)


def _detail_body(request: HtmxRequest, process: Process) -> dict[str, Any]:
    can_advance = request.user.has_perm("processes.advance_phase", process)
    names = _names(request, process)
    log_entries = paginate(
        request, process.log_entries.select_related("author", "author__profile").order_by("-created_at", "-pk")
    )
    # Bounded by the phases (at most 20 in a template): one start and one move per phase.
    transitions = list(selectors.transitions(process))
    for item in [*log_entries, *transitions]:
        item.name_shown = names.shows(item.author if isinstance(item, LogEntry) else item.by)
    phases = list(process.phases.order_by("position"))  # at most 20 (a lab's template)
    current = next((phase for phase in phases if phase.pk == process.current_phase_id), None)
    later = [phase for phase in phases if current is None or phase.position > current.position]
    return {
        **_team_context(request, process),
        "phases": phases,
        "next_phase": later[0] if later else None,
        "milestones": paginate(
            request,
            process.milestones.select_related("phase").order_by("due_on", "pk"),
            MILESTONE_PAGE_SIZE,
            param="milestone_page",
        ),
        "transitions": transitions,
        "log_entries": log_entries,
        "can_see_sessions": request.user.has_perm("planning.view_sessions", process),
        "can_advance": can_advance,
        "can_log": request.user.has_perm("processes.add_log_entry", process),
        "can_manage_milestones": request.user.has_perm("processes.manage_milestones", process),
        "advance_form": AdvanceForm(initial={"expected_phase": process.current_phase_id}) if can_advance else None,
        "milestone_form": MilestoneForm(process=process),
        "log_form": LogForm(),
    }


@require_http_methods(["GET", "POST"])
def process_create(request: HtmxRequest, slug: str) -> HttpResponse:
    lab = get_visible_or_404(request, Lab.objects.all(), "labs.view_lab", slug=slug)
    require_perm(request, "labs.manage", lab)
    form = ProcessCreateForm(request.POST or None, lab=lab)
    challenge_id = int_or_none(request.GET.get("challenge"))
    if challenge_id is not None:
        challenge = form.fields["challenge"].queryset.filter(pk=challenge_id).first()  # type: ignore[attr-defined]
        if challenge is not None:
            form.initial.update({"challenge": challenge.pk, "title": challenge.title, "summary": challenge.summary})
            # The challenge's translations of its title and summary, as far as it has them.
            for language in further_languages():
                for field in ("title", "summary"):
                    form.initial[build_localized_fieldname(field, language)] = text_in(challenge, field, language)
    if process := save_form(request, form, lambda data: services.process_start(lab=lab, by=request.user, **data)):
        messages.success(request, _("The lab process has started."))
        return redirect(process)
    return render(request, "processes/process_form.html", {"form": form, "lab": lab})


@require_http_methods(["GET", "POST"])
def process_edit(request: HtmxRequest, pk: int) -> HttpResponse:
    process = _process(request, pk)
    require_perm(request, "processes.change_process", process)
    form = ProcessForm(request.POST or None, instance=process)

    def update(data: dict[str, Any]) -> Process:
        return services.process_update(process=process, by=request.user, **data)

    if save_form(request, form, update):
        messages.success(request, _("The lab process has been saved."))
        return redirect(process)
    return render(request, "processes/process_form.html", {"form": form, "lab": process.lab, "process": process})


def _team_response(
    request: HtmxRequest,
    process: Process,
    member_form: MemberForm | None = None,
    invitation_form: InvitationForm | None = None,
) -> HttpResponse:
    """After a change of the team: the team section (htmx), or back to the process page; a form
    with errors is shown again (with status 400 on a full page)."""
    if request.htmx:
        return render(request, "processes/_team.html", _team_context(request, process, member_form, invitation_form))
    if member_form is not None or invitation_form is not None:
        context = _team_context(request, process, member_form, invitation_form)
        return render(request, "processes/team_form.html", context, status=400)
    return redirect(process)


@require_POST
def member_add(request: HtmxRequest, pk: int) -> HttpResponse:
    process = _process(request, pk)
    require_perm(request, "processes.manage_team", process)
    form = MemberForm(request.POST, process=process, viewer=request.user)
    if form.is_valid():
        person = form.cleaned_data["person"]
        already = ProcessMember.objects.filter(process=process, user=person).exists()
        try:
            services.member_add(
                process=process,
                user=person,
                role=form.cleaned_data["role"],
                sector=form.cleaned_data["sector"],
                by=request.user,
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            if already:
                messages.info(request, _("%(name)s is already in the team.") % {"name": person.name})
            else:
                messages.success(request, _("%(name)s is now in the team.") % {"name": person.name})
            return _team_response(request, process)
    return _team_response(request, process, member_form=form)


@require_POST
def member_role(request: HtmxRequest, pk: int, member_id: int) -> HttpResponse:
    """Give a team member another role: its own action, never a side effect of adding."""
    process = _process(request, pk)
    require_perm(request, "processes.manage_team", process)
    member = get_object_or_404(ProcessMember.objects.select_related("user"), pk=member_id, process=process)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid role."))
        return _team_response(request, process)
    try:
        changed = services.member_role_change(
            process=process, member=member, role=form.cleaned_data["role"], by=request.user
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(name)s is now “%(role)s”.") % {"name": member.user.name, "role": changed.get_role_display()},
        )
    return _team_response(request, process)


@require_POST
def member_remove(request: HtmxRequest, pk: int, member_id: int) -> HttpResponse:
    process = _process(request, pk)
    require_perm(request, "processes.manage_team", process)
    member = get_object_or_404(ProcessMember.objects.select_related("user"), pk=member_id, process=process)
    services.member_remove(process=process, member=member, by=request.user)
    messages.success(request, _("%(name)s has been removed from the team.") % {"name": member.user.name})
    return _team_response(request, process)


@require_POST
def invitation_create(request: HtmxRequest, pk: int) -> HttpResponse:
    """Invite by e-mail. The answer is the same whether or not the address has an account."""
    process = _process(request, pk)
    require_perm(request, "processes.manage_team", process)
    form = InvitationForm(request.POST, prefix="invite")
    if form.is_valid():
        try:
            invitation, _token = services.invitation_send(process=process, by=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request,
                _("An invitation has been sent to %(email)s. It is valid for 14 days.") % {"email": invitation.email},
            )
            return _team_response(request, process)
    return _team_response(request, process, invitation_form=form)


@require_POST
def invitation_withdraw(request: HtmxRequest, pk: int, invitation_id: int) -> HttpResponse:
    process = _process(request, pk)
    require_perm(request, "processes.manage_team", process)
    invitation = get_object_or_404(ProcessInvitation, pk=invitation_id, process=process)
    try:
        services.invitation_withdraw(invitation=invitation, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The invitation to %(email)s has been withdrawn.") % {"email": invitation.email})
    return _team_response(request, process)


@throttle_misses()
@require_http_methods(["GET", "POST"])
def invitation(request: HtmxRequest, token: str) -> HttpResponse:
    """The page the invitation mail links to: sign up (or log in) with the invited address; logged
    in with it, accept. An unknown, withdrawn, used or expired link is "not found"."""
    found = selectors.valid_invitation(token)
    if found is None:
        raise Http404
    if request.method == "POST":
        user = logged_in(request.user)
        try:
            services.invitation_accept(invitation=found, user=user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("Welcome to the team of “%(title)s”.") % {"title": localise(found.process, "title").text}
            )
            return redirect(found.process)
    viewer = request.user
    matches = bool(viewer.is_authenticated and viewer.email.strip().lower() == found.email)
    context = {"invitation": found, "process": found.process, "address_matches": matches}
    response = render(request, "processes/invitation.html", context)
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_POST
def advance(request: HtmxRequest, pk: int) -> HttpResponse:
    process = _process(request, pk)
    require_perm(request, "processes.advance_phase", process)
    form = AdvanceForm(request.POST)
    if form.is_valid():
        try:
            phase = services.phase_advance(
                process=process,
                by=request.user,
                reason=form.cleaned_data["reason"],
                expected_phase_id=form.cleaned_data["expected_phase"],
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The process is now in the phase “%(phase)s”.") % {"phase": phase.label})
    else:
        messages.error(request, _("Say why the process moves on."))
    return redirect(process)


@require_POST
def milestone_add(request: HtmxRequest, pk: int) -> HttpResponse:
    process = _process(request, pk)
    require_perm(request, "processes.manage_milestones", process)
    form = MilestoneForm(request.POST, process=process)
    if form.is_valid():
        try:
            services.milestone_add(process=process, by=request.user, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The milestone has been added."))
    else:
        messages.error(request, _("The milestone needs a title and a valid date."))
    return redirect(process)


@require_POST
def milestone_toggle(request: HtmxRequest, pk: int, milestone_id: int) -> HttpResponse:
    process = _process(request, pk)
    require_perm(request, "processes.manage_milestones", process)
    milestone = get_object_or_404(Milestone, pk=milestone_id, process=process)
    services.milestone_toggle_done(milestone=milestone, by=request.user)
    return redirect(process)


@require_POST
def log_add(request: HtmxRequest, pk: int) -> HttpResponse:
    process = _process(request, pk)
    require_perm(request, "processes.add_log_entry", process)
    form = LogForm(request.POST)
    if form.is_valid():
        try:
            services.log_add(process=process, by=request.user, text=form.cleaned_data["text"])
        except DomainError as error:
            messages.error(request, error.message)
    else:
        messages.error(request, _("Write what happened."))
    return redirect(process)


@require_http_methods(["GET"])
def team(request: HtmxRequest, pk: int) -> HttpResponse:
    process = _process(request, pk)
    require_perm(request, "processes.manage_team", process)
    return render(request, "processes/team_form.html", _team_context(request, process))
