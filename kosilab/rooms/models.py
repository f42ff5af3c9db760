"""Rooms and bookable resources of a lab, and their bookings.

No clash, ever: two confirmed bookings of one room never overlap. On PostgreSQL an exclusion
constraint (migration 0002) guarantees it; on SQLite every write transaction is serialised
(``transaction_mode=IMMEDIATE``), so the check in ``services.book`` cannot race. Resources are
counted under the same serialisation (PostgreSQL: the resource rows are locked).
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kosilab.core.maps import coordinates_constraint, latitude_field, longitude_field
from kosilab.core.models import TimeStampedModel


class Room(TimeStampedModel):
    lab = models.ForeignKey("labs.Lab", verbose_name=_("lab"), on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    capacity = models.PositiveSmallIntegerField(_("capacity (people)"))
    location = models.CharField(_("location"), max_length=300, help_text=_("Address, floor and how to find the room."))
    latitude = latitude_field()  # where the room is, for maps (docs/maps.md)
    longitude = longitude_field()
    step_free = models.BooleanField(_("step-free access"), default=False)
    hearing_loop = models.BooleanField(_("hearing loop"), default=False)
    accessible_toilet = models.BooleanField(_("accessible toilet"), default=False)
    accessibility_notes = models.CharField(_("notes on accessibility"), max_length=500, blank=True)
    equipment = models.TextField(_("equipment"), blank=True, max_length=1000, help_text=_("One item per line."))
    opens_at = models.TimeField(_("opens at"), default=datetime.time(8))
    closes_at = models.TimeField(_("closes at"), default=datetime.time(20))
    open_on_weekends = models.BooleanField(_("open on weekends"), default=False)
    photo = models.ImageField(_("photo"), upload_to="rooms/", blank=True)
    photo_description = models.CharField(
        _("photo description"), max_length=200, blank=True, help_text=_("What the photo shows, for screen readers.")
    )
    is_active = models.BooleanField(_("bookable"), default=True)

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["lab", "name", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=F("opens_at")), name="rooms_room_opening"),
            coordinates_constraint("rooms_room_coordinates"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("rooms:room_detail", args=[self.pk])

    @property
    def equipment_list(self) -> list[str]:
        return [line.strip() for line in self.equipment.splitlines() if line.strip()]


class Resource(TimeStampedModel):
    """Something a lab lends for bookings, in a given quantity (moderation kit, projector, cargo bike)."""

    lab = models.ForeignKey("labs.Lab", verbose_name=_("lab"), on_delete=models.CASCADE, related_name="resources")
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True, max_length=1000)
    quantity = models.PositiveSmallIntegerField(_("quantity"), default=1)
    is_active = models.BooleanField(_("bookable"), default=True)

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["lab", "name", "id"]
        constraints = [models.CheckConstraint(condition=Q(quantity__gte=1), name="rooms_resource_quantity")]

    def __str__(self) -> str:
        return self.name


class BookingStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    CANCELLED = "cancelled", _("Cancelled")


class Booking(TimeStampedModel):
    """A room (and optionally resources) reserved for a time span."""

    lab = models.ForeignKey("labs.Lab", verbose_name=_("lab"), on_delete=models.CASCADE, related_name="bookings")
    room = models.ForeignKey(
        Room, verbose_name=_("room"), null=True, blank=True, on_delete=models.CASCADE, related_name="bookings"
    )
    purpose = models.CharField(_("purpose"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    status = models.CharField(
        _("status"), max_length=20, choices=BookingStatus.choices, default=BookingStatus.CONFIRMED, db_index=True
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("booked by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="room_bookings",
    )
    process = models.ForeignKey(
        "processes.Process",
        verbose_name=_("lab process"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bookings",
    )
    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bookings",
    )
    # Bookings made together as a weekly series share this id.
    series = models.UUIDField(_("series"), null=True, blank=True, db_index=True)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)  # stable iCal UID
    sequence = models.PositiveIntegerField(default=0, editable=False)  # iCal SEQUENCE, raised on each change
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["room", "starts_at"], name="rooms_booking_room_start"),
            # A week or "from now on" asks for the bookings ending after a moment: by the end, the
            # years of bookings before it are never read (bench/history.py).
            models.Index(fields=["room", "ends_at"], name="rooms_booking_room_end"),
            models.Index(fields=["lab", "ends_at"], name="rooms_booking_lab_end"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="rooms_booking_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.purpose

    def get_absolute_url(self) -> str:
        return reverse("rooms:booking_detail", args=[self.pk])


class BookedResource(models.Model):
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="resource_lines")
    resource = models.ForeignKey(
        Resource, verbose_name=_("resource"), on_delete=models.CASCADE, related_name="booking_lines"
    )
    quantity = models.PositiveSmallIntegerField(_("quantity"), default=1)

    class Meta:
        verbose_name = _("booked resource")
        verbose_name_plural = _("booked resources")
        constraints = [
            models.UniqueConstraint(fields=["booking", "resource"], name="rooms_bookedresource_unique"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="rooms_bookedresource_quantity"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.resource}"
