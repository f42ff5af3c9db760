from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kosilab.core.errors import DomainError
from kosilab.core.forms import save_form
from kosilab.core.http import HtmxRequest
from kosilab.core.ical import CalendarItem, calendar_response
from kosilab.core.permissions import get_visible_or_404, require_perm
from kosilab.core.validators import validate_plausible_date
from kosilab.labs.models import Lab
from kosilab.rooms import selectors, services
from kosilab.rooms.forms import BookingForm, CancelForm, MoveForm, ResourceForm, RoomForm
from kosilab.rooms.models import Booking, BookingStatus, Resource, Room

CONFLICT = 409  # a clash refused the booking: the form is shown again with the clash named


def _lab(request: HtmxRequest, slug: str) -> Lab:
    return get_visible_or_404(request, Lab.objects.all(), "labs.view_lab", slug=slug)


def _room(request: HtmxRequest, pk: int) -> Room:
    return get_visible_or_404(request, selectors.room_detail_queryset(), "rooms.view_room", pk=pk)


def _resource(request: HtmxRequest, pk: int) -> Resource:
    return get_visible_or_404(request, selectors.resource_queryset(), "rooms.view_resource", pk=pk)


def _booking(request: HtmxRequest, pk: int) -> Booking:
    """A booking of a lab you can see exists for you; only the lab's organisers may open it."""
    booking = get_visible_or_404(request, selectors.booking_detail_queryset(), "rooms.see_booking", pk=pk)
    require_perm(request, "rooms.view_booking", booking)
    return booking


def _week_context(request: HtmxRequest, monday: dt.date) -> dict[str, Any]:
    return {
        "monday": monday,
        "sunday": monday + dt.timedelta(days=6),
        "week": selectors.iso_week(monday),
        "previous_week": selectors.iso_week(monday - dt.timedelta(days=7)),
        "next_week": selectors.iso_week(monday + dt.timedelta(days=7)),
        "this_week": selectors.iso_week(selectors.week_start(None, timezone.localdate())),
    }


# --- Rooms --------------------------------------------------------------------------------------


def room_list(request: HtmxRequest, slug: str) -> HttpResponse:
    lab = _lab(request, slug)
    organiser = request.user.has_perm("rooms.manage", lab)
    context = {
        "lab": lab,
        "rooms": selectors.rooms_of(lab, with_inactive=organiser),
        "organiser": organiser,
        "upcoming": selectors.upcoming_bookings(lab) if organiser else [],
        "feed_url": request.build_absolute_uri(reverse("rooms:lab_feed", args=[lab.slug])),
    }
    return render(request, "rooms/room_list.html", context)


def lab_week(request: HtmxRequest, slug: str) -> HttpResponse:
    lab = _lab(request, slug)
    organiser = request.user.has_perm("rooms.book", lab)
    monday = selectors.week_start(request.GET.get("week"), timezone.localdate())
    rooms = list(selectors.rooms_of(lab, with_inactive=organiser))
    context = {
        "lab": lab,
        "organiser": organiser,
        "weeks": selectors.week(rooms, monday, lab=lab),
        **_week_context(request, monday),
    }
    return render(request, "rooms/lab_week.html", context)


def room_detail(request: HtmxRequest, pk: int) -> HttpResponse:
    room = _room(request, pk)
    organiser = request.user.has_perm("rooms.book", room)
    monday = selectors.week_start(request.GET.get("week"), timezone.localdate())
    [room_week] = selectors.week([room], monday)
    context = {
        "room": room,
        "lab": room.lab,
        "organiser": organiser,
        "room_week": room_week,
        "feed_url": request.build_absolute_uri(reverse("rooms:room_feed", args=[room.pk])),
        **_week_context(request, monday),
    }
    return render(request, "rooms/room_detail.html", context)


@require_http_methods(["GET", "POST"])
def room_create(request: HtmxRequest, slug: str) -> HttpResponse:
    lab = _lab(request, slug)
    require_perm(request, "rooms.manage", lab)
    form = RoomForm(request.POST or None, request.FILES or None)
    if room := save_form(request, form, lambda data: services.room_create(lab=lab, by=request.user, **data)):
        messages.success(request, _("The room has been added."))
        return redirect(room)
    return render(request, "rooms/room_form.html", {"form": form, "lab": lab})


