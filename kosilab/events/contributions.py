"""What events add to the pages of the apps below (see kosilab/core/extensions.py)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.safestring import SafeString

from kosilab.core.extensions import contribute, render_section
from kosilab.events.selectors import event_list
from kosilab.labs.extensions import LAB_PAGE
from kosilab.labs.models import Lab


@contribute(LAB_PAGE.name, order=30)
def upcoming_events(request: HttpRequest, lab: Lab) -> SafeString:
    context = {"lab": lab, "events": event_list(request.user, lab=lab.slug)[:4]}
    return render_section(request, "events/_lab_section.html", context)
