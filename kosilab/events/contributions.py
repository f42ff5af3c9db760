"""What events add to the pages of the apps below (see kosilab/core/extensions.py)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.safestring import SafeString

from kosilab.core.extensions import contribute, render_section
from kosilab.events.models import Event, EventStatus
from kosilab.events.selectors import event_list
from kosilab.labs.extensions import LAB_PAGE
from kosilab.labs.models import Lab
from kosilab.labs.roles import staff_lab_ids
from kosilab.rooms.extensions import BOOKING_EVENTS


@contribute(LAB_PAGE.name, order=30)
def upcoming_events(request: HttpRequest, lab: Lab) -> SafeString:
    context = {
        "lab": lab,
        "events": event_list(request.user, lab_id=lab.pk)[:4],
        # A lab that is not public has no feed a calendar program can read; its team has their own.
        "personal_feed": not lab.is_public and lab.pk in staff_lab_ids(request.user),
    }
    return render_section(request, "events/_lab_section.html", context)


@contribute(BOOKING_EVENTS.name)
def bookable_events(lab: Lab) -> QuerySet[Event]:
    """A room can be booked for an event of its lab that has not ended and is not cancelled."""
    return (
        Event.objects.filter(lab=lab, ends_at__gt=timezone.now())
        .exclude(status=EventStatus.CANCELLED)
        .order_by("starts_at", "pk")
    )
