from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kosilab.challenges.models import Challenge, ChallengeStatus
from kosilab.challenges.selectors import visible_challenges, with_list_data
from kosilab.core.forms import AccessibilityFeedbackForm
from kosilab.core.queries import count_of
from kosilab.core.ratelimit import throttle
from kosilab.core.roles import is_platform_admin
from kosilab.core.services import accessibility_feedback_send
from kosilab.labs.models import Lab
from kosilab.labs.roles import lab_roles
from kosilab.labs.selectors import lab_list
from kosilab.processes.models import MemberRole, Process, ProcessMember, ProcessStatus
from kosilab.processes.roles import process_roles
from kosilab.processes.selectors import process_list


def home(request: HttpRequest) -> HttpResponse:
    context = {
        "labs": lab_list(request.user)[:12],
        "challenges": with_list_data(visible_challenges(request.user).filter(status=ChallengeStatus.OPEN)).order_by(
            "-created_at", "-pk"
        )[:6],
        "processes": process_list(request.user, status=ProcessStatus.RUNNING)[:6],
    }
    return render(request, "core/home.html", context)


@login_required
def manage(request: HttpRequest) -> HttpResponse:
    """The desk of lab managers and facilitators: their labs with what needs attention."""
    labs = Lab.objects.all()
    drafts = Challenge.objects.filter(status=ChallengeStatus.DRAFT)
    steered = Process.objects.filter(status=ProcessStatus.RUNNING)
    if not is_platform_admin(request.user):
        lab_ids = list(lab_roles(request.user))
        lead_roles = {MemberRole.LEAD, MemberRole.FACILITATOR}
        led = [pid for pid, role in process_roles(request.user).items() if role in lead_roles]
        labs = labs.filter(pk__in=lab_ids)
        drafts = drafts.filter(lab_id__in=lab_ids)
        steered = steered.filter(Q(lab_id__in=lab_ids) | Q(pk__in=led))
    labs = labs.annotate(
        draft_total=count_of(Challenge.objects.filter(status=ChallengeStatus.DRAFT), "lab"),
        challenge_total=count_of(Challenge.objects.all(), "lab"),
        process_total=count_of(Process.objects.all(), "lab"),
    ).order_by("name", "pk")
    context = {
        "labs": labs,
        "drafts": drafts.select_related("lab").order_by("-updated_at", "-pk")[:10],
        "processes": steered.select_related("lab", "current_phase")
        .annotate(member_total=count_of(ProcessMember.objects.all(), "process"))
        .order_by("-updated_at", "-pk")[:20],
    }
    return render(request, "core/manage.html", context)


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
