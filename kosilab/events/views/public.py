"""Pages for everyone: the event list and page, registering, and a registration's own page.

A registration's page is reached by its token (the secret in the mail links); logged-in owners
also reach it from "my registrations".
"""

from __future__ import annotations

from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kosilab.accounts.types import account, logged_in
from kosilab.core.errors import DomainError
from kosilab.core.http import HtmxRequest
from kosilab.core.pagecache import anonymous_page_cache, kept_fragment
from kosilab.core.pagination import keyset_paginate, paginate
from kosilab.core.permissions import get_visible_or_404
from kosilab.core.ratelimit import throttle, throttle_misses
from kosilab.events import selectors, services
from kosilab.events.extensions import EVENT_PAGE
from kosilab.events.forms import EventFilterForm, RegistrationForm
from kosilab.events.models import Event, Registration, RegistrationStatus
from kosilab.labs.selectors import visible_labs


@anonymous_page_cache
def event_list(request: HtmxRequest) -> HttpResponse:
    labs = list(visible_labs(request.user).order_by("name").values_list("slug", "name", "pk"))
    form = EventFilterForm(request.GET or None, labs=[(slug, name) for slug, name, _pk in labs])
    filters = form.cleaned_data if form.is_valid() else {}
    past = bool(filters.get("past"))
    lab = filters.get("lab", "")
    events = selectors.event_list(
        request.user,
        kind=filters.get("kind", ""),
        lab_id=next((pk for slug, _name, pk in labs if slug == lab), None),
        network=lab == "network",
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
        free_only=bool(filters.get("free")),
        past=past,
    )
    # Walked by position, not by page number: the last of 100,000 past events costs one index range.
    page = keyset_paginate(request, events, selectors.event_list_order(past=past))
    can_create = request.user.has_perm("events.add_event", None)
    return render(request, "events/event_list.html", {"form": form, "page_obj": page, "can_create": can_create})


def _event(request: HtmxRequest, pk: int, *, registering: bool = False) -> Event:
    events = selectors.registration_queryset() if registering else selectors.event_detail_queryset()
    return get_visible_or_404(request, events, "events.view_event", pk=pk)


def _detail_context(request: HtmxRequest, event: Event, form: RegistrationForm | None = None) -> dict[str, Any]:
    questions = list(event.questions.all())
    registration = selectors.registration_of(event, request.user)
    guest = not request.user.is_authenticated
    return {
        "event": event,
        "questions": questions,
        "registration": registration,
        "closed_reason": services.registration_closed_reason(event=event),
        "form": form or RegistrationForm(questions=questions, guest=guest),
        "can_change": request.user.has_perm("events.change_event", event),
        # What the apps above add (the session planner: the agenda, for the team): the same for everyone
        # with the same permissions, kept for the reader's audience (kosilab/core/pagecache.py).
        "sections": kept_fragment(
            request, "events:sections", event.pk, render=lambda: "".join(EVENT_PAGE(request, event))
        ),
    }


@anonymous_page_cache
def event_detail(request: HtmxRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    return render(request, "events/event_detail.html", _detail_context(request, event))


@require_POST
@throttle("event-registration", "event-registration-email")
def register(request: HtmxRequest, pk: int) -> HttpResponse:
    event = _event(request, pk, registering=True)  # the page again (bad input) reads room and process
    guest = not request.user.is_authenticated
    form = RegistrationForm(request.POST, questions=list(event.questions.all()), guest=guest)
    if form.is_valid():
        try:
            registration = services.registration_create(
                event=event,
                user=account(request.user),
                name=form.cleaned_data.get("name", ""),
                email=form.cleaned_data.get("email", ""),
                language=translation.get_language() or "",
                answers=form.answers(),
            )
        except services.AlreadyRegistered as already:
            messages.info(request, already.message)
            return redirect("events:registration", already.registration.token)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            if guest:
                # The same answer whether the address was new or registered already.
                return render(request, "events/registration_sent.html", {"event": event})
            if registration.status == RegistrationStatus.CONFIRMED:
                messages.success(request, _("You are registered. Your seat is confirmed."))
            else:
                messages.success(request, _("All seats are taken: you are on the waiting list."))
            return redirect("events:registration", registration.token)
    return render(request, "events/event_detail.html", _detail_context(request, event, form), status=400)


@login_required
def my_registrations(request: HtmxRequest) -> HttpResponse:
    page = paginate(request, selectors.my_registrations(logged_in(request.user)))
    return render(request, "events/my_registrations.html", {"page_obj": page})


def _registration(token: str) -> Registration:
    registration = selectors.registration_by_token(token)
    if registration is None:
        raise Http404
    return registration


def _qr_svg(code: str) -> str:
    svg = segno.make(code, error="m").svg_inline(scale=5, dark="#111", title=_("QR code of your check-in code"))
    return mark_safe(svg)  # noqa: S308 - generated by segno from our own code alphabet


def _registration_context(registration: Registration) -> dict[str, Any]:
    return {
        "registration": registration,
        "event": registration.event,
        "qr": _qr_svg(registration.code) if registration.status == RegistrationStatus.CONFIRMED else "",
        "position": selectors.waiting_position(registration),
        "can_cancel": services.registration_can_cancel(registration=registration),
        "now": timezone.now(),
    }


@throttle_misses()
def registration_detail(request: HtmxRequest, token: str) -> HttpResponse:
    registration = _registration(token)
    if registration.status == RegistrationStatus.OFFERED:
        services.offers_release_expired(event=registration.event)
        registration = _registration(token)
    return render(request, "events/registration_detail.html", _registration_context(registration))


@require_http_methods(["GET", "POST"])
@throttle_misses()
def registration_confirm(request: HtmxRequest, token: str) -> HttpResponse:
    """The link in the guest's mail. GET asks (mail scanners open links), POST confirms."""
    registration = _registration(token)
    if request.method == "POST":
        try:
            registration = services.registration_confirm_email(registration=registration)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            if registration.status == RegistrationStatus.CONFIRMED:
                messages.success(request, _("Thank you! Your seat is confirmed."))
            elif registration.status == RegistrationStatus.WAITING:
                messages.success(request, _("Thank you! All seats are taken: you are on the waiting list."))
        return redirect("events:registration", registration.token)
    if registration.status != RegistrationStatus.UNCONFIRMED:
        return redirect("events:registration", registration.token)
    return render(
        request, "events/registration_confirm.html", {"registration": registration, "event": registration.event}
    )


@require_http_methods(["GET", "POST"])
@throttle_misses()
def registration_cancel(request: HtmxRequest, token: str) -> HttpResponse:
    """The cancel link. GET asks, POST cancels (once)."""
    registration = _registration(token)
    if request.method == "POST":
        try:
            services.registration_cancel(
                registration=registration, by=request.user if request.user.is_authenticated else None
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your registration has been cancelled."))
        return redirect("events:registration", registration.token)
    if registration.status == RegistrationStatus.CANCELLED:
        return redirect("events:registration", registration.token)
    return render(
        request, "events/registration_cancel.html", {"registration": registration, "event": registration.event}
    )


@require_POST
@throttle_misses()
def offer_accept(request: HtmxRequest, token: str) -> HttpResponse:
    registration = _registration(token)
    try:
        services.offer_accept(registration=registration)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Thank you! Your seat is confirmed."))
    return redirect("events:registration", registration.token)
