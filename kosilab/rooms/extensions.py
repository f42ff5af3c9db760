"""What the apps above rooms add to booking (see kosilab/core/extensions.py)."""

from kosilab.core.extensions import point

BOOKING_EVENTS = point(
    "rooms.booking_events",
    "The events of a lab a new booking may be for: fn(lab) -> QuerySet of events (the first answer counts).",
)
