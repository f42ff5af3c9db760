"""The research export page: ask for an export, see one's own, download one that is ready
(kosilab/research/export.py says what it holds; services.py how it is built)."""

from __future__ import annotations

from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kosilab.accounts.types import logged_in
from kosilab.core.errors import DomainError
from kosilab.core.forms import form_status
from kosilab.core.http import HtmxRequest
from kosilab.core.permissions import require_perm
from kosilab.core.ratelimit import throttle
from kosilab.labs.models import Lab
from kosilab.research import services
from kosilab.research.forms import ALL_LABS, ResearchExportForm
from kosilab.research.models import DOWNLOAD_DAYS, ExportStatus, ResearchExport
from kosilab.research.rules import exportable_lab_ids
from kosilab.research.suppression import min_group

SHOWN_EXPORTS = 10


@require_http_methods(["GET", "POST"])
@throttle("research-export")
def export(request: HtmxRequest) -> HttpResponse:
    require_perm(request, "research.export", None)
    user = logged_in(request.user)
    lab_ids = exportable_lab_ids(user)
    labs = Lab.objects.order_by("name") if lab_ids is None else Lab.objects.filter(pk__in=lab_ids).order_by("name")
    by_slug = {lab.slug: lab for lab in labs}
    form = ResearchExportForm(
        request.POST or None,
        labs=[(slug, lab.name) for slug, lab in by_slug.items()],
        whole=user.has_perm("research.export_all"),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        lab = None if data["scope"] == ALL_LABS else by_slug[data["scope"]]
        require_perm(request, "research.export_lab" if lab else "research.export_all", lab)
        try:
            services.research_export_request(
                by=user,
                lab=lab,
                start=data["start"],
                end=data["end"],
                free_text=data["free_text"],
                stable_pseudonyms=data["stable_pseudonyms"],
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Your export is being built. Reload this page in a minute to download it."))
            return redirect("research:export")
    exports = list(ResearchExport.objects.filter(requested_by=user).select_related("lab")[:SHOWN_EXPORTS])
    context = {"form": form, "k": min_group(), "exports": exports, "now": timezone.now(), "days": DOWNLOAD_DAYS}
    return render(request, "research/export.html", context, status=form_status(request))


@require_GET
def download(request: HtmxRequest, pk: int) -> HttpResponse:
    """The zip of one's own ready export, while it has not expired and one still may export it;
    "not found" for anybody else's."""
    require_perm(request, "research.export", None)
    export = (
        ResearchExport.objects.select_related("lab")
        .filter(pk=pk, requested_by_id=request.user.pk, status=ExportStatus.READY)
        .first()
    )
    if export is None or export.expires_at is None or export.expires_at <= timezone.now():
        raise Http404
    perm = "research.export_lab" if export.lab_id else "research.export_all"
    if not request.user.has_perm(perm, export.lab):
        raise Http404
    with default_storage.open(export.stored_file, "rb") as handle:
        content = handle.read()
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=export.download_filename)
    patch_cache_control(response, private=True, no_store=True)
    return response
