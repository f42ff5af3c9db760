"""The research export page: choose what to export, get the zip (kosilab/research/export.py)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods

from kosilab.core.errors import DomainError
from kosilab.core.forms import form_status
from kosilab.core.http import HtmxRequest
from kosilab.core.permissions import require_perm
from kosilab.core.ratelimit import throttle
from kosilab.labs.models import Lab
from kosilab.research import services
from kosilab.research.forms import ALL_LABS, ResearchExportForm
from kosilab.research.rules import exportable_lab_ids
from kosilab.research.suppression import min_group


@require_http_methods(["GET", "POST"])
@throttle("research-export")
def export(request: HtmxRequest) -> HttpResponse:
    require_perm(request, "research.export", None)
    lab_ids = exportable_lab_ids(request.user)
    labs = Lab.objects.order_by("name") if lab_ids is None else Lab.objects.filter(pk__in=lab_ids).order_by("name")
    by_slug = {lab.slug: lab for lab in labs}
    form = ResearchExportForm(
        request.POST or None,
        labs=[(slug, lab.name) for slug, lab in by_slug.items()],
        whole=request.user.has_perm("research.export_all"),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        lab = None if data["scope"] == ALL_LABS else by_slug[data["scope"]]
        require_perm(request, "research.export_lab" if lab else "research.export_all", lab)
        try:
            result = services.research_export_create(
                by=request.user,
                lab=lab,
                start=data["start"],
                end=data["end"],
                free_text=data["free_text"],
                stable_pseudonyms=data["stable_pseudonyms"],
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            response = HttpResponse(result.content, content_type="application/zip")
            response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=result.filename)
            patch_cache_control(response, private=True, no_store=True)
            return response
    return render(request, "research/export.html", {"form": form, "k": min_group()}, status=form_status(request))
