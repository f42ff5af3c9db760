from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kosilab.core.forms import AccessibilityFeedbackForm
from kosilab.core.ratelimit import throttle
from kosilab.core.services import accessibility_feedback_send


@require_http_methods(["GET", "POST"])
@throttle("barrier-report")
def accessibility(request: HttpRequest) -> HttpResponse:
    """The accessibility statement, with a form to report barriers."""
    form = AccessibilityFeedbackForm(request.POST or None, initial={"page": request.GET.get("page", "")[:500]})
    if request.method == "POST" and form.is_valid():
        if not form.cleaned_data["website"]:
            accessibility_feedback_send(
                message=form.cleaned_data["message"],
                email=form.cleaned_data["email"],
                page=form.cleaned_data["page"],
                by=request.user,
            )
        messages.success(request, _("Thank you. Your message has been passed on to the team."))
        return redirect("core:accessibility")
    return render(request, "core/accessibility.html", {"form": form})


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")
