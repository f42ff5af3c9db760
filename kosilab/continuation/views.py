"""Continuation pages: public "what became of it" per lab and per result; recording handovers."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kosilab.continuation import selectors, services
from kosilab.continuation.forms import FollowUpForm, HandoverCreateForm, HandoverForm, StatusForm
from kosilab.continuation.models import FollowUp, Handover
from kosilab.core.errors import DomainError
from kosilab.core.forms import form_status, save_form
from kosilab.core.http import HtmxRequest
from kosilab.core.pagecache import anonymous_page_cache, kept_fragment
from kosilab.core.pagination import paginate
from kosilab.core.permissions import get_visible_or_404, require_perm
from kosilab.labs.policies import lab_policy
from kosilab.results.models import Result
from kosilab.results.policies import result_policy
from kosilab.results.selectors import result_detail_queryset


def _result(request: HtmxRequest, pk: int) -> Result:
    """A result the user may change (not found if they may not see it)."""
    result = get_visible_or_404(request, result_detail_queryset(), "results.view_result", pk=pk)
    require_perm(request, "results.change_result", result)
    return result


def _handover(request: HtmxRequest, pk: int) -> Handover:
    handover = get_visible_or_404(request, selectors.handover_queryset(), "continuation.view_handover", pk=pk)
    require_perm(request, "continuation.change_handover", handover)
    return handover


RESULTS_PER_PAGE = 25


# --- Public ------------------------------------------------------------------------------------


@anonymous_page_cache
@require_GET
def lab_overview(request: HtmxRequest, slug: str) -> HttpResponse:
    """What became of the lab's results: only public results of public processes of a public lab."""
    lab = get_object_or_404(lab_policy.public_objects(), slug=slug)

    def table() -> str:
        # A page at a time: a lab with hundreds of results does not make one long table of them.
        results = paginate(request, selectors.lab_results(lab), RESULTS_PER_PAGE)
        return render_to_string("continuation/_lab_body.html", {"lab": lab, "results": results}, request=request)

    # Public results only, whoever reads: one copy for every reader (kosilab/core/pagecache.py).
    body = kept_fragment(request, "continuation:lab", lab.pk, request.get_full_path(), render=table, everyone=True)
    return render(request, "continuation/lab.html", {"lab": lab, "body": body})


@require_GET
def result_story(request: HtmxRequest, result_pk: int) -> HttpResponse:
    """The story of one public result: process → result → handovers → status history → follow-ups done."""
    result = get_object_or_404(result_policy.public_objects(result_detail_queryset()), pk=result_pk)
    context = {"result": result, "process": result.process, "handovers": selectors.result_story(result)}
    return render(request, "continuation/result.html", context)


# --- For those who steer the process -------------------------------------------------------------


@require_GET
def manage(request: HtmxRequest, result_pk: int) -> HttpResponse:
    result = _result(request, result_pk)
    context = {
        "result": result,
        "process": result.process,
        "handovers": selectors.result_handovers(result),
    }
    return render(request, "continuation/manage.html", context)


@require_http_methods(["GET", "POST"])
def handover_create(request: HtmxRequest, result_pk: int) -> HttpResponse:
    result = _result(request, result_pk)
    form = HandoverCreateForm(request.POST or None)

    def create(data: dict[str, Any]) -> Handover:
        return services.handover_create(result=result, by=request.user, **data)

    if save_form(request, form, create):
        messages.success(request, _("The handover has been recorded."))
        return redirect("continuation:manage", result.pk)
    return render(
        request, "continuation/handover_form.html", {"form": form, "result": result}, status=form_status(request)
    )


@require_http_methods(["GET", "POST"])
def handover_edit(request: HtmxRequest, pk: int) -> HttpResponse:
    handover = _handover(request, pk)
    form = HandoverForm(request.POST or None, instance=handover)

    def update(data: dict[str, Any]) -> Handover:
        return services.handover_update(handover=handover, by=request.user, **data)

    if save_form(request, form, update):
        messages.success(request, _("The handover has been saved."))
        return redirect("continuation:manage", handover.result_id)
    context = {"form": form, "result": handover.result, "handover": handover}
    return render(request, "continuation/handover_form.html", context, status=form_status(request))


@require_http_methods(["GET", "POST"])
def handover_status(request: HtmxRequest, pk: int) -> HttpResponse:
    handover = _handover(request, pk)
    form = StatusForm(request.POST or None, initial={"status": handover.status})

    def change(data: dict[str, Any]) -> Handover:
        return services.handover_status_set(handover=handover, by=request.user, **data)

    if save_form(request, form, change):
        messages.success(request, _("The status has been changed."))
        return redirect("continuation:manage", handover.result_id)
    context = {"form": form, "result": handover.result, "handover": handover}
    return render(request, "continuation/status_form.html", context, status=form_status(request))


@require_http_methods(["GET", "POST"])
def handover_delete(request: HtmxRequest, pk: int) -> HttpResponse:
    handover = _handover(request, pk)
    if request.method == "POST":
        result_pk = handover.result_id
        services.handover_delete(handover=handover, by=request.user)
        messages.success(request, _("The handover has been deleted."))
        return redirect("continuation:manage", result_pk)
    return render(request, "continuation/handover_delete.html", {"handover": handover, "result": handover.result})


@require_http_methods(["GET", "POST"])
def followup_add(request: HtmxRequest, pk: int) -> HttpResponse:
    handover = _handover(request, pk)
    form = FollowUpForm(request.POST or None)

    def add(data: dict[str, Any]) -> FollowUp:
        return services.followup_add(handover=handover, by=request.user, **data)

    if save_form(request, form, add):
        messages.success(request, _("The follow-up has been added. A reminder goes out seven days before."))
        return redirect("continuation:manage", handover.result_id)
    context = {"form": form, "result": handover.result, "handover": handover}
    return render(request, "continuation/followup_form.html", context, status=form_status(request))


@require_POST
def followup_done(request: HtmxRequest, pk: int) -> HttpResponse:
    followup = get_object_or_404(FollowUp.objects.select_related("handover"), pk=pk)
    handover = _handover(request, followup.handover_id)
    followup.handover = handover
    try:
        services.followup_done(followup=followup, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The follow-up has been marked as done."))
    return redirect("continuation:manage", handover.result_id)
