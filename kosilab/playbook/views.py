"""The playbook pages: overview, a page per phase, the readiness self-assessment and its history,
and the PDF of the whole state. Only the lab's staff and platform admins see them (rules.py)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.safestring import SafeString
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kosilab.core.charts import radar_chart
from kosilab.core.errors import DomainError
from kosilab.core.forms import form_status, save_form
from kosilab.core.http import HtmxRequest
from kosilab.core.pagination import paginate
from kosilab.core.permissions import get_visible_or_404, require_perm
from kosilab.labs.models import Lab
from kosilab.playbook import selectors, services
from kosilab.playbook.content import DIMENSIONS, PHASE_BY_KEY, PHASES, SCALE, SCORE_MAX, THEME_LABELS, Phase
from kosilab.playbook.extensions import DIMENSION_EXAMPLES
from kosilab.playbook.forms import AssessmentForm, BlockForm, ChecklistForm
from kosilab.playbook.models import Assessment
from kosilab.playbook.pdf import render_playbook

HISTORY_PER_PAGE = 50


def _lab(request: HtmxRequest, slug: str, *, change: bool = False) -> Lab:
    lab = get_visible_or_404(request, Lab.objects.all(), "playbook.view_playbook", slug=slug)
    if change:
        require_perm(request, "playbook.change_playbook", lab)
    return lab


def _phase(key: str) -> Phase:
    phase = PHASE_BY_KEY.get(key)
    if phase is None:
        raise Http404
    return phase


def _base(lab: Lab) -> dict[str, Any]:
    return {"lab": lab, "nav_phases": PHASES}


def _dimension_examples(request: HtmxRequest) -> dict[str, SafeString]:
    """What the apps above add under each dimension (``playbook.dimension_examples``), joined per key."""
    joined: dict[str, SafeString] = {}
    for contribution in DIMENSION_EXAMPLES(request):
        for key, html in contribution.items():
            joined[key] = SafeString(joined.get(key, "") + html)
    return joined


def _date(assessment: Assessment) -> str:
    return formats.date_format(timezone.localtime(assessment.taken_at), "DATE_FORMAT")


def _comparison(latest: Assessment | None, earlier: Assessment | None, *, earlier_label: str) -> dict[str, Any]:
    """The radar chart of ``latest`` against ``earlier`` and the same numbers as table rows."""
    if latest is None:
        return {"chart": None, "rows": []}
    latest_label = _("Latest assessment, %(date)s") % {"date": _date(latest)}
    series = [(latest_label, selectors.series_values(latest))]
    if earlier is not None:
        series.append((earlier_label % {"date": _date(earlier)}, selectors.series_values(earlier)))
    chart = radar_chart(
        list(selectors.dimension_titles()),
        series,
        max_value=SCORE_MAX,
        title=_("Readiness per dimension, from 0 (not at all) to 4 (fully)"),
    )
    return {"chart": chart, "rows": selectors.compare(latest, earlier), "series": [name for name, _v in series]}


@require_GET
def overview(request: HtmxRequest, slug: str) -> HttpResponse:
    lab = _lab(request, slug)
    first, latest, total = selectors.first_and_latest(lab)
    earlier = first if first is not latest else None
    context = {
        **_base(lab),
        "progress": selectors.lab_progress(lab),
        "latest": latest,
        "earlier": earlier,
        "assessment_count": total,
        "can_change": request.user.has_perm("playbook.change_playbook", lab),
        **_comparison(latest, earlier, earlier_label=_("First assessment, %(date)s")),
    }
    return render(request, "playbook/overview.html", context)


SECTIONS = {"checklist", *(f"block-{theme}" for theme in THEME_LABELS)}


@require_http_methods(["GET", "POST"])
def phase_detail(request: HtmxRequest, slug: str, phase_key: str) -> HttpResponse:
    """A phase: its building blocks and checklist in one form, so that a save keeps everything typed.

    Every section has its own save button; each saves what was changed anywhere on the page (all
    or nothing) and comes back to the section it was pressed in. Only changed blocks and flipped
    ticks are written (the forms carry the values shown as hidden inputs), so two people working
    on different parts of a phase do not overwrite each other.
    """
    lab = _lab(request, slug, change=request.method == "POST")
    phase = _phase(phase_key)
    states = selectors.block_states(lab)
    checklist = selectors.checklist_states(lab)
    team = selectors.lab_team(lab)
    data = request.POST if request.method == "POST" else None
    forms = {
        block.theme: BlockForm(data, team=team, state=states.get(block.key), prefix=block.theme)
        for block in phase.blocks
    }
    done = [item.key for item in phase.checklist if item.key in checklist and checklist[item.key].done]
    checklist_form = ChecklistForm(data, phase=phase, initial={"done": done})
    if data is not None and all(form.is_valid() for form in [*forms.values(), checklist_form]):
        try:
            changed = services.phase_save(
                lab=lab,
                phase_key=phase.key,
                blocks={theme: form.cleaned_data for theme, form in forms.items() if form.has_changed()},
                tick=checklist_form.ticked(),
                untick=checklist_form.unticked(),
                by=request.user,
            )
        except DomainError as error:
            _add_error(error, forms, checklist_form)
        else:
            messages.success(request, _("The phase has been saved.") if changed else _("Nothing has changed."))
            section = request.POST.get("section", "")
            anchor = f"#{section}" if section in SECTIONS else ""
            return redirect(reverse("playbook:phase", args=[lab.slug, phase.key]) + anchor)
    has_errors = checklist_form.errors or any(form.errors for form in forms.values())
    context = {
        **_base(lab),
        "phase": phase,
        "blocks": [{"block": b, "state": states.get(b.key), "form": forms[b.theme]} for b in phase.blocks],
        "checklist_form": checklist_form,
        "checklist_items": [(item, checklist.get(item.key)) for item in phase.checklist],
        "progress": selectors.progress(states, checklist)[phase.number - 1],
        "has_errors": has_errors,
        "previous_phase": PHASES[phase.number - 2] if phase.number > 1 else None,
        "next_phase": PHASES[phase.number] if phase.number < len(PHASES) else None,
    }
    return render(request, "playbook/phase.html", context, status=form_status(request))


def _add_error(error: DomainError, forms: dict[str, BlockForm], checklist_form: ChecklistForm) -> None:
    """Put a refusal from the service on the field it names ("goals-responsible", "done")."""
    for theme, form in forms.items():
        name = (error.field or "").removeprefix(f"{theme}-")
        if error.field and error.field != name and name in form.fields:
            form.add_error(name, error.message)
            return
    checklist_form.add_error("done" if error.field == "done" else None, error.message)


@require_http_methods(["GET", "POST"])
def assessment_new(request: HtmxRequest, slug: str) -> HttpResponse:
    lab = _lab(request, slug, change=True)
    form = AssessmentForm(request.POST if request.method == "POST" else None)

    def save(data: dict[str, Any]) -> Assessment:
        return services.assessment_create(lab=lab, by=request.user, answers=form.answers(), note=data["note"])

    if assessment := save_form(request, form, save):
        messages.success(request, _("Thank you. The assessment has been saved."))
        return redirect("playbook:assessment", lab.slug, assessment.pk)
    examples = _dimension_examples(request)
    groups = [(dimension, fields, examples.get(dimension.key, "")) for dimension, fields in form.groups()]
    context = {**_base(lab), "form": form, "groups": groups, "scale": SCALE}
    return render(request, "playbook/assessment_form.html", context, status=form_status(request))


@require_GET
def assessment_list(request: HtmxRequest, slug: str) -> HttpResponse:
    lab = _lab(request, slug)
    page = paginate(request, selectors.lab_assessments(lab), HISTORY_PER_PAGE)
    context = {
        **_base(lab),
        "page_obj": page,
        "rows": selectors.history(page.object_list),
        "dimensions": DIMENSIONS,
        "can_change": request.user.has_perm("playbook.change_playbook", lab),
    }
    return render(request, "playbook/assessment_list.html", context)


@require_GET
def assessment_detail(request: HtmxRequest, slug: str, pk: int) -> HttpResponse:
    lab = _lab(request, slug)
    try:
        assessment, predecessor = selectors.assessment_with_predecessor(lab, pk)
    except Assessment.DoesNotExist:
        raise Http404 from None
    answers = selectors.answers_of(assessment)
    examples = _dimension_examples(request)
    context = {
        **_base(lab),
        "assessment": assessment,
        "predecessor": predecessor,
        "overall": selectors.overall_score(selectors.dimension_scores(answers)),
        "answer_groups": [
            (
                dimension,
                [(question, answers.get(question.key)) for question in dimension.questions],
                examples.get(dimension.key, ""),
            )
            for dimension in DIMENSIONS
        ],
        **_comparison(assessment, predecessor, earlier_label=_("Assessment before, %(date)s")),
    }
    return render(request, "playbook/assessment_detail.html", context)


@require_GET
def playbook_pdf(request: HtmxRequest, slug: str) -> HttpResponse:
    lab = _lab(request, slug)
    first, latest, _total = selectors.first_and_latest(lab)
    content = render_playbook(
        lab,
        progress=selectors.lab_progress(lab),
        blocks=selectors.block_states(lab),
        checklist=selectors.checklist_states(lab),
        latest=latest,
        earlier=first if first is not latest else None,
    )
    response = HttpResponse(content, content_type="application/pdf")
    filename = f"{slugify(_('playbook')) or 'playbook'}-{lab.slug}-{timezone.localdate():%Y-%m-%d}.pdf"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    patch_cache_control(response, private=True, no_store=True)
    return response
