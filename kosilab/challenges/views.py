from __future__ import annotations

import functools
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kosilab.accounts.types import Viewer, logged_in
from kosilab.challenges import selectors, services
from kosilab.challenges.extensions import CHALLENGE_PAGE
from kosilab.challenges.forms import ChallengeFilterForm, ChallengeForm, ParticipationForm
from kosilab.challenges.models import Challenge
from kosilab.core.errors import DomainError
from kosilab.core.forms import save_form
from kosilab.core.http import HtmxRequest
from kosilab.core.pagecache import anonymous_page_cache, kept_fragment
from kosilab.core.pagination import paginate
from kosilab.core.permissions import get_visible_or_404, require_perm
from kosilab.core.roles import is_platform_admin
from kosilab.labs.models import Lab
from kosilab.labs.roles import lab_roles
from kosilab.labs.selectors import visible_labs


def can_see_drafts(user: Viewer) -> bool:
    return is_platform_admin(user) or bool(lab_roles(user))


@anonymous_page_cache
def challenge_list(request: HtmxRequest) -> HttpResponse:
    labs = list(visible_labs(request.user).order_by("name").values_list("slug", "name"))
    form = ChallengeFilterForm(request.GET or None, labs=labs, with_drafts=can_see_drafts(request.user))
    filters = form.cleaned_data if form.is_valid() else {}
    challenges = selectors.challenge_list(
        request.user,
        lab=filters.get("lab", ""),
        status=filters.get("status", ""),
        sector=filters.get("sector", ""),
        query=filters.get("q", "").strip(),
    )
    return render(request, "challenges/challenge_list.html", {"form": form, "page_obj": paginate(request, challenges)})


def _challenge(request: HtmxRequest, pk: int) -> Challenge:
    return get_visible_or_404(request, selectors.challenge_detail_queryset(), "challenges.view_challenge", pk=pk)


def _participation_context(
    request: HtmxRequest, challenge: Challenge, form: ParticipationForm | None = None
) -> dict[str, Any]:
    return {
        "challenge": challenge,
        "participation": selectors.participation_of(challenge, request.user),
        "participation_form": form or ParticipationForm(),
        "can_participate": request.user.has_perm("challenges.participate", challenge),
    }


def _detail_context(
    request: HtmxRequest, challenge: Challenge, form: ParticipationForm | None = None
) -> dict[str, Any]:
    context = {
        **_participation_context(request, challenge, form),
        "can_change": request.user.has_perm("challenges.change_challenge", challenge),
        "can_start_process": request.user.has_perm("challenges.start_process", challenge),
    }

    @functools.cache
    def extras() -> dict[str, Any]:
        """What other apps add (e.g. the lab process that grew out of it): asked only for a fragment
        that is not kept yet."""
        found: dict[str, Any] = {}
        for extra in CHALLENGE_PAGE(request, challenge):
            found.update(extra)
        return found

    def actions() -> str:
        allowed = {name: context[name] for name in ("challenge", "can_change", "can_start_process")}
        return render_to_string("challenges/_detail_actions.html", {**allowed, **extras()}, request=request)

    def main() -> str:
        can_view_participants = request.user.has_perm("challenges.view_participants", challenge)
        participants = paginate(request, selectors.participations(challenge)) if can_view_participants else None
        return render_to_string(
            "challenges/_detail_main.html", {**context, **extras(), "participants": participants}, request=request
        )

    def facts() -> str:
        return render_to_string(
            "challenges/_facts.html",
            {
                "challenge": challenge,
                "participant_total": challenge.participations.count(),
                "wanted_sectors": challenge.wanted_sectors.order_by("sector"),
            },
            request=request,
        )

    # Kept for the reader's audience (kosilab/core/pagecache.py): the buttons of the lab's team; the
    # texts, the ideas, the process and the participants. Kept once for everyone: the facts.
    managing = context["can_change"] or context["can_start_process"]
    return {
        **context,
        "actions": kept_fragment(request, "challenges:actions", challenge.pk, render=actions) if managing else "",
        "main": kept_fragment(request, "challenges:detail", challenge.pk, request.get_full_path(), render=main),
        "facts": kept_fragment(request, "challenges:facts", challenge.pk, render=facts, everyone=True),
    }


@anonymous_page_cache
def challenge_detail(request: HtmxRequest, pk: int) -> HttpResponse:
    challenge = _challenge(request, pk)
    return render(request, "challenges/challenge_detail.html", _detail_context(request, challenge))


@require_POST
def participate(request: HtmxRequest, pk: int) -> HttpResponse:
    challenge = _challenge(request, pk)
    require_perm(request, "challenges.participate", challenge)
    form = ParticipationForm(request.POST)
    if form.is_valid():
        profile = getattr(request.user, "profile", None)
        organisation = profile.organisation if (profile and form.cleaned_data["on_behalf"]) else None
        try:
            services.participation_join(
                challenge=challenge,
                user=logged_in(request.user),
                kind=form.cleaned_data["kind"],
                organisation=organisation,
                message=form.cleaned_data["message"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Thank you! The lab team will get in touch with you."))
            if not request.htmx:
                return redirect(challenge)
    if request.htmx:
        return render(request, "challenges/_participation.html", _participation_context(request, challenge, form))
    return render(request, "challenges/challenge_detail.html", _detail_context(request, challenge, form), status=400)


@require_POST
def leave(request: HtmxRequest, pk: int) -> HttpResponse:
    challenge = _challenge(request, pk)
    require_perm(request, "challenges.leave", challenge)
    services.participation_leave(challenge=challenge, user=logged_in(request.user))
    messages.success(request, _("You no longer take part in this challenge."))
    if request.htmx:
        return render(request, "challenges/_participation.html", _participation_context(request, challenge))
    return redirect(challenge)


@require_http_methods(["GET", "POST"])
def challenge_create(request: HtmxRequest, slug: str) -> HttpResponse:
    lab = get_visible_or_404(request, Lab.objects.all(), "labs.view_lab", slug=slug)
    require_perm(request, "labs.add_challenge", lab)
    form = ChallengeForm(request.POST or None)

    def create(data: dict[str, Any]) -> Challenge:
        wanted = data.pop("wanted_sectors")
        return services.challenge_create(lab=lab, by=request.user, wanted_sectors=wanted, **data)

    if challenge := save_form(request, form, create):
        messages.success(request, _("The challenge has been created."))
        return redirect(challenge)
    return render(request, "challenges/challenge_form.html", {"form": form, "lab": lab})


@require_http_methods(["GET", "POST"])
def challenge_edit(request: HtmxRequest, pk: int) -> HttpResponse:
    challenge = _challenge(request, pk)
    require_perm(request, "challenges.change_challenge", challenge)
    form = ChallengeForm(request.POST or None, instance=challenge)

    def update(data: dict[str, Any]) -> Challenge:
        wanted = data.pop("wanted_sectors")
        return services.challenge_update(challenge=challenge, by=request.user, wanted_sectors=wanted, **data)

    if save_form(request, form, update):
        messages.success(request, _("The challenge has been saved."))
        return redirect(challenge)
    return render(
        request, "challenges/challenge_form.html", {"form": form, "lab": challenge.lab, "challenge": challenge}
    )
