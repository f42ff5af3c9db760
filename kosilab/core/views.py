from __future__ import annotations

from django.conf import settings
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
    return render(request, "core/accessibility.html", {"form": form, "statement": _statement(request)})


_FEDERAL_BODY_URL = "https://www.schlichtungsstelle-bgg.de"


def _statement(request: HttpRequest) -> dict[str, object]:
    """What the installation states (``KOSILAB_A11Y_*``, config/settings.py); for the platform's admins
    also the list of what is not configured yet."""
    statement: dict[str, object] = {
        "made_on": settings.KOSILAB_A11Y_STATEMENT_DATE,
        "reviewed_on": settings.KOSILAB_A11Y_REVIEWED,
        "third_party": settings.KOSILAB_A11Y_METHOD == "third-party",
        "assessor": settings.KOSILAB_A11Y_ASSESSOR,
        "contact_email": settings.KOSILAB_CONTACT_EMAIL,
        "body": settings.KOSILAB_A11Y_ENFORCEMENT_BODY,
        "body_address": settings.KOSILAB_A11Y_ENFORCEMENT_ADDRESS,
        "body_url": settings.KOSILAB_A11Y_ENFORCEMENT_URL,
        "body_email": settings.KOSILAB_A11Y_ENFORCEMENT_EMAIL,
        "missing": [],
    }
    if request.user.is_staff:
        missing = []
        if not statement["made_on"]:
            missing.append("KOSILAB_A11Y_STATEMENT_DATE")
        if statement["third_party"] and not statement["assessor"]:
            missing.append("KOSILAB_A11Y_ASSESSOR")
        for name, key in (
            ("KOSILAB_A11Y_ENFORCEMENT_BODY", "body"),
            ("KOSILAB_A11Y_ENFORCEMENT_ADDRESS", "body_address"),
            ("KOSILAB_A11Y_ENFORCEMENT_URL", "body_url"),
            ("KOSILAB_A11Y_ENFORCEMENT_EMAIL", "body_email"),
        ):
            if not statement[key]:
                missing.append(name)
        statement["missing"] = missing
        statement["federal_default"] = statement["body_url"] == _FEDERAL_BODY_URL
    return statement


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")
