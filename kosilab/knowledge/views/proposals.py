"""Proposals of lab staff for the case-study library, their review by platform admins, and the
admins' check of a profile's facts (docs/knowledge.md: "Proposing a case or an edit", "Reviewing
proposals").

A proposal exists only for its author and the platform admins (``knowledge.view_proposal``):
everybody else gets "not found". A refused form answers 400 with the reason on the page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kosilab.accounts.types import logged_in
from kosilab.core.errors import DomainError
from kosilab.core.forms import form_status, save_form
from kosilab.core.http import HtmxRequest
from kosilab.core.pagination import paginate
from kosilab.core.permissions import get_visible_or_404, require_perm
from kosilab.core.roles import is_platform_admin
from kosilab.knowledge import selectors, services
from kosilab.knowledge.forms import AcceptForm, CheckFactsForm, ProfileForm, ProposalFilterForm, RejectForm
from kosilab.knowledge.models import LabProfile, ProfileProposal, ProposalStatus
from kosilab.labs.models import Lab
from kosilab.labs.roles import lab_roles

PER_PAGE = 25
# The two forms of the decision stand on one page: their fields are named apart ("accept-note", "reject-note").
ACCEPT, REJECT = "accept", "reject"


def _staff_labs(request: HtmxRequest) -> list[Lab]:
    return list(Lab.objects.filter(pk__in=list(lab_roles(request.user))).order_by("name", "id"))


def _proposal_form(request: HtmxRequest, profile: LabProfile | None) -> ProfileForm:
    """The profile form with the proposal's fields: on whose behalf (lab staff of several labs
    choose; platform admins may leave it empty), the sources and a comment."""
    labs = _staff_labs(request)
    admin = is_platform_admin(request.user)
    version = profile.version if profile is not None else 0
    form = ProfileForm(
        request.POST or None,
        instance=profile,
        initial={"version": version},
        proposal=True,
        labs=labs,
        lab_required=not admin,
    )
    if not labs:
        form.fields.pop("lab", None)
    return form


def _propose(request: HtmxRequest, profile: LabProfile | None) -> HttpResponse:
    require_perm(request, "knowledge.propose", None)
    form = _proposal_form(request, profile)

    def create(data: dict[str, Any]) -> ProfileProposal:
        lab = data.get("lab") or getattr(form, "single_lab", None)
        return services.proposal_create(
            actor=logged_in(request.user),
            lab=lab,
            profile=profile,
            data=form.profile_data(),
            sources=form.sources_text(),
            comment=data.get("comment") or "",
            expected_version=data["version"] if profile is not None else None,
        )

    proposal = save_form(request, form, create)
    if proposal is not None:
        messages.success(request, _("Thank you: your proposal is waiting for review. You will get a mail about it."))
        return redirect("knowledge:proposal", proposal.pk)
    context = {"form": form, "profile": profile}
    return render(request, "knowledge/proposals/form.html", context, status=form_status(request))


@require_http_methods(["GET", "POST"])
def propose_new(request: HtmxRequest) -> HttpResponse:
    """Propose a lab for the case-study library."""
    return _propose(request, None)


@require_http_methods(["GET", "POST"])
def propose_edit(request: HtmxRequest, slug: str) -> HttpResponse:
    """Propose a change of a case study (the form starts from its current values)."""
    profile = get_object_or_404(LabProfile.objects.filter(lab__isnull=True), slug=slug)
    return _propose(request, profile)


@require_GET
def proposal_list(request: HtmxRequest) -> HttpResponse:
    """Platform admins: the review queue (waiting proposals first). Everybody else: their proposals."""
    user = logged_in(request.user)
    admin = is_platform_admin(user)
    form = ProposalFilterForm(request.GET or None)
    status = form.status_or_default(ProposalStatus.PENDING if admin else "")
    context = {
        "form": form,
        "admin": admin,
        "status": status,
        "page_obj": paginate(request, selectors.proposals_for(user, status=status), PER_PAGE),
    }
    return render(request, "knowledge/proposals/list.html", context)


def _proposal(request: HtmxRequest, pk: int) -> ProfileProposal:
    return get_visible_or_404(request, selectors.proposal_queryset(), "knowledge.view_proposal", pk=pk)


def _detail(
    request: HtmxRequest,
    proposal: ProfileProposal,
    *,
    accept_form: AcceptForm | None = None,
    reject_form: RejectForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    profile = proposal.profile
    pending = proposal.status == ProposalStatus.PENDING
    if not pending and not error:
        # Decided meanwhile: the forms are gone, so the reason stands above the page.
        refused = [form for form in (accept_form, reject_form) if form is not None and form.errors]
        error = " ".join(str(message) for form in refused for message in form.non_field_errors())
    version = profile.version if profile is not None else None
    context = {
        "proposal": proposal,
        "profile": profile,
        "rows": selectors.proposal_comparison(proposal),
        "facts": selectors.proposal_provenance(proposal),
        "sources": proposal.sources.splitlines(),
        "pending": pending,
        "changed_since": pending and profile is not None and proposal.base_version not in (None, version),
        "can_review": pending and request.user.has_perm("knowledge.review_proposal", proposal),
        # Asked of the proposer alone: a platform admin has every permission, but turns a proposal down instead.
        "can_withdraw": pending and proposal.proposed_by_id == request.user.pk,
        "accept_form": accept_form or AcceptForm(initial={"version": version}, prefix=ACCEPT),
        "reject_form": reject_form or RejectForm(prefix=REJECT),
        "error": error,
    }
    return render(request, "knowledge/proposals/detail.html", context, status=status)


@require_GET
def proposal_detail(request: HtmxRequest, pk: int) -> HttpResponse:
    """The proposed values beside the current ones, field by field; the decision or its forms."""
    return _detail(request, _proposal(request, pk))


@require_POST
def proposal_accept(request: HtmxRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk)
    require_perm(request, "knowledge.review_proposal", proposal)
    form = AcceptForm(request.POST, prefix=ACCEPT)

    def accept(data: dict[str, Any]) -> ProfileProposal:
        return services.proposal_accept(
            actor=request.user,
            proposal=proposal,
            note=data.get("note") or "",
            expected_version=data.get("version"),
            confirm_changed=bool(data.get("confirm_changed")),
        )

    if save_form(request, form, accept) is not None:
        messages.success(request, _("The proposal has been accepted and the profile changed."))
        return redirect("knowledge:proposal", proposal.pk)
    return _detail(request, _proposal(request, pk), accept_form=form, status=400)


@require_POST
def proposal_reject(request: HtmxRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk)
    require_perm(request, "knowledge.review_proposal", proposal)
    form = RejectForm(request.POST, prefix=REJECT)

    def reject(data: dict[str, Any]) -> ProfileProposal:
        return services.proposal_reject(actor=request.user, proposal=proposal, note=data["note"])

    if save_form(request, form, reject) is not None:
        messages.success(request, _("The proposal has been turned down; its author gets your note by mail."))
        return redirect("knowledge:proposal", proposal.pk)
    return _detail(request, _proposal(request, pk), reject_form=form, status=400)


@require_POST
def proposal_withdraw(request: HtmxRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk)
    require_perm(request, "knowledge.withdraw_proposal", proposal)
    try:
        services.proposal_withdraw(actor=logged_in(request.user), proposal=proposal)
    except DomainError as refusal:
        return _detail(request, _proposal(request, pk), error=refusal.message, status=400)
    messages.success(request, _("You have withdrawn the proposal."))
    return redirect("knowledge:proposal", proposal.pk)


@require_http_methods(["GET", "POST"])
def facts_check(request: HtmxRequest, slug: str) -> HttpResponse:
    """Platform admins mark the facts they compared with their sources again as checked today."""
    profile = get_visible_or_404(request, LabProfile.objects.all(), selectors.PROFILE_VIEW_PERM, slug=slug)
    require_perm(request, "knowledge.check_facts", profile)
    form = CheckFactsForm(request.POST or None, profile=profile)

    def check(data: dict[str, Any]) -> LabProfile:
        return services.profile_facts_check(profile=profile, actor=request.user, facts=data["facts"])

    if save_form(request, form, check) is not None:
        messages.success(request, _("The facts you chose are marked as checked today."))
        return redirect(profile.get_absolute_url())
    context = {"form": form, "profile": profile, "facts": selectors.facts_to_check(profile)}
    return render(request, "knowledge/proposals/check.html", context, status=form_status(request))
