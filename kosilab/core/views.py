from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from kosilab.core.forms import AccessibilityFeedbackForm
from kosilab.core.mail import MAIL_KINDS, mail_resume, mail_stop, mail_stopped, unsubscribe_read
from kosilab.core.permissions import media_owner_or_404
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


def _masked(address: str) -> str:
    local, _at, domain = address.partition("@")
    return f"{local[:1]}…@{domain}"


# No CSRF token: the link in the mail is the credential (signed kind and address), and mail programs
# send the one-click POST of RFC 8058 (List-Unsubscribe-Post) without any page before it.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def mail_stop_view(request: HttpRequest, token: str) -> HttpResponse:
    """Stop one optional kind of mail for the address in the signed link: GET asks, POST stops.

    No login: the link works from any device. POST with ``resume`` turns the kind on again."""
    try:
        kind, address = unsubscribe_read(token)
    except signing.BadSignature:
        return render(request, "core/mail_stop.html", {"invalid": True}, status=400)
    context = {"kind": MAIL_KINDS[kind], "address": _masked(address), "token": token, "state": "ask"}
    if request.method == "POST":
        with transaction.atomic():
            if request.POST.get("resume"):
                mail_resume(kind=kind, address=address)
                context["state"] = "resumed"
            else:
                mail_stop(kind=kind, address=address)
                context["state"] = "stopped"
                context["resumable"] = mail_stopped(kind=kind, address=address)
    return render(request, "core/mail_stop.html", context)


@require_safe
def media(request: HttpRequest, name: str) -> FileResponse:
    """An image from the default storage, at the platform's own address (docs/operations.md).

    Pages so never load a file from another host, also when the files are on object storage, and the
    store needs no public access. Only files of the folders registered with ``register_media_folder``
    (room photos, idea images) are served here, each to whoever may see the row that names it; result
    files, research exports and the open-data dump have views of their own.
    """
    if ".." in name.split("/") or "\\" in name or "\x00" in name:
        raise Http404
    media_owner_or_404(request, name)
    try:
        handle = default_storage.open(name, "rb")
    except (OSError, ValueError):  # missing, a folder, or the storage did not answer
        raise Http404 from None
    response = FileResponse(handle)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    patch_cache_control(response, private=True, max_age=3600)  # who may see it depends on the viewer
    return response