@require_http_methods(["GET", "POST"])
def room_edit(request: HtmxRequest, pk: int) -> HttpResponse:
    room = _room(request, pk)
    require_perm(request, "rooms.manage", room)
    form = RoomForm(request.POST or None, request.FILES or None, instance=room)

    def update(data: dict[str, Any]) -> Room:
        return services.room_update(room=room, by=request.user, **data)

    if save_form(request, form, update):
        messages.success(request, _("The room has been saved."))
        return redirect("rooms:room_detail", room.pk)
    return render(request, "rooms/room_form.html", {"form": form, "lab": room.lab, "room": room})


# --- Resources ----------------------------------------------------------------------------------


def resource_list(request: HtmxRequest, slug: str) -> HttpResponse:
    lab = _lab(request, slug)
    organiser = request.user.has_perm("rooms.manage", lab)
    context = {"lab": lab, "organiser": organiser, "resources": selectors.resources_of(lab, with_inactive=organiser)}
    return render(request, "rooms/resource_list.html", context)


@require_http_methods(["GET", "POST"])
def resource_create(request: HtmxRequest, slug: str) -> HttpResponse:
    lab = _lab(request, slug)
    require_perm(request, "rooms.manage", lab)
    form = ResourceForm(request.POST or None)
    if save_form(request, form, lambda data: services.resource_create(lab=lab, by=request.user, **data)):
        messages.success(request, _("The resource has been added."))
        return redirect("rooms:resource_list", lab.slug)
    return render(request, "rooms/resource_form.html", {"form": form, "lab": lab})


@require_http_methods(["GET", "POST"])
def resource_edit(request: HtmxRequest, pk: int) -> HttpResponse:
    resource = _resource(request, pk)
    require_perm(request, "rooms.manage", resource)
    form = ResourceForm(request.POST or None, instance=resource)

    def update(data: dict[str, Any]) -> Resource:
        return services.resource_update(resource=resource, by=request.user, **data)

    if save_form(request, form, update):
        messages.success(request, _("The resource has been saved."))
        return redirect("rooms:resource_list", resource.lab.slug)
    context = {"form": form, "lab": resource.lab, "resource": resource}
    return render(request, "rooms/resource_form.html", context)


# --- Bookings -----------------------------------------------------------------------------------


def _initial_times(request: HtmxRequest) -> dict[str, Any]:
    """Date and times handed over by a free slot of the week calendar (?date=…&from=…&until=…)."""
    initial: dict[str, Any] = {}
    for name, key, parse in (
        ("date", "date", dt.date.fromisoformat),
        ("starts_at", "from", dt.time.fromisoformat),
        ("ends_at", "until", dt.time.fromisoformat),
    ):
        with contextlib.suppress(ValueError):
            initial[name] = parse(request.GET.get(key, ""))
    if "date" in initial and not validate_plausible_date.includes(initial["date"]):
        del initial["date"]
    return initial


def _booking_form(request: HtmxRequest, lab: Lab, room: Room | None) -> HttpResponse:
    resources = list(selectors.resources_of(lab))
    form = BookingForm(request.POST or None, lab=lab, room=room, resources=resources, initial=_initial_times(request))
    clash = False

    def book(data: dict[str, Any]) -> list[Booking]:
        nonlocal clash
        try:
            return services.booking_create(lab=lab, by=request.user, **form.booking_values())
        except services.BookingClash:
            clash = True
            raise

    if bookings := save_form(request, form, book):
        if len(bookings) == 1:
            messages.success(request, _("The booking has been made."))
        else:
            messages.success(request, _("%(count)d weekly bookings have been made.") % {"count": len(bookings)})
        return redirect(bookings[0])
    context = {"form": form, "lab": lab, "room": room}
    return render(request, "rooms/booking_form.html", context, status=CONFLICT if clash else 200)


@require_http_methods(["GET", "POST"])
def booking_create(request: HtmxRequest, pk: int) -> HttpResponse:
    room = _room(request, pk)
    require_perm(request, "rooms.book", room)
    return _booking_form(request, room.lab, room)


@require_http_methods(["GET", "POST"])
def lab_booking_create(request: HtmxRequest, slug: str) -> HttpResponse:
    lab = _lab(request, slug)
    require_perm(request, "rooms.book", lab)
    return _booking_form(request, lab, None)


