"""A hosted lab's own profile, filled on the facets of the case studies (docs/knowledge.md: "Your
lab's own profile").

The lab's managers and platform admins change it (``knowledge.change_own_profile``); facilitators
get 403, as for the lab's own page, and read the profile where it is published. Beside each field
the page shows what the platform already knows (``prefill.py``); "Use the chosen suggestions" puts
the ticked ones into the form without saving anything, so nothing is ever overwritten silently.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kosilab.core.forms import form_status, save_form
from kosilab.core.http import HtmxRequest
from kosilab.core.permissions import get_visible_or_404, require_perm
from kosilab.knowledge import prefill, selectors, services
from kosilab.knowledge.forms import ProfileForm, take_over
from kosilab.knowledge.models import LabProfile
from kosilab.labs.models import Lab

USE_SUGGESTIONS = "use_suggestions"


@require_http_methods(["GET", "POST"])
def own_profile(request: HtmxRequest, lab_slug: str) -> HttpResponse:
    lab = get_visible_or_404(request, Lab.objects.all(), "labs.view_lab", slug=lab_slug)
    require_perm(request, "knowledge.change_own_profile", lab)
    profile = selectors.own_profile_of(lab)
    instance = profile or services.own_profile_initial(lab=lab)
    version = profile.version if profile is not None else 0
    suggestions = prefill.lab_suggestions(lab=lab)
    status = form_status(request)
    if request.method == "POST" and USE_SUGGESTIONS in request.POST:
        submitted = ProfileForm(request.POST, instance=instance, suggestions=suggestions)
        chosen = request.POST.getlist("take")
        form = ProfileForm(
            initial=take_over(submitted, request.POST, chosen), instance=instance, suggestions=suggestions
        )
        if chosen:
            messages.info(request, _("The suggestions you chose are in the form now. Check them, then save."))
        else:
            messages.info(request, _("Tick the suggestions you want to use first."))
        status = 200
    else:
        form = ProfileForm(
            request.POST or None, instance=instance, initial={"version": version}, suggestions=suggestions
        )

        def update(data: dict[str, Any]) -> LabProfile:
            return services.own_profile_update(
                lab=lab,
                actor=request.user,
                data=form.profile_data(),
                comment=data.get("comment") or "",
                expected_version=data["version"],
            )

        if save_form(request, form, update) is not None:
            messages.success(request, _("The profile of your lab has been saved."))
            return redirect("knowledge:own_profile", lab.slug)
    context = {"form": form, "lab": lab, "profile": profile, "suggestions": suggestions}
    return render(request, "knowledge/own/edit.html", context, status=status)
