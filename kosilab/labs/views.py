from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kosilab.accounts.models import User
from kosilab.core.errors import DomainError
from kosilab.core.forms import save_form
from kosilab.core.http import HtmxRequest
from kosilab.core.pagecache import anonymous_page_cache, kept_fragment
from kosilab.core.pagination import paginate
from kosilab.core.permissions import get_visible_or_404, require_perm
from kosilab.labs import audit, selectors, services
from kosilab.labs.extensions import LAB_PAGE
from kosilab.labs.forms import BasePhaseFormSet, LabForm, PhaseFormSet, TeamMemberForm
from kosilab.labs.models import Lab, PhaseTemplateStep


def _lab(request: HtmxRequest, slug: str) -> Lab:
    return get_visible_or_404(request, Lab.objects.select_related("host"), "labs.view_lab", slug=slug)


@anonymous_page_cache
def lab_list(request: HtmxRequest) -> HttpResponse:
    return render(request, "labs/lab_list.html", {"page_obj": paginate(request, selectors.lab_list(request.user))})


@anonymous_page_cache
def lab_detail(request: HtmxRequest, slug: str) -> HttpResponse:
    lab = _lab(request, slug)
    context = {
        "lab": lab,
        # What the apps above add (challenges, processes, events, …): the same for everyone with the
        # same permissions, so kept for that audience (kosilab/core/pagecache.py).
        "sections": kept_fragment(request, "labs:sections", lab.pk, render=lambda: "".join(LAB_PAGE(request, lab))),
        "team": selectors.lab_team(lab),
        "partners": lab.partners.order_by("sector", "name"),
        "can_change": request.user.has_perm("labs.change_lab", lab),
        "can_view_audit_log": request.user.has_perm("labs.view_audit_log", lab),
        "can_manage_lab": request.user.has_perm("labs.manage", lab),
    }
    return render(request, "labs/lab_detail.html", context)


@require_http_methods(["GET", "POST"])
def lab_edit(request: HtmxRequest, slug: str) -> HttpResponse:
    lab = _lab(request, slug)
    require_perm(request, "labs.change_lab", lab)
    form = LabForm(request.POST or None, instance=lab)
    if save_form(request, form, lambda data: services.lab_update(lab=lab, by=request.user, **data)):
        messages.success(request, _("The lab has been saved."))
        return redirect(lab)
    return render(request, "labs/lab_form.html", {"form": form, "lab": lab})


@require_http_methods(["GET", "POST"])
def lab_team(request: HtmxRequest, slug: str) -> HttpResponse:
    lab = _lab(request, slug)
    require_perm(request, "labs.manage_team", lab)
    form = TeamMemberForm(request.POST or None, viewer=request.user)
    if request.method == "POST" and form.is_valid():
        person, role = form.cleaned_data["user"], form.cleaned_data["role"]
        before = selectors.lab_team(lab).filter(user=person).first()
        try:
            membership = services.lab_team_set(lab=lab, user=person, role=role, by=request.user)
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            if before is not None and before.role != membership.role:
                # Never silently: the message says what the role was (and the audit log keeps it).
                messages.success(
                    request,
                    _("%(name)s was “%(old)s” and is now “%(new)s”.")
                    % {"name": person.name, "old": before.get_role_display(), "new": membership.get_role_display()},
                )
            elif before is not None:
                messages.info(request, _("%(name)s is already in the lab team.") % {"name": person.name})
            else:
                messages.success(request, _("The team has been updated."))
            if not request.htmx:
                return redirect("labs:team", slug=lab.slug)
            form = TeamMemberForm(viewer=request.user)
    template = "labs/_team_table.html" if request.htmx else "labs/lab_team.html"
    return render(request, template, {"lab": lab, "form": form, "team": paginate(request, selectors.lab_team(lab))})


@require_POST
def lab_team_remove(request: HtmxRequest, slug: str, user_id: int) -> HttpResponse:
    lab = _lab(request, slug)
    require_perm(request, "labs.manage_team", lab)
    # Only people in this lab's team: any other id is "not found", and reveals no name.
    person = get_object_or_404(User, pk=user_id, lab_memberships__lab=lab)
    try:
        services.lab_team_remove(lab=lab, user=person, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(name)s is no longer in the lab team.") % {"name": person.name})
    if request.htmx:
        context = {
            "lab": lab,
            "form": TeamMemberForm(viewer=request.user),
            "team": paginate(request, selectors.lab_team(lab)),
        }
        return render(request, "labs/_team_table.html", context)
    return redirect("labs:team", slug=lab.slug)


@require_http_methods(["GET", "POST"])
def phase_template(request: HtmxRequest, slug: str) -> HttpResponse:
    lab = _lab(request, slug)
    require_perm(request, "labs.change_phase_template", lab)
    steps = PhaseTemplateStep.objects.filter(lab=lab).order_by("position")
    initial = [{"key": s.key, "name": s.label, "description": s.description, "position": s.position} for s in steps]
    formset = PhaseFormSet(request.POST or None, initial=initial, prefix="phases")
    if request.method == "POST" and formset.is_valid():
        cleaned = cast(BasePhaseFormSet, formset).ordered_steps()
        # A default phase whose shown name is unchanged keeps following the language of the reader.
        labels = {s.key: s.label for s in steps if not s.name}
        for step in cleaned:
            if step.get("key") in labels and step.get("name") == labels[step["key"]]:
                step["name"] = ""
        try:
            services.phase_template_update(lab=lab, steps=cleaned, by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The phase template has been saved. New processes will use it."))
            return redirect("labs:phase_template", slug=lab.slug)
    return render(request, "labs/phase_template.html", {"lab": lab, "formset": formset})


def lab_audit_log(request: HtmxRequest, slug: str) -> HttpResponse:
    """The lab's audit log for its managers: who did what, when, on which object, with filters."""
    lab = _lab(request, slug)
    require_perm(request, "labs.view_audit_log", lab)
    actions, kinds = audit.choices_in_use(lab)
    form = audit.AuditFilterForm(request.GET or None, actions=actions, kinds=kinds)
    filters = audit.valid_filters(form)
    context = {
        "lab": lab,
        "form": form,
        "filters": filters,
        "page_obj": audit.labelled(paginate(request, audit.lab_audit_log(lab, **filters), per_page=50)),
        "retention_days": audit.retention_days(),
        "without_actor": audit.query_without(request.GET, "actor"),
        "without_object": audit.query_without(request.GET, "object_type", "object_id"),
    }
    return render(request, "labs/audit_log.html", context)
