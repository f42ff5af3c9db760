"""Result pages: the results of a process by phase, a result with its canvas and files, and their editing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kosilab.core.forms import form_status, save_form
from kosilab.core.http import HtmxRequest
from kosilab.core.pagecache import anonymous_page_cache
from kosilab.core.permissions import get_visible_or_404, require_perm
from kosilab.processes.models import Process
from kosilab.processes.selectors import process_detail_queryset
from kosilab.results import selectors, services
from kosilab.results.forms import CanvasForm, ResultFileForm, ResultForm
from kosilab.results.models import Result, ResultFile


def _process(request: HtmxRequest, pk: int) -> Process:
    return get_visible_or_404(request, process_detail_queryset(), "processes.view_process", pk=pk)


def _result(request: HtmxRequest, pk: int, perm: str | None = None) -> Result:
    result = get_visible_or_404(request, selectors.result_detail_queryset(), "results.view_result", pk=pk)
    if perm:
        require_perm(request, perm, result)
    return result


@require_GET
def process_results(request: HtmxRequest, process_pk: int) -> HttpResponse:
    process = _process(request, process_pk)
    context = {
        "process": process,
        "groups": selectors.results_by_phase(request.user, process),
        "can_change": request.user.has_perm("processes.change_process", process),
    }
    return render(request, "results/process_results.html", context)


@require_http_methods(["GET", "POST"])
def result_create(request: HtmxRequest, process_pk: int) -> HttpResponse:
    process = _process(request, process_pk)
    require_perm(request, "processes.change_process", process)
    form = ResultForm(request.POST or None, process=process)

    def create(data: dict[str, Any]) -> Result:
        return services.result_create(process=process, by=request.user, **data)

    if result := save_form(request, form, create):
        messages.success(request, _("The result has been saved."))
        return redirect("results:canvas" if result.has_canvas else "results:detail", result.pk)
    return render(request, "results/result_form.html", {"form": form, "process": process}, status=form_status(request))


@anonymous_page_cache
@require_GET
def result_detail(request: HtmxRequest, pk: int) -> HttpResponse:
    result = _result(request, pk)
    context = {
        "result": result,
        "process": result.process,
        "files": selectors.result_files(result),
        "can_change": request.user.has_perm("results.change_result", result),
    }
    return render(request, "results/result_detail.html", context)


@require_GET
def result_print(request: HtmxRequest, pk: int) -> HttpResponse:
    result = _result(request, pk)
    return render(request, "results/result_print.html", {"result": result, "process": result.process})


@require_http_methods(["GET", "POST"])
def result_edit(request: HtmxRequest, pk: int) -> HttpResponse:
    result = _result(request, pk, "results.change_result")
    form = ResultForm(request.POST or None, instance=result, process=result.process)

    def update(data: dict[str, Any]) -> Result:
        return services.result_update(result=result, by=request.user, **data)

    if save_form(request, form, update):
        messages.success(request, _("The result has been saved."))
        return redirect(result)
    context = {"form": form, "process": result.process, "result": result}
    return render(request, "results/result_form.html", context, status=form_status(request))


@require_http_methods(["GET", "POST"])
def result_canvas(request: HtmxRequest, pk: int) -> HttpResponse:
    result = _result(request, pk, "results.change_result")
    if not result.has_canvas:
        raise Http404
    form = CanvasForm(request.POST or None, initial=result.canvas, kind=result.kind)

    def save(data: dict[str, Any]) -> Result:
        return services.result_canvas_set(result=result, by=request.user, canvas=data)

    if save_form(request, form, save):
        messages.success(request, _("The canvas has been saved."))
        return redirect(result)
    context = {"form": form, "result": result, "process": result.process}
    return render(request, "results/canvas_form.html", context, status=form_status(request))


@require_http_methods(["GET", "POST"])
def result_delete(request: HtmxRequest, pk: int) -> HttpResponse:
    result = _result(request, pk, "results.change_result")
    if request.method == "POST":
        process_pk = result.process_id
        services.result_delete(result=result, by=request.user)
        messages.success(request, _("The result has been deleted."))
        return redirect("results:process", process_pk)
    return render(request, "results/result_delete.html", {"result": result, "process": result.process})


@require_http_methods(["GET", "POST"])
def file_add(request: HtmxRequest, pk: int) -> HttpResponse:
    result = _result(request, pk, "results.change_result")
    form = ResultFileForm(request.POST or None, request.FILES or None)

    def add(data: dict[str, Any]) -> ResultFile:
        return services.result_file_add(result=result, by=request.user, **data)

    if save_form(request, form, add):
        messages.success(request, _("The file has been added."))
        return redirect(result)
    context = {"form": form, "result": result, "process": result.process}
    return render(request, "results/file_form.html", context, status=form_status(request))


def _file(request: HtmxRequest, pk: int) -> ResultFile:
    attached = get_object_or_404(
        ResultFile.objects.select_related("result", "result__process", "result__process__lab"), pk=pk
    )
    if not request.user.has_perm("results.view_result", attached.result):
        raise Http404
    return attached


@require_POST
def file_remove(request: HtmxRequest, pk: int) -> HttpResponse:
    attached = _file(request, pk)
    require_perm(request, "results.change_result", attached.result)
    result = attached.result
    services.result_file_remove(attached=attached, by=request.user)
    messages.success(request, _("The file has been removed."))
    return redirect(result)


@require_GET
def file_download(request: HtmxRequest, pk: int) -> HttpResponse:
    """The file, for whoever may see its result; always as a download, never shown in the browser."""
    attached = _file(request, pk)
    try:
        with attached.file.open("rb") as handle:  # at most 10 MB, see kosilab.core.uploads
            content = handle.read()
    except OSError:
        raise Http404 from None
    response = HttpResponse(content, content_type=attached.content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=attached.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    if attached.result.is_public:
        patch_cache_control(response, public=True, max_age=300)
    else:
        patch_cache_control(response, private=True, no_store=True)
    return response
