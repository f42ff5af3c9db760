"""What the apps above events add to an event's page (see kosilab/core/extensions.py)."""

from kosilab.core.extensions import point

EVENT_PAGE = point(
    "events.event_page",
    "Sections of the main column of an event's page, in order: fn(request, event) -> SafeString or None. "
    "A contribution decides who sees it (the page itself is public for a published event).",
)
