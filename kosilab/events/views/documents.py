"""Documents around events: certificates (PDF), feedback, attendee exports (CSV, XLSX) and calendars (iCal).

The attendee's own pages are reached by the secret token of their registration (``/events/r/<token>/``),
as the links in the mails are; organiser pages need ``events.manage_registrations``.
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kosilab.core.charts import bar_chart
from kosilab.core.content_languages import localise
from kosilab.core.exports import csv_response, xlsx_response
from kosilab.core.forms import save_form
from kosilab.core.http import HtmxRequest
from kosilab.core.ical import CalendarItem, calendar_response
from kosilab.core.permissions import get_visible_or_404, require_perm
from kosilab.core.ratelimit import throttle_misses
from kosilab.events import services
from kosilab.events.documents import attendees, calendar, feedback, pdf
from kosilab.events.models import Event, Registration, RegistrationStatus
from kosilab.labs.models import Lab


def _registration(token: str) -> Registration:
    registration = (
        Registration.objects.select_related("event", "event__lab").filter(token=token).first()
        if 0 < len(token) <= 64
        else None
    )
    if registration is None:
        raise Http404
    return registration


def _organiser_event(request: HtmxRequest, pk: int) -> Event:
    event = get_visible_or_404(request, Event.objects.select_related("lab"), "events.view_event", pk=pk)
    perm = "events.manage_registrations"
    if event.lab_id is None and request.user.is_authenticated and not request.user.has_perm(perm, event):
        raise Http404  # a network event's organiser pages do not exist for those who do not organise it
    require_perm(request, perm, event)
    return event


def _attended(event: Event) -> QuerySet[Registration]:
    """Registrations of the event that were checked in: those get a certificate."""
    return event.registrations.filter(attended_at__isnull=False).exclude(status=RegistrationStatus.CANCELLED)


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    patch_cache_control(response, private=True, no_store=True)
    return response


# --- Certificates ------------------------------------------------------------------------------


@require_GET
@throttle_misses()
def certificate(request: HtmxRequest, token: str) -> HttpResponse:
    """The attendee's own certificate; "not found" until they have been checked in."""
    registration = _registration(token)
    if registration.attended_at is None or registration.status == RegistrationStatus.CANCELLED:
        raise Http404
    content = pdf.render_certificates([registration], language=request.GET.get("lang"))
    return _pdf_response(content, pdf.certificate_filename(registration.event))


@require_GET
def certificate_staff(request: HtmxRequest, pk: int, registration_pk: int) -> HttpResponse:
    event = _organiser_event(request, pk)
    registration = get_object_or_404(_attended(event), pk=registration_pk)
    registration.event = event
    content = pdf.render_certificates([registration], language=request.GET.get("lang"))
    return _pdf_response(content, pdf.certificate_filename(event, registration))


@require_GET
def certificates(request: HtmxRequest, pk: int) -> HttpResponse:
    """All certificates of the event in one PDF, one page each, by name."""
    event = _organiser_event(request, pk)
    registrations = list(_attended(event).order_by("name", "id"))
    if not registrations:
        return render(request, "events/certificate_none.html", {"event": event})
    for registration in registrations:
        registration.event = event
    content = pdf.render_certificates(registrations, language=request.GET.get("lang"))
    return _pdf_response(content, pdf.certificate_filename(event))


# --- Feedback ----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@throttle_misses()
def feedback_form(request: HtmxRequest, token: str) -> HttpResponse:
    registration = _registration(token)
    state = feedback.feedback_state(registration)
    form = feedback.FeedbackForm(request.POST or None)
    if state == feedback.FeedbackState.OPEN:
        by = request.user if request.user.is_authenticated else None
        if save_form(request, form, lambda data: services.feedback_give(registration=registration, by=by, **data)):
            messages.success(request, _("Thank you for your feedback!"))
            return redirect("events:feedback", registration.token)
    elif request.method == "POST":
        # Nothing is saved: the page says why (already given, not yet open, not an attendee).
        messages.error(request, feedback.STATE_MESSAGES[state])
    context = {"registration": registration, "event": registration.event, "state": state, "form": form}
    return render(request, "events/feedback_form.html", context)


@require_GET
def feedback_results(request: HtmxRequest, pk: int) -> HttpResponse:
    event = _organiser_event(request, pk)
    results = feedback.feedback_results(event)
    stars = [(str(n), count) for n, count in results.ratings]
    useful = [(str(n), count) for n, count in results.usefulness]
    context = {
        "event": event,
        "results": results,
        "rating_chart": bar_chart(stars, title=_("Overall rating: answers per value from 1 to 5")),
        "usefulness_chart": bar_chart(useful, title=_("Usefulness: answers per value from 1 to 5")),
    }
    return render(request, "events/feedback_results.html", context)


# --- Attendee exports --------------------------------------------------------------------------


@require_GET
def attendees_csv(request: HtmxRequest, pk: int) -> HttpResponse:
    event = _organiser_event(request, pk)
    header, rows = attendees.attendee_table(event)
    return csv_response(rows, header, attendees.export_filename(event, "csv"))


@require_GET
def attendees_xlsx(request: HtmxRequest, pk: int) -> HttpResponse:
    event = _organiser_event(request, pk)
    header, rows = attendees.attendee_table(event)
    return xlsx_response(rows, header, attendees.export_filename(event, "xlsx"), sheet_title=_("Attendees"))


# --- Calendars ---------------------------------------------------------------------------------


def _items(request: HtmxRequest, events: list[Event]) -> list[CalendarItem]:
    return calendar.items(events)


@require_GET
def event_ics(request: HtmxRequest, pk: int) -> HttpResponse:
    event = get_visible_or_404(request, Event.objects.select_related("lab", "room"), "events.view_event", pk=pk)
    name = localise(event, "title").text
    return calendar_response(_items(request, [event]), name=name, filename=f"event-{event.pk}.ics")


@require_GET
def lab_calendar(request: HtmxRequest, lab_slug: str) -> HttpResponse:
    lab = get_visible_or_404(request, Lab.objects.all(), "labs.view_lab", slug=lab_slug)
    events = list(calendar.feed_events(lab=lab))
    return calendar_response(_items(request, events), name=lab.name, filename=f"{lab.slug}.ics")


@require_GET
def network_calendar(request: HtmxRequest) -> HttpResponse:
    events = list(calendar.feed_events())
    name = _("KoSI-Lab: events of the network of labs")
    return calendar_response(_items(request, events), name=name, filename="kosilab-events.ics")
