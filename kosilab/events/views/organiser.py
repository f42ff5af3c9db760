"""Pages for organisers: create, edit, publish and cancel events, their questions, and the check-in."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kosilab.core.errors import DomainError
from kosilab.core.forms import form_status, save_form
from kosilab.core.http import HtmxRequest
from kosilab.core.pagination import keyset_paginate
from kosilab.core.permissions import get_visible_or_404, require_perm
from kosilab.events import selectors, services
from kosilab.events.forms import AttendeeSearchForm, CheckInCodeForm, EventCancelForm, EventForm, QuestionForm
from kosilab.events.models import Event, EventStatus, Question, Registration
from kosilab.labs.models import Lab

ATTENDEES_PER_PAGE = 50
ATTENDEE_ORDER = ("name", "id")  # the index events_reg_event_name


def _event(request: HtmxRequest, pk: int, perm: str = "events.change_event") -> Event:
    event = get_visible_or_404(request, selectors.event_detail_queryset(), "events.view_event", pk=pk)
    if event.lab_id is None and request.user.is_authenticated and not request.user.has_perm(perm, event):
        # A network event's organiser pages do not exist for those who do not organise it.
        raise Http404
    require_perm(request, perm, event)
    return event


def _create(request: HtmxRequest, lab: Lab | None) -> HttpResponse:
    require_perm(request, "events.add_event", lab)
    form = EventForm(request.POST or None, lab=lab, user=request.user)

    def create(data: dict[str, Any]) -> Event:
        return services.event_create(lab=lab, by=request.user, **data)

    if event := save_form(request, form, create):
        # The edit page: questions can be added there, and its "Publish the event" button publishes.
        messages.success(
            request, _("The event has been saved as a draft. Add questions if you need them, then publish it.")
        )
        return redirect("events:edit", event.pk)
    return render(request, "events/event_form.html", {"form": form, "lab": lab}, status=form_status(request))


@require_http_methods(["GET", "POST"])
def event_create(request: HtmxRequest, slug: str) -> HttpResponse:
    lab = get_visible_or_404(request, Lab.objects.all(), "labs.view_lab", slug=slug)
    return _create(request, lab)


@require_http_methods(["GET", "POST"])
def event_create_network(request: HtmxRequest) -> HttpResponse:
    return _create(request, None)


@require_http_methods(["GET", "POST"])
def event_edit(request: HtmxRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    form = EventForm(request.POST or None, instance=event, lab=event.lab, user=request.user)

    def update(data: dict[str, Any]) -> Event:
        return services.event_update(event=event, by=request.user, **data)

    if saved := save_form(request, form, update):
        if saved.status == EventStatus.DRAFT:
            messages.success(request, _("The draft has been saved. Publish it when it is ready."))
        else:
            messages.success(request, _("The event has been saved."))
        return redirect("events:edit", event.pk)
    context = {
        "form": form,
        "lab": event.lab,
        "event": event,
        "questions": list(event.questions.all()),
        "question_form": QuestionForm(prefix="new"),
    }
    return render(request, "events/event_form.html", context, status=form_status(request))


@require_POST
def event_publish(request: HtmxRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    try:
        services.event_publish(event=event, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The event has been published."))
    return redirect(event)


@require_http_methods(["GET", "POST"])
def event_cancel(request: HtmxRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    form = EventCancelForm(request.POST if request.method == "POST" else None)

    def cancel(data: dict[str, Any]) -> Event:
        return services.event_cancel(event=event, by=request.user, reason=data["reason"])

    if save_form(request, form, cancel):
        messages.success(request, _("The event has been cancelled; everyone registered has been told."))
        return redirect(event)
    counts = selectors.status_counts(event)
    return render(request, "events/event_cancel.html", {"form": form, "event": event, "counts": counts})


@require_POST
def question_add(request: HtmxRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    form = QuestionForm(request.POST, prefix="new")

    def add(data: dict[str, Any]) -> Question:
        return services.question_add(event=event, by=request.user, **data)

    if save_form(request, form, add):
        messages.success(request, _("The question has been added."))
        return redirect("events:edit", event.pk)
    return render(request, "events/question_form.html", {"form": form, "event": event}, status=400)


@require_http_methods(["GET", "POST"])
def question_edit(request: HtmxRequest, pk: int, question_pk: int) -> HttpResponse:
    event = _event(request, pk)
    question = get_object_or_404(Question, pk=question_pk, event=event)
    form = QuestionForm(request.POST or None, instance=question)

    def update(data: dict[str, Any]) -> Question:
        return services.question_update(question=question, by=request.user, **data)

    if save_form(request, form, update):
        messages.success(request, _("The question has been saved."))
        return redirect("events:edit", event.pk)
    status = form_status(request)
    return render(
        request, "events/question_form.html", {"form": form, "event": event, "question": question}, status=status
    )


@require_POST
def question_delete(request: HtmxRequest, pk: int, question_pk: int) -> HttpResponse:
    event = _event(request, pk)
    question = get_object_or_404(Question, pk=question_pk, event=event)
    services.question_delete(question=question, by=request.user)
    messages.success(request, _("The question has been removed."))
    return redirect("events:edit", event.pk)


def _attendees_context(request: HtmxRequest, event: Event, code_form: CheckInCodeForm | None = None) -> dict[str, Any]:
    search = AttendeeSearchForm(request.GET or None)
    filters = search.cleaned_data if search.is_valid() else {}
    registrations = selectors.attendees(event, query=filters.get("q", ""), status=filters.get("status", ""))
    return {
        "event": event,
        "search": search,
        "code_form": code_form or CheckInCodeForm(),
        # Walked by name (keyset): the last page of 100,000 registrations costs what the first of 100 does.
        "page_obj": keyset_paginate(request, registrations, ATTENDEE_ORDER, per_page=ATTENDEES_PER_PAGE),
        "counts": selectors.status_counts(event),
        "questions": list(event.questions.all()),
    }


def attendees(request: HtmxRequest, pk: int) -> HttpResponse:
    event = _event(request, pk, "events.manage_registrations")
    services.offers_release_expired(event=event)
    context = _attendees_context(request, event)
    opens = services.check_in_opens_at(event=event)
    context["check_in_opens"] = opens if timezone.now() < opens else None
    if request.htmx and request.htmx.target == "attendee-table":
        return render(request, "events/_attendee_table.html", context)
    return render(request, "events/attendees.html", context)


@require_POST
def check_in(request: HtmxRequest, pk: int, registration_pk: int) -> HttpResponse:
    event = _event(request, pk, "events.manage_registrations")
    registration = get_object_or_404(Registration.objects.select_related("event"), pk=registration_pk, event=event)
    attended = request.POST.get("attended", "1") != "0"
    refused = ""
    try:
        registration = services.registration_check_in(registration=registration, by=request.user, attended=attended)
    except DomainError as error:
        refused = error.message
    if request.htmx:  # the swapped row says why (a message would only show on the next page)
        registration = selectors.attendees(event).get(pk=registration.pk)
        return render(
            request,
            "events/_attendee_row.html",
            {"event": event, "r": registration, "questions": list(event.questions.all()), "refused": refused},
        )
    if refused:
        messages.error(request, refused)
    return redirect(_back_to_attendees(request, event))


def _back_to_attendees(request: HtmxRequest, event: Event) -> str:
    url = reverse("events:attendees", args=[event.pk])
    query = request.POST.get("next_query", "")
    candidate = f"{url}?{query}" if query else url
    return candidate if url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}) else url


@require_POST
def check_in_code(request: HtmxRequest, pk: int) -> HttpResponse:
    event = _event(request, pk, "events.manage_registrations")
    form = CheckInCodeForm(request.POST)

    def check(data: dict[str, Any]) -> Registration:
        return services.registration_check_in_by_code(event=event, code=data["code"], by=request.user)

    if registration := save_form(request, form, check):
        messages.success(request, _("%(name)s is checked in.") % {"name": registration.name})
        return redirect("events:attendees", event.pk)
    return render(request, "events/attendees.html", _attendees_context(request, event, form), status=400)
