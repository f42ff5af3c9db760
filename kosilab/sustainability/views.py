"""The sustainability watch of a lab (records, warnings, timeline, forms) and its legacy page with the
archive's export and import. Only the lab's team sees them (rules.py); its managers change them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Model, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from kosilab.continuation.models import ContinuationForm, HandoverStatus
from kosilab.core.errors import DomainError
from kosilab.core.forms import form_status, save_form
from kosilab.core.http import HtmxRequest
from kosilab.core.permissions import get_visible_or_404, require_perm
from kosilab.labs.models import Lab
from kosilab.playbook.content import PHASE_BY_KEY
from kosilab.processes.models import ProcessStatus
from kosilab.results.models import ResultKind
from kosilab.sustainability import selectors, services
from kosilab.sustainability.archive import MAX_ARCHIVE_BYTES
from kosilab.sustainability.charts import TimelineRow, timeline_chart
from kosilab.sustainability.forms import (
    DecisionChangeForm,
    DecisionForm,
    FundingForm,
    ImportForm,
    MandateForm,
    SponsorForm,
)
from kosilab.sustainability.models import (
    Funding,
    InheritedArchive,
    Mandate,
    MandateKind,
    Outcome,
    RenewalDecision,
    Sponsor,
    SponsorRole,
)


def _lab(request: HtmxRequest, slug: str, *, perm: str = "sustainability.view_watch", change: str = "") -> Lab:
    lab = get_visible_or_404(request, Lab.objects.select_related("host"), perm, slug=slug)
    if change:
        require_perm(request, change, lab)
    return lab


def _changing(request: HtmxRequest, slug: str) -> Lab:
    return _lab(request, slug, change="sustainability.change_watch")


def _watch_url(lab: Lab, anchor: str = "") -> str:
    from django.urls import reverse

    return reverse("sustainability:watch", args=[lab.slug]) + (f"#{anchor}" if anchor else "")


# --- The watch -----------------------------------------------------------------------------------


def _timeline_rows(watch: selectors.Watch) -> list[TimelineRow]:
    rows = [
        TimelineRow(
            label=_("Mandate: %(name)s") % {"name": mandate.title},
            kind="mandate",
            start=mandate.starts_on,
            end=mandate.ends_on,
            term_end=mandate.term_ends_on,
            closed=selectors.closed(mandate),
        )
        for mandate in watch.mandates
    ]
    rows += [
        TimelineRow(
            label=_("Funding: %(name)s") % {"name": str(record)},
            kind="funding",
            start=record.starts_on,
            end=record.ends_on,
            closed=selectors.closed(record),
        )
        for record in watch.funding
    ]
    return rows


@require_GET
def watch(request: HtmxRequest, slug: str) -> HttpResponse:
    lab = _lab(request, slug)
    today = timezone.localdate()
    data = selectors.lab_watch(lab, today)
    rows = _timeline_rows(data)
    chart = (
        timeline_chart(rows, today=today, title=_("Mandates and funding of %(lab)s over time") % {"lab": lab.name})
        if rows
        else None
    )
    context = {
        "lab": lab,
        "watch": data,
        "rows": rows,
        "chart": chart,
        "shares": selectors.funder_shares(data.funding, today),
        "sponsor_share": selectors.sponsor_share(),
        "warn_days": selectors.warn_days(),
        "can_change": request.user.has_perm("sustainability.change_watch", lab),
    }
    return render(request, "sustainability/watch.html", context)


@dataclass(frozen=True)
class Kind:
    """One kind of record on the watch page: its model, form, services and words."""

    model: type[Model]
    form: type[forms.ModelForm[Any]]
    create: Callable[..., Any]
    update: Callable[..., Any]
    delete: Callable[..., Any]
    arg: str  # the service's keyword for the record
    anchor: str
    new_title: str
    edit_title: str
    delete_title: str
    saved: str
    deleted: str


def _kinds() -> dict[str, Kind]:
    return {
        "mandate": Kind(
            Mandate,
            MandateForm,
            services.mandate_create,
            services.mandate_update,
            services.mandate_delete,
            "mandate",
            "mandates",
            _("Record a mandate"),
            _("Edit the mandate"),
            _("Delete the mandate"),
            _("The mandate has been saved."),
            _("The mandate has been deleted."),
        ),
        "sponsor": Kind(
            Sponsor,
            SponsorForm,
            services.sponsor_create,
            services.sponsor_update,
            services.sponsor_delete,
            "sponsor",
            "sponsors",
            _("Record a sponsor"),
            _("Edit the sponsor"),
            _("Delete the sponsor"),
            _("The sponsor has been saved."),
            _("The sponsor has been deleted."),
        ),
        "funding": Kind(
            Funding,
            FundingForm,
            services.funding_create,
            services.funding_update,
            services.funding_delete,
            "funding",
            "funding",
            _("Record funding"),
            _("Edit the funding"),
            _("Delete the funding"),
            _("The funding has been saved."),
            _("The funding has been deleted."),
        ),
    }


def _record(request: HtmxRequest, lab: Lab, model: type[Model], pk: int) -> Any:
    label = model._meta.model_name
    queryset: QuerySet[Any] = model._default_manager.filter(lab=lab)
    return get_visible_or_404(request, queryset, f"sustainability.view_{label}", pk=pk)


def _record_create(request: HtmxRequest, slug: str, name: str) -> HttpResponse:
    lab = _changing(request, slug)
    kind = _kinds()[name]
    form = kind.form(request.POST or None)
    if save_form(request, form, lambda data: kind.create(lab=lab, by=request.user, **data)):
        messages.success(request, kind.saved)
        return redirect(_watch_url(lab, kind.anchor))
    context = {"lab": lab, "form": form, "title": kind.new_title, "anchor": kind.anchor}
    return render(request, "sustainability/record_form.html", context, status=form_status(request))


def _record_edit(request: HtmxRequest, slug: str, pk: int, name: str) -> HttpResponse:
    lab = _changing(request, slug)
    kind = _kinds()[name]
    record = _record(request, lab, kind.model, pk)
    form = kind.form(request.POST or None, instance=record)
    if save_form(request, form, lambda data: kind.update(**{kind.arg: record}, by=request.user, **data)):
        messages.success(request, kind.saved)
        return redirect(_watch_url(lab, kind.anchor))
    context = {"lab": lab, "form": form, "title": kind.edit_title, "record": record, "anchor": kind.anchor}
    return render(request, "sustainability/record_form.html", context, status=form_status(request))


def _record_delete(request: HtmxRequest, slug: str, pk: int, name: str) -> HttpResponse:
    lab = _changing(request, slug)
    kind = _kinds()[name]
    record = _record(request, lab, kind.model, pk)
    if request.method == "POST":
        kind.delete(**{kind.arg: record}, by=request.user)
        messages.success(request, kind.deleted)
        return redirect(_watch_url(lab, kind.anchor))
    context = {"lab": lab, "record": record, "title": kind.delete_title, "anchor": kind.anchor}
    return render(request, "sustainability/record_delete.html", context)


@require_http_methods(["GET", "POST"])
def mandate_create(request: HtmxRequest, slug: str) -> HttpResponse:
    return _record_create(request, slug, "mandate")


@require_http_methods(["GET", "POST"])
def mandate_edit(request: HtmxRequest, slug: str, pk: int) -> HttpResponse:
    return _record_edit(request, slug, pk, "mandate")


@require_http_methods(["GET", "POST"])
def mandate_delete(request: HtmxRequest, slug: str, pk: int) -> HttpResponse:
    return _record_delete(request, slug, pk, "mandate")


@require_http_methods(["GET", "POST"])
def sponsor_create(request: HtmxRequest, slug: str) -> HttpResponse:
    return _record_create(request, slug, "sponsor")


@require_http_methods(["GET", "POST"])
def sponsor_edit(request: HtmxRequest, slug: str, pk: int) -> HttpResponse:
    return _record_edit(request, slug, pk, "sponsor")


@require_http_methods(["GET", "POST"])
def sponsor_delete(request: HtmxRequest, slug: str, pk: int) -> HttpResponse:
    return _record_delete(request, slug, pk, "sponsor")


@require_http_methods(["GET", "POST"])
def funding_create(request: HtmxRequest, slug: str) -> HttpResponse:
    return _record_create(request, slug, "funding")


@require_http_methods(["GET", "POST"])
def funding_edit(request: HtmxRequest, slug: str, pk: int) -> HttpResponse:
    return _record_edit(request, slug, pk, "funding")


@require_http_methods(["GET", "POST"])
def funding_delete(request: HtmxRequest, slug: str, pk: int) -> HttpResponse:
    return _record_delete(request, slug, pk, "funding")


# --- Renewal decisions ---------------------------------------------------------------------------


def _decision_create(request: HtmxRequest, slug: str, pk: int, model: type[Mandate] | type[Funding]) -> HttpResponse:
    lab = _changing(request, slug)
    record = _record(request, lab, model, pk)
    form = DecisionForm(request.POST or None)
    if save_form(request, form, lambda data: services.decision_create(record=record, by=request.user, **data)):
        messages.success(request, _("The decision has been recorded."))
        return redirect(_watch_url(lab, f"{model._meta.model_name}-{record.pk}"))
    context = {"lab": lab, "form": form, "record": record, "title": _("Record a renewal decision")}
    return render(request, "sustainability/decision_form.html", context, status=form_status(request))


@require_http_methods(["GET", "POST"])
def mandate_decision(request: HtmxRequest, slug: str, pk: int) -> HttpResponse:
    return _decision_create(request, slug, pk, Mandate)


@require_http_methods(["GET", "POST"])
def funding_decision(request: HtmxRequest, slug: str, pk: int) -> HttpResponse:
    return _decision_create(request, slug, pk, Funding)


def _decision(request: HtmxRequest, lab: Lab, pk: int) -> RenewalDecision:
    queryset = RenewalDecision.objects.filter(lab=lab).select_related("mandate", "funding")
    return get_visible_or_404(request, queryset, "sustainability.view_renewaldecision", pk=pk)


def _decision_anchor(decision: RenewalDecision) -> str:
    return f"mandate-{decision.mandate_id}" if decision.mandate_id else f"funding-{decision.funding_id}"


@require_http_methods(["GET", "POST"])
def decision_edit(request: HtmxRequest, slug: str, pk: int) -> HttpResponse:
    lab = _changing(request, slug)
    decision = _decision(request, lab, pk)
    form = DecisionChangeForm(request.POST or None, instance=decision)
    if save_form(request, form, lambda data: services.decision_update(decision=decision, by=request.user, **data)):
        messages.success(request, _("The decision has been saved."))
        return redirect(_watch_url(lab, _decision_anchor(decision)))
    context = {
        "lab": lab,
        "form": form,
        "record": decision.record,
        "decision": decision,
        "title": _("Edit the renewal decision"),
    }
    return render(request, "sustainability/decision_form.html", context, status=form_status(request))


@require_http_methods(["GET", "POST"])
def decision_delete(request: HtmxRequest, slug: str, pk: int) -> HttpResponse:
    lab = _changing(request, slug)
    decision = _decision(request, lab, pk)
    error = ""
    if request.method == "POST":
        try:
            services.decision_delete(decision=decision, by=request.user)
        except DomainError as refused:
            error = refused.message
        else:
            messages.success(request, _("The decision has been deleted."))
            return redirect(_watch_url(lab, _decision_anchor(decision)))
    context = {"lab": lab, "decision": decision, "record": decision.record, "error": error}
    return render(request, "sustainability/decision_delete.html", context, status=400 if error else 200)


# --- The legacy ----------------------------------------------------------------------------------


@require_GET
def legacy(request: HtmxRequest, slug: str) -> HttpResponse:
    lab = _lab(request, slug, perm="sustainability.view_legacy")
    context = {
        "lab": lab,
        "legacy": selectors.lab_legacy(request.user, lab),
        "can_export": request.user.has_perm("sustainability.export_legacy", lab),
        "can_import": request.user.has_perm("sustainability.import_legacy", lab),
    }
    return render(request, "sustainability/legacy.html", context)


@require_GET
def legacy_export(request: HtmxRequest, slug: str) -> HttpResponse:
    lab = _lab(request, slug, perm="sustainability.view_legacy", change="sustainability.export_legacy")
    data = services.legacy_export(lab=lab, by=request.user)
    response = HttpResponse(data, content_type="application/zip")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = content_disposition_header(True, f"legacy-{lab.slug}-{stamp}.zip")
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_http_methods(["GET", "POST"])
def legacy_import(request: HtmxRequest, slug: str) -> HttpResponse:
    lab = _lab(request, slug, perm="sustainability.view_legacy", change="sustainability.import_legacy")
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["archive"]
        data = upload.read(MAX_ARCHIVE_BYTES + 1)
        try:
            archive, created = services.legacy_import(lab=lab, by=request.user, data=data)
        except services.LegacyImportRefused as refused:
            form.add_error("archive", refused.message)
            problems = refused.problems
        except DomainError as refused:
            form.add_error("archive", refused.message)
        else:
            if created:
                count = archive.methods.count()
                messages.success(
                    request,
                    ngettext(
                        "The legacy of %(lab)s has been loaded: %(count)d method became this lab's own.",
                        "The legacy of %(lab)s has been loaded: %(count)d methods became this lab's own.",
                        count,
                    )
                    % {"lab": archive.predecessor, "count": count},
                )
            else:
                messages.info(request, _("This archive had been loaded before; nothing was added."))
            return redirect("sustainability:inherited", lab.slug, archive.pk)
    context = {"lab": lab, "form": form, "problems": problems}
    return render(request, "sustainability/legacy_import.html", context, status=form_status(request))


def _label(choices: Any, key: Any) -> str:
    return str(dict(choices).get(key, key or ""))


def _decisions_labelled(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**row, "outcome_label": _label(Outcome.choices, row["outcome"])} for row in rows]


def _inherited_context(content: dict[str, Any]) -> dict[str, Any]:
    """The stored archive, arranged for reading: results under their process, handovers under their
    result, stored keys (status, kind, role …) as words in the reader's language."""
    handovers_by_result: dict[int, list[dict[str, Any]]] = {}
    for row in content.get("handovers", []):
        handovers_by_result.setdefault(row["result_ref"], []).append(
            {
                **row,
                "status_label": _label(HandoverStatus.choices, row["status"]),
                "form_label": _label(ContinuationForm.choices, row["form"]),
            }
        )
    results_by_process: dict[int, list[dict[str, Any]]] = {}
    for row in content.get("results", []):
        results_by_process.setdefault(row["process_ref"], []).append(
            {
                **row,
                "kind_label": _label(ResultKind.choices, row["kind"]),
                "handovers": handovers_by_result.get(row["ref"], []),
            }
        )
    processes = [
        {
            **row,
            "status_label": _label(ProcessStatus.choices, row["status"]),
            "reached": [phase for phase in row["phases"] if phase["started_at"]],
            "results": results_by_process.get(row["ref"], []),
        }
        for row in content.get("processes", [])
    ]
    playbook = [
        {**row, "title": str(PHASE_BY_KEY[row["key"]].title) if row["key"] in PHASE_BY_KEY else row["title"]}
        for row in content.get("playbook", {}).get("phases", [])
    ]
    history = content.get("history", {})
    return {
        "processes": processes,
        "playbook": playbook,
        "mandates": [
            {
                **row,
                "kind_label": _label(MandateKind.choices, row["kind"]),
                "decisions": _decisions_labelled(row["decisions"]),
            }
            for row in history.get("mandates", [])
        ],
        "sponsors": [
            {**row, "role_label": _label(SponsorRole.choices, row["role"])} for row in history.get("sponsors", [])
        ],
        "funding": [{**row, "decisions": _decisions_labelled(row["decisions"])} for row in history.get("funding", [])],
    }


@require_GET
def inherited(request: HtmxRequest, slug: str, pk: int) -> HttpResponse:
    """A predecessor's knowledge, as its archive brought it (read-only)."""
    lab = _lab(request, slug, perm="sustainability.view_legacy")
    queryset = InheritedArchive.objects.filter(lab=lab).prefetch_related("methods")
    archive = get_visible_or_404(request, queryset, "sustainability.view_inheritedarchive", pk=pk)
    context = {"lab": lab, "archive": archive, "content": archive.content, **_inherited_context(archive.content)}
    return render(request, "sustainability/inherited.html", context)
