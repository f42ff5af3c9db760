"""Events of a lab or of the network of labs, registrations with a waiting list, and feedback.

No overbooking, ever: ``Event.seats_taken`` counts confirmed and offered seats. It only moves by
conditional updates (``seats_taken < capacity``) in ``services``, and a check constraint makes
the database refuse any value above the capacity.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modeltrans.fields import TranslationField
from modeltrans.manager import MultilingualManager

from kosilab.core.content_languages import TranslatedModelMixin
from kosilab.core.maps import coordinates_constraint, latitude_field, longitude_field
from kosilab.core.models import TimeStampedModel


class EventKind(models.TextChoices):
    LAB_SESSION = "lab_session", _("Lab session")
    WORKSHOP = "workshop", _("Workshop (Werkstatt)")
    TRAINING = "training", _("Training")
    PUBLIC = "public", _("Public event")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


class Event(TranslatedModelMixin, TimeStampedModel):
    lab = models.ForeignKey(
        "labs.Lab",
        verbose_name=_("lab"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
        help_text=_("Leave empty for an event of the whole network of labs."),
    )
    kind = models.CharField(_("type"), max_length=20, choices=EventKind.choices, default=EventKind.LAB_SESSION)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), db_index=True)  # "upcoming": those not over yet
    room = models.ForeignKey(
        "rooms.Room", verbose_name=_("room"), null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    address = models.CharField(_("address elsewhere"), max_length=300, blank=True)
    latitude = latitude_field()  # the place of an event outside a room, for maps (docs/maps.md)
    longitude = longitude_field()
    online_url = models.URLField(_("online meeting link"), blank=True)
    capacity = models.PositiveIntegerField(_("seats"))
    seats_taken = models.PositiveIntegerField(_("seats taken"), default=0, editable=False)
    registration_closes_at = models.DateTimeField(_("registration closes at"), null=True, blank=True)
    offer_hours = models.PositiveSmallIntegerField(
        _("hours to accept a freed seat"),
        default=0,
        help_text=_("0: the first on the waiting list gets a freed seat at once. Otherwise they are offered it."),
    )
    credit_hours = models.DecimalField(
        _("hours on the certificate"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("Leave empty to use the event's duration."),
    )
    organiser = models.CharField(_("organiser"), max_length=200, help_text=_("Named on the certificate."))
    status = models.CharField(
        _("status"), max_length=20, choices=EventStatus.choices, default=EventStatus.DRAFT, db_index=True
    )
    process = models.ForeignKey(
        "processes.Process",
        verbose_name=_("lab process"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    # Who organises an event of the network (no lab): the staff of the lab that created it and of
    # the co-organising labs, and platform admins (rules.organiser). Empty for a lab's own event.
    organising_lab = models.ForeignKey(
        "labs.Lab",
        verbose_name=_("organising lab"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organised_network_events",
        help_text=_("The lab that organises this event of the network."),
    )
    co_organisers = models.ManyToManyField(
        "labs.Lab",
        verbose_name=_("co-organising labs"),
        blank=True,
        related_name="co_organised_events",
        help_text=_("Their team sees the registrations and may change, check in and cancel, like yours."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)  # stable iCal UID
    sequence = models.PositiveIntegerField(default=0, editable=False)  # iCal SEQUENCE, raised on each change

    # Translations into further languages (kosilab/core/content_languages.py).
    i18n = TranslationField(fields=("title", "description"))
    objects = MultilingualManager()  # what django-modeltrans gives a translated model

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "id"]
        # The public list is walked by keyset in this order, of all labs or of one.
        indexes = [
            models.Index(fields=["starts_at", "id"], name="events_event_start"),
            models.Index(fields=["lab", "starts_at", "id"], name="events_event_lab_start"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="events_event_ends_after_start"),
            models.CheckConstraint(condition=Q(seats_taken__lte=F("capacity")), name="events_event_no_overbooking"),
            coordinates_constraint("events_event_coordinates"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.pk])

    @property
    def seats_free(self) -> int:
        return max(self.capacity - self.seats_taken, 0)

    def timing_at(self, now: datetime) -> str:
        """Where the event stands at ``now``: "over", "under_way", "closed" (registration closed
        before the start) or "open"."""
        if self.ends_at <= now:
            return "over"
        if self.starts_at <= now:
            return "under_way"
        if self.registration_closes_at and self.registration_closes_at <= now:
            return "closed"
        return "open"

    @property
    def timing(self) -> str:
        return self.timing_at(timezone.now())


class QuestionKind(models.TextChoices):
    TEXT = "text", _("Text")
    CHOICE = "choice", _("Choice")
    YES_NO = "yes_no", _("Yes or no")


class Question(models.Model):
    """An optional question asked at registration."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(pgettext_lazy("order", "position"), default=0)
    kind = models.CharField(_("type"), max_length=20, choices=QuestionKind.choices, default=QuestionKind.TEXT)
    label = models.CharField(_("question"), max_length=300)
    choices = models.TextField(_("choices"), blank=True, max_length=2000, help_text=_("One choice per line."))
    required = models.BooleanField(_("required"), default=False)

    class Meta:
        verbose_name = _("registration question")
        verbose_name_plural = _("registration questions")
        ordering = ["event", "position", "id"]

    def __str__(self) -> str:
        return self.label

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class RegistrationStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("E-mail not yet confirmed")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITING = "waiting", _("On the waiting list")
    OFFERED = "offered", _("Seat offered")
    CANCELLED = "cancelled", _("Cancelled")


