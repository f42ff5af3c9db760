"""Indicators of a process or lab, their measurements, the lab dashboard and the exports."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kosilab.core.charts import bar_chart, line_chart, stacked_bars
from kosilab.core.exports import csv_response, xlsx_response
from kosilab.core.forms import form_status, save_form
from kosilab.core.http import HtmxRequest
from kosilab.core.pagecache import anonymous_page_cache, kept_fragment
from kosilab.core.pagination import paginate
from kosilab.core.permissions import get_visible_or_404, require_perm
from kosilab.impact import selectors, services
from kosilab.impact.forms import IndicatorForm, MeasurementForm
from kosilab.impact.models import Indicator, Measurement
from kosilab.labs.models import Lab
from kosilab.processes.models import Process
from kosilab.processes.selectors import process_detail_queryset


def _process(request: HtmxRequest, pk: int) -> Process:
    return get_visible_or_404(request, process_detail_queryset(), "processes.view_process", pk=pk)


def _lab(request: HtmxRequest, slug: str) -> Lab:
    return get_visible_or_404(request, Lab.objects.all(), "labs.view_lab", slug=slug)


def _indicator(request: HtmxRequest, pk: int, *, change: bool = False) -> Indicator:
    indicator = get_visible_or_404(request, selectors.indicator_queryset(), "impact.view_indicator", pk=pk)
    if change:
        require_perm(request, "impact.change_indicator", indicator)
    return indicator


def _home(indicator: Indicator) -> HttpResponse:
    """Back to where the indicator is listed."""
    if indicator.process_id is not None:
        return redirect("impact:process", indicator.process_id)
    return redirect("impact:lab", indicator.lab.slug)


# --- Pages ---------------------------------------------------------------------------------------


@require_GET
def process_indicators(request: HtmxRequest, process_pk: int) -> HttpResponse:
    process = _process(request, process_pk)
    indicators = selectors.process_indicators(process)
    context = {
        "process": process,
        "groups": selectors.by_level(indicators),
        "count": len(indicators),
        "can_change": request.user.has_perm("impact.add_process_indicator", process),
    }
    return render(request, "impact/process.html", context)


def _chart(indicator: Indicator, measurements: list[Measurement]) -> Any:
    target = (indicator.target_date, indicator.target) if indicator.target is not None else None
    return line_chart(
        [(_("Measured values"), [(m.measured_on, float(m.value)) for m in measurements if m.value is not None])],
        target=target,  # type: ignore[arg-type]
        baseline=float(indicator.baseline) if indicator.baseline is not None else None,
        unit=indicator.unit,
        title=_("%(name)s over time") % {"name": indicator.name},
        description="",
    )


def _detail(
    request: HtmxRequest, indicator: Indicator, form: MeasurementForm | None, status: int = 200
) -> HttpResponse:
    measurements = selectors.measurements(indicator)
    can_change = request.user.has_perm("impact.change_indicator", indicator)
    latest = measurements[-1] if measurements else None
    context = {
        "indicator": indicator,
        "measurements": measurements,
        "latest": latest,
        "progress": indicator.progress_percent(latest.value if latest else None),
        "chart": _chart(indicator, measurements) if measurements or indicator.target is not None else None,
        "can_change": can_change,
        "form": (form or MeasurementForm(initial={"measured_on": timezone.localdate()})) if can_change else None,
    }
    return render(request, "impact/indicator_detail.html", context, status=status)


@require_GET
def indicator_detail(request: HtmxRequest, pk: int) -> HttpResponse:
    return _detail(request, _indicator(request, pk), None)


def _indicator_form(request: HtmxRequest, form: IndicatorForm, context: dict[str, Any]) -> HttpResponse:
    status = form_status(request)
    return render(request, "impact/indicator_form.html", {"form": form, **context}, status=status)


@require_http_methods(["GET", "POST"])
def indicator_create(request: HtmxRequest, process_pk: int) -> HttpResponse:
    process = _process(request, process_pk)
    require_perm(request, "impact.add_process_indicator", process)
    form = IndicatorForm(request.POST or None)

    def create(data: dict[str, Any]) -> Indicator:
        return services.indicator_create(lab=process.lab, process=process, by=request.user, **data)

    if indicator := save_form(request, form, create):
        messages.success(request, _("The indicator has been added. Now add measured values."))
        return redirect(indicator)
    return _indicator_form(request, form, {"process": process, "lab": process.lab})


@require_http_methods(["GET", "POST"])
def lab_indicator_create(request: HtmxRequest, lab_slug: str) -> HttpResponse:
    lab = _lab(request, lab_slug)
    require_perm(request, "impact.add_lab_indicator", lab)
    form = IndicatorForm(request.POST or None)

    def create(data: dict[str, Any]) -> Indicator:
        return services.indicator_create(lab=lab, process=None, by=request.user, **data)

    if indicator := save_form(request, form, create):
        messages.success(request, _("The indicator has been added. Now add measured values."))
        return redirect(indicator)
    return _indicator_form(request, form, {"lab": lab})


@require_http_methods(["GET", "POST"])
def indicator_edit(request: HtmxRequest, pk: int) -> HttpResponse:
    indicator = _indicator(request, pk, change=True)
    form = IndicatorForm(request.POST or None, instance=indicator)

    def update(data: dict[str, Any]) -> Indicator:
        return services.indicator_update(indicator=indicator, by=request.user, **data)

    if save_form(request, form, update):
        messages.success(request, _("The indicator has been saved."))
        return redirect(indicator)
    return _indicator_form(request, form, {"indicator": indicator, "process": indicator.process, "lab": indicator.lab})


@require_http_methods(["GET", "POST"])
def indicator_delete(request: HtmxRequest, pk: int) -> HttpResponse:
    indicator = _indicator(request, pk, change=True)
    if request.method == "POST":
        services.indicator_delete(indicator=indicator, by=request.user)
        messages.success(request, _("The indicator and its measured values have been deleted."))
        return _home(indicator)
    count = indicator.measurements.count()
    return render(request, "impact/indicator_delete.html", {"indicator": indicator, "count": count})


@require_POST
def measurement_add(request: HtmxRequest, pk: int) -> HttpResponse:
    indicator = _indicator(request, pk, change=True)
    form = MeasurementForm(request.POST)

    def add(data: dict[str, Any]) -> Measurement:
        return services.measurement_add(indicator=indicator, by=request.user, **data)

    if save_form(request, form, add):
        messages.success(request, _("The value has been added."))
        return redirect(indicator)
    return _detail(request, indicator, form, status=400)


@require_http_methods(["GET", "POST"])
def measurement_edit(request: HtmxRequest, pk: int, measurement_pk: int) -> HttpResponse:
    indicator = _indicator(request, pk, change=True)
    measurement = get_object_or_404(Measurement, pk=measurement_pk, indicator=indicator)
    form = MeasurementForm(request.POST or None, instance=measurement)

    def update(data: dict[str, Any]) -> Measurement:
        return services.measurement_update(measurement=measurement, by=request.user, **data)

    if save_form(request, form, update):
        messages.success(request, _("The value has been saved."))
        return redirect(indicator)
    context = {"form": form, "indicator": indicator, "measurement": measurement}
    return render(request, "impact/measurement_form.html", context, status=form_status(request))


@require_POST
def measurement_delete(request: HtmxRequest, pk: int, measurement_pk: int) -> HttpResponse:
    indicator = _indicator(request, pk, change=True)
    measurement = get_object_or_404(Measurement, pk=measurement_pk, indicator=indicator)
    services.measurement_delete(measurement=measurement, by=request.user)
    messages.success(request, _("The value has been deleted."))
    return redirect(indicator)


INDICATORS_PER_PAGE = 25


def quarter_label(day: Any) -> str:
    return _("Q%(quarter)s %(year)s") % {"quarter": (day.month - 1) // 3 + 1, "year": day.year}


@anonymous_page_cache
@require_GET
def lab_dashboard(request: HtmxRequest, lab_slug: str) -> HttpResponse:
    lab = _lab(request, lab_slug)
    # Everything below the heading is the same for everyone with the same permissions: kept for
    # that audience (kosilab/core/pagecache.py), computed only when it is not.
    body = kept_fragment(
        request,
        "impact:lab",
        lab.pk,
        request.get_full_path(),
        render=lambda: render_to_string("impact/_lab_body.html", _lab_dashboard_body(request, lab), request=request),
    )
    return render(request, "impact/lab.html", {"lab": lab, "body": body})


def _lab_dashboard_body(request: HtmxRequest, lab: Lab) -> dict[str, Any]:
    phases = selectors.processes_per_phase(request.user, lab)
    participation = selectors.participation_per_quarter(request.user, lab)
    quarters = [quarter_label(day) for day in participation.quarters]
    return {
        "lab": lab,
        "phases": phases,
        "phase_chart": bar_chart(phases, title=_("Running lab processes per phase")) if phases else None,
        "participation": participation,
        "quarters": quarters,
        "participation_chart": stacked_bars(
            quarters,
            [(str(sector.label), values) for sector, values in participation.rows],
            title=_("People who joined process teams, per quarter and sector"),
            unit=_("people"),
        ),
        # A page at a time: a lab with hundreds of indicators does not make one long page of them.
        "indicators": paginate(request, selectors.lab_indicators(request.user, lab), INDICATORS_PER_PAGE),
        "can_add": request.user.has_perm("impact.add_lab_indicator", lab),
    }


# --- Exports -------------------------------------------------------------------------------------


def _export(indicators: list[Indicator], stem: str, kind: str) -> HttpResponse:
    header = [
        _("Lab process"),
        _("Indicator"),
        _("Unit"),
        _("Level"),
        _("Baseline"),
        _("Target"),
        _("Target date"),
        _("Sustainable Development Goal"),
        _("Measured on"),
        _("Value"),
        _("Source"),
        _("Note"),
    ]
    rows: list[list[Any]] = []
    for indicator in selectors.export_indicators(indicators):
        about = [
            indicator.process.title if indicator.process else _("Whole lab"),
            indicator.name,
            indicator.unit,
            indicator.get_level_display(),
            indicator.baseline,
            indicator.target,
            indicator.target_date,
            indicator.get_sdg_display() if indicator.sdg else "",
        ]
        values = list(indicator.measurements.all())
        if not values:
            rows.append([*about, None, None, "", ""])
        rows.extend([*about, m.measured_on, m.value, m.source, m.note] for m in values)
    filename = f"{_('indicators')}-{slugify(stem)[:50]}-{timezone.localdate().isoformat()}.{kind}"
    if kind == "csv":
        return csv_response(rows, header, filename)
    return xlsx_response(rows, header, filename, sheet_title=_("Indicators"))


@require_GET
def process_export(request: HtmxRequest, process_pk: int, kind: str) -> HttpResponse:
    process = _process(request, process_pk)
    return _export(selectors.process_indicators(process), process.title, kind)


@require_GET
def lab_export(request: HtmxRequest, lab_slug: str, kind: str) -> HttpResponse:
    lab = _lab(request, lab_slug)
    return _export(list(selectors.lab_indicators(request.user, lab)), lab.slug, kind)
