"""What the sustainability watch adds to the pages of the apps below (see kosilab/core/extensions.py)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.safestring import SafeString

from kosilab.core.extensions import contribute, render_section
from kosilab.labs.extensions import LAB_PAGE
from kosilab.labs.models import Lab


@contribute(LAB_PAGE.name, order=40)
def watch_and_legacy(request: HttpRequest, lab: Lab) -> SafeString | None:
    """Links to the watch and the legacy page, for the lab's team only (asks no query: the roles are
    cached for the request)."""
    if not request.user.has_perm("sustainability.view_watch", lab):
        return None
    return render_section(request, "sustainability/_lab_section.html", {"lab": lab})
