"""What challenges add to the pages of the apps below (see kosilab/core/extensions.py)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.safestring import SafeString

from kosilab.challenges.models import Challenge, ChallengeStatus
from kosilab.challenges.selectors import visible_challenges, with_list_data
from kosilab.core.extensions import contribute, render_section
from kosilab.core.queries import count_of
from kosilab.labs.extensions import LAB_LIST, LAB_PAGE
from kosilab.labs.models import Lab


@contribute(LAB_PAGE.name, order=10)
def open_challenges(request: HttpRequest, lab: Lab) -> SafeString:
    challenges = with_list_data(visible_challenges(request.user).filter(lab=lab, status=ChallengeStatus.OPEN))
    context = {"lab": lab, "challenges": challenges.order_by("-created_at", "-pk")[:6]}
    return render_section(request, "challenges/_lab_section.html", context)


@contribute(LAB_LIST.name, order=10)
def open_challenge_count(labs: QuerySet[Lab]) -> QuerySet[Lab]:
    return labs.annotate(open_challenge_count=count_of(Challenge.objects.filter(status=ChallengeStatus.OPEN), "lab"))
