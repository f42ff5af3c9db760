from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kosilab.core.errors import DomainError
from kosilab.core.forms import save_form
from kosilab.core.http import HtmxRequest
from kosilab.core.pagecache import anonymous_page_cache, kept_fragment
from kosilab.core.pagination import keyset_paginate
from kosilab.core.permissions import get_visible_or_404, require_perm
from kosilab.labs.models import DEFAULT_PHASE_LABELS, Lab
from kosilab.methods import selectors, services
from kosilab.methods.forms import MethodFilterForm, MethodForm, RecommendForm
from kosilab.methods.models import Method
from kosilab.methods.recommend import recommend
from kosilab.processes.models import Process
from kosilab.processes.selectors import process_detail_queryset

DEFAULT_SESSION_MINUTES = 180
PER_PAGE = 20


def _lab(request: HtmxRequest, slug: str) -> Lab:
    return get_visible_or_404(request, Lab.objects.all(), "labs.view_lab", slug=slug)


def _method(request: HtmxRequest, slug: str) -> Method:
    return get_visible_or_404(request, selectors.method_detail_queryset(), "methods.view_method", slug=slug)


@anonymous_page_cache
def method_list(request: HtmxRequest) -> HttpResponse:
    # The filters with their counts and the page of methods: what the reader may see of the
    # library, kept for their audience (kosilab/core/pagecache.py) per query string.
    search = kept_fragment(request, "methods:search", request.get_full_path(), render=lambda: _search(request))
    return render(
        request, "methods/method_list.html", {"search": search, "staff_labs": selectors.staff_labs(request.user)}
    )


def _search(request: HtmxRequest) -> str:
    form = MethodFilterForm(request.GET or None, labs=selectors.labs_with_methods(request.user))
    data = form.valid_data()
    filters = selectors.MethodFilters(
        phases=tuple(data.get("phase") or ()),
        participants=data.get("people"),
        minutes=data.get("minutes"),
        setting=data.get("setting") or "",
        max_difficulty=data.get("difficulty"),
        origin=data.get("origin") or "",
        query=data.get("q") or "",
    )
    form.show_counts(selectors.facet_counts(request.user, filters))
    methods = selectors.method_list(request.user, filters)
    context = {"form": form, "page_obj": keyset_paginate(request, methods, selectors.title_order(), PER_PAGE)}
    return render_to_string("methods/_search.html", context, request=request)


def _detail_context(request: HtmxRequest, method: Method) -> dict[str, Any]:
    based_on = method.based_on
    return {
        "method": method,
        "texts": selectors.texts(method),
        "based_on": based_on if based_on and request.user.has_perm("methods.view_method", based_on) else None,
    }


@anonymous_page_cache
def method_detail(request: HtmxRequest, slug: str) -> HttpResponse:
    method = _method(request, slug)
    context = {
        **_detail_context(request, method),
        "adaptations": selectors.adaptations(request.user, method),
        "adapt_labs": [
            lab for lab in selectors.staff_labs(request.user) if request.user.has_perm("methods.adapt_method", lab)
        ],
        "can_change": request.user.has_perm("methods.change_method", method),
    }
    return render(request, "methods/method_detail.html", context)


def method_card(request: HtmxRequest, slug: str) -> HttpResponse:
    method = _method(request, slug)
    context = {**_detail_context(request, method), "detail_url": request.build_absolute_uri(method.get_absolute_url())}
    return render(request, "methods/method_card.html", context)


@require_http_methods(["GET", "POST"])
def method_create(request: HtmxRequest, lab_slug: str) -> HttpResponse:
    lab = _lab(request, lab_slug)
    require_perm(request, "methods.add_method", lab)
    form = MethodForm(request.POST or None)
    if method := save_form(request, form, lambda data: services.method_create(lab=lab, by=request.user, **data)):
        messages.success(request, _("The method has been added."))
        return redirect(method)
    return render(request, "methods/method_form.html", {"form": form, "lab": lab})


@require_http_methods(["GET", "POST"])
def method_edit(request: HtmxRequest, slug: str) -> HttpResponse:
    method = _method(request, slug)
    require_perm(request, "methods.change_method", method)
    form = MethodForm(request.POST or None, instance=method)

    # MethodForm leaves its instance alone while validating (see MethodForm._post_clean).
    if save_form(request, form, lambda data: services.method_update(method=method, by=request.user, **data)):
        messages.success(request, _("The method has been saved."))
        return redirect("methods:detail", method.slug)
    return render(request, "methods/method_form.html", {"form": form, "lab": method.lab, "method": method})


@require_POST
def method_delete(request: HtmxRequest, slug: str) -> HttpResponse:
    method = _method(request, slug)
    require_perm(request, "methods.change_method", method)
    try:
        services.method_delete(method=method, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("methods:detail", method.slug)
    messages.success(request, _("The method has been deleted."))
    return redirect("methods:list")


@require_http_methods(["GET", "POST"])
def method_adapt(request: HtmxRequest, slug: str, lab_slug: str) -> HttpResponse:
    method = _method(request, slug)
    lab = _lab(request, lab_slug)
    require_perm(request, "methods.adapt_method", lab)
    if request.method == "POST":
        try:
            copy = services.method_adapt(method=method, lab=lab, by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("A copy for your lab has been made. Adapt it to your needs."))
            return redirect("methods:edit", copy.slug)
    return render(request, "methods/method_adapt.html", {"method": method, "lab": lab})


def _recommendations(request: HtmxRequest, form: RecommendForm, *, lab: Lab | None, phase: str | None) -> Any:
    data = form.valid_data()
    return recommend(
        phase=phase if phase is not None else (data.get("phase") or None),
        participants=data.get("people"),
        minutes=data.get("minutes"),
        setting=data.get("setting") or None,
        lab=lab,
        methods=selectors.recommendation_candidates(request.user, lab),
    )


def recommendations(request: HtmxRequest) -> HttpResponse:
    form = RecommendForm(request.GET or None)
    asked = bool(request.GET)
    results = _recommendations(request, form, lab=None, phase=None) if asked else []
    return render(request, "methods/recommend.html", {"form": form, "asked": asked, "results": results})


def process_recommendations(request: HtmxRequest, process_pk: int) -> HttpResponse:
    process: Process = get_visible_or_404(request, process_detail_queryset(), "processes.view_process", pk=process_pk)
    phase = process.current_phase
    # Without a query, the defaults: the team's size and an afternoon session.
    defaults = {"people": process.members.count() or "", "minutes": DEFAULT_SESSION_MINUTES}
    form = RecommendForm(request.GET or defaults, fixed_phase=True)
    phase_key = phase.key if phase is not None else ""
    known_phase = phase_key in DEFAULT_PHASE_LABELS
    results = _recommendations(request, form, lab=process.lab, phase=phase_key if known_phase else "")
    context = {
        "form": form,
        "asked": True,
        "results": results,
        "process": process,
        "phase": phase,
        "known_phase": known_phase,
    }
    return render(request, "methods/recommend.html", context)
