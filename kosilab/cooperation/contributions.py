"""What the cooperation app adds to the pages of the apps below (see kosilab/core/extensions.py)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.safestring import SafeString

from kosilab.core.extensions import contribute, render_section
from kosilab.labs.extensions import LAB_PAGE
from kosilab.labs.models import Lab


@contribute(LAB_PAGE.name, order=45)
def network_link(request: HttpRequest, lab: Lab) -> SafeString | None:
    """A link to the lab's network of cooperation, for everybody who sees the lab (asks no query)."""
    return render_section(request, "cooperation/_lab_section.html", {"lab": lab})