# Statuses that hold one of the event's seats.
SEAT_STATUSES = (RegistrationStatus.CONFIRMED, RegistrationStatus.OFFERED)
# Statuses of a registration that still counts (one per person and event).
ACTIVE_STATUSES = (
    RegistrationStatus.UNCONFIRMED,
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITING,
    RegistrationStatus.OFFERED,
)


def new_token() -> str:
    return secrets.token_urlsafe(24)


def new_code() -> str:
    # Eight characters without look-alikes (0/O, 1/I/L), easy to read out at the door.
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(8))


class Registration(TimeStampedModel):
    """One person's registration for an event: with an account, or as a guest by e-mail.

    The waiting list is ordered by ``id`` (first come, first served).
    """

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
    )
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail"))
    language = models.CharField(_("language"), max_length=10, default="de")
    status = models.CharField(_("status"), max_length=20, choices=RegistrationStatus.choices, db_index=True)
    # Secret for the links in mails (confirm, cancel, accept an offer) and for the guest's own page.
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    # Personal check-in code, shown as text and as a QR code.
    code = models.CharField(_("check-in code"), max_length=12, unique=True, default=new_code, editable=False)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("offer open until"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    attended_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["event", "id"]
        indexes = [
            models.Index(fields=["event", "status", "id"], name="events_reg_event_status"),
            # The attendee list, walked by name (keyset pagination): every page one index range.
            models.Index(fields=["event", "name", "id"], name="events_reg_event_name"),
        ]
        constraints = [
            # One active registration per person and event: double clicks and retries count once.
            models.UniqueConstraint(
                "event",
                Lower("email"),
                condition=Q(status__in=ACTIVE_STATUSES),
                name="events_registration_one_per_email",
            ),
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=Q(status__in=ACTIVE_STATUSES, user__isnull=False),
                name="events_registration_one_per_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} – {self.event}"

    @property
    def holds_seat(self) -> bool:
        return self.status in SEAT_STATUSES


# The pseudo-status of RegistrationTally that counts the registrations checked in.
ATTENDED = "attended"


class RegistrationTally(models.Model):
    """How many registrations of an event are in each status, and how many are checked in.

    Kept by the database itself: triggers on ``events_registration`` (migration 0007) add and take
    away on every insert, delete and change of status or check-in, so a service's ``update()``, the
    admin, a data migration and raw SQL all count, and the attendee list of an event with 100,000
    registrations reads its summary from a handful of rows instead of counting them.
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="tallies")
    status = models.CharField(max_length=20)  # a RegistrationStatus, or ATTENDED
    total = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "status"], name="events_tally_one_per_status")]

    def __str__(self) -> str:
        return f"{self.event_id} {self.status}: {self.total}"


class Answer(models.Model):
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    value = models.TextField(_("answer"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["registration", "question"], name="events_answer_unique")]

    def __str__(self) -> str:
        return self.value


class Feedback(TimeStampedModel):
    """A short anonymous-to-the-public feedback by one attendee after the event."""

    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="feedback")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="feedback")
    rating = models.PositiveSmallIntegerField(_("overall rating (1–5)"))
    usefulness = models.PositiveSmallIntegerField(_("useful for my work (1–5)"))
    recommend = models.BooleanField(_("I would recommend this event"))
    comment = models.TextField(_("comment"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["event", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=5), name="events_feedback_rating"),
            models.CheckConstraint(
                condition=Q(usefulness__gte=1, usefulness__lte=5), name="events_feedback_usefulness"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event}: {self.rating}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A person's secret calendar address: the events of the labs they belong to, for calendar
    programs that subscribe to it without logging in (kosilab/events/documents/personal_feed.py).

    The token is a bearer credential and is stored as it is (like a registration's token), so that
    the person can copy the address again on their page whenever they add a calendar; whoever can
    read this table can read the events themselves. At most one feed per person is active (not
    revoked): a partial unique constraint; making a new one revokes the old one.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last fetched"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("personal calendar feed")
        verbose_name_plural = _("personal calendar feeds")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(revoked_at__isnull=True), name="events_calendarfeed_one_active"
            )
        ]

    def __str__(self) -> str:
        # Never the token: this string lands in the audit log.
        return str(_("Personal calendar feed"))

    @property
    def active(self) -> bool:
        return self.revoked_at is None