def booking_detail(request: HtmxRequest, pk: int) -> HttpResponse:
    booking = _booking(request, pk)
    confirmed = booking.status == BookingStatus.CONFIRMED
    context = {
        "booking": booking,
        "lab": booking.lab,
        "can_change": confirmed and booking.ends_at > timezone.now(),
        "cancel_form": CancelForm(),
    }
    return render(request, "rooms/booking_detail.html", context)


@require_POST
def booking_cancel(request: HtmxRequest, pk: int) -> HttpResponse:
    booking = _booking(request, pk)
    require_perm(request, "rooms.change_booking", booking)
    form = CancelForm(request.POST)
    following = form.cleaned_data["following"] if form.is_valid() else False
    try:
        cancelled = services.booking_cancel(booking=booking, by=request.user, following=following)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(booking)
    if len(cancelled) == 1:
        messages.success(request, _("The booking has been cancelled."))
    else:
        messages.success(request, _("%(count)d bookings have been cancelled.") % {"count": len(cancelled)})
    if booking.room is not None:
        return redirect(booking.room)
    return redirect("rooms:room_list", booking.lab.slug)


@require_http_methods(["GET", "POST"])
def booking_move(request: HtmxRequest, pk: int) -> HttpResponse:
    booking = _booking(request, pk)
    require_perm(request, "rooms.change_booking", booking)
    start, end = timezone.localtime(booking.starts_at), timezone.localtime(booking.ends_at)
    initial = {"date": start.date(), "starts_at": start.time(), "ends_at": end.time()}
    form = MoveForm(request.POST or None, initial=initial)
    clash = False

    def move(data: dict[str, Any]) -> Booking:
        nonlocal clash
        try:
            return services.booking_move(
                booking=booking, starts_at=data["starts"], ends_at=data["ends"], by=request.user
            )
        except services.BookingClash:
            clash = True
            raise

    if save_form(request, form, move):
        messages.success(request, _("The booking has been moved."))
        return redirect(booking)
    context = {"form": form, "booking": booking, "lab": booking.lab}
    return render(request, "rooms/booking_move.html", context, status=CONFLICT if clash else 200)


# --- iCalendar ----------------------------------------------------------------------------------


def _public_item(request: HtmxRequest, booking: Booking) -> CalendarItem:
    room = booking.room
    return CalendarItem(
        uid=f"{booking.uid}@kosilab",
        summary=_("Booked"),
        starts_at=booking.starts_at,
        ends_at=booking.ends_at,
        location=f"{room.name}, {room.location}" if room else "",
        url=request.build_absolute_uri(room.get_absolute_url()) if room else "",
        sequence=booking.sequence,
        cancelled=booking.status == BookingStatus.CANCELLED,
        last_modified=booking.updated_at,
    )


def room_feed(request: HtmxRequest, pk: int) -> HttpResponse:
    room = _room(request, pk)
    items = [_public_item(request, b) for b in selectors.feed_bookings(room=room)]
    name = _("%(room)s – %(lab)s") % {"room": room.name, "lab": room.lab.name}
    return calendar_response(items, name=name, filename=f"room-{room.pk}.ics")


def lab_feed(request: HtmxRequest, slug: str) -> HttpResponse:
    lab = _lab(request, slug)
    items = [_public_item(request, b) for b in selectors.feed_bookings(lab=lab)]
    name = _("Rooms of %(lab)s") % {"lab": lab.name}
    return calendar_response(items, name=name, filename=f"rooms-{lab.slug}.ics")


def booking_ics(request: HtmxRequest, pk: int) -> HttpResponse:
    booking = _booking(request, pk)
    room = booking.room
    lines = [f"{line.quantity} × {line.resource.name}" for line in booking.resource_lines.all()]
    description = "\n".join(
        [*([_("Resources: %(list)s") % {"list": ", ".join(lines)}] if lines else []), booking.lab.name]
    )
    item = CalendarItem(
        uid=f"{booking.uid}@kosilab",
        summary=booking.purpose,
        starts_at=booking.starts_at,
        ends_at=booking.ends_at,
        description=description,
        location=f"{room.name}, {room.location}" if room else "",
        url=request.build_absolute_uri(booking.get_absolute_url()),
        sequence=booking.sequence,
        cancelled=booking.status == BookingStatus.CANCELLED,
        last_modified=booking.updated_at,
    )
    return calendar_response([item], name=booking.purpose, filename=f"booking-{booking.pk}.ics")
