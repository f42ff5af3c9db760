"""What lab processes add to the pages of the apps below (see kosilab/core/extensions.py)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.safestring import SafeString

from kosilab.accounts.extensions import EMAIL_CONFIRMED
from kosilab.accounts.types import User
from kosilab.challenges.extensions import CHALLENGE_PAGE
from kosilab.challenges.models import Challenge
from kosilab.core.extensions import contribute, render_section
from kosilab.core.queries import count_of
from kosilab.labs.extensions import LAB_LIST, LAB_PAGE
from kosilab.labs.models import Lab
from kosilab.processes.models import Process, ProcessStatus
from kosilab.processes.selectors import process_list, visible_processes


@contribute(LAB_PAGE.name, order=20)
def running_processes(request: HttpRequest, lab: Lab) -> SafeString:
    context = {"lab": lab, "processes": process_list(request.user, lab=lab.slug, status=ProcessStatus.RUNNING)[:6]}
    return render_section(request, "processes/_lab_section.html", context)


@contribute(LAB_LIST.name, order=20)
def running_process_count(labs: QuerySet[Lab]) -> QuerySet[Lab]:
    return labs.annotate(running_process_count=count_of(Process.objects.filter(status=ProcessStatus.RUNNING), "lab"))


@contribute(CHALLENGE_PAGE.name)
def process_of_challenge(request: HttpRequest, challenge: Challenge) -> dict[str, Any]:
    """The lab process that grew out of the challenge, where the reader may see it."""
    return {"process": visible_processes(request.user).filter(challenge=challenge).first()}


@contribute(EMAIL_CONFIRMED.name)
def accept_invitations(user: User, email: str) -> None:
    """Invitations into process teams sent to the address just confirmed become memberships."""
    from kosilab.processes.services import invitations_accept_for

    invitations_accept_for(user=user, email=email)
