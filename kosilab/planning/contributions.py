"""What the session planner adds to the pages of the apps below (see kosilab/core/extensions.py)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.safestring import SafeString

from kosilab.core.extensions import contribute, render_section
from kosilab.events.extensions import EVENT_PAGE
from kosilab.events.models import Event, EventStatus
from kosilab.planning import selectors


@contribute(EVENT_PAGE.name, order=10)
def session_plan(request: HttpRequest, event: Event) -> SafeString | None:
    """The agenda of the event's session plan, for those who may see the plan (the lab's team and
    the process team, kosilab/planning/policies.py); never for the public: a plan holds internal
    notes and who is responsible for what. Those who may plan get "Plan the session" while the
    event has no plan."""
    user = request.user
    if not user.is_authenticated or event.lab_id is None:
        return None
    plans = selectors.plans_of_event(event, user)
    open_event = event.status != EventStatus.CANCELLED
    can_plan = (
        not plans and open_event and event.process is not None and user.has_perm("planning.add_session", event.process)
    )
    needs_process = not plans and open_event and event.process is None and user.has_perm("events.change_event", event)
    if not (plans or can_plan or needs_process):
        return None
    sections = [(plan, selectors.agenda(plan, list(plan.blocks.all()))) for plan in plans]
    context = {"event": event, "plans": sections, "can_plan": can_plan, "needs_process": needs_process}
    return render_section(request, "planning/_event_section.html", context)
