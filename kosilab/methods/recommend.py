"""Recommendations: which methods of the library fit a session (phase, participants, minutes, setting).

``recommend`` scores every candidate method and returns the best ones, each with the reasons in
the reader's language. It only reads; the session planner (``kosilab.planning``) uses it too, so
keep its name and signature stable.

Scoring (the numbers are weights, not percentages):

- phase: suits the phase +40; written for other phases −10 (no effect for a phase that is not a
  default phase, such as a lab's renamed or own phase);
- group size: within the method's range +25; outside it, +10 shrinking with the relative distance
  to the range down to −20 (a little too many still ranks, far too many sinks);
- minutes: a method whose shortest run does not fit into the minutes is left out; the whole range
  fits +20; only a short run fits +10;
- setting: works in the wanted setting +10; does not −30 (it can sometimes be adapted, so it is
  not left out, but it sinks);
- difficulty: easy +4, medium +2, demanding 0 (a tiebreak);
- the lab's own methods +5 for that lab.

Ties are broken by the title in the reader's language, then by id, so the order is deterministic.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kosilab.labs.models import DEFAULT_PHASE_LABELS
from kosilab.methods.models import Difficulty, Method

if TYPE_CHECKING:
    from kosilab.labs.models import Lab

SETTINGS = ("online", "offline")

PHASE_FIT = 40
PHASE_MISFIT = -10
GROUP_FIT = 25
GROUP_NEAR = 10
GROUP_FAR = -20
DURATION_FIT = 20
DURATION_SHORT_RUN = 10
SETTING_FIT = 10
SETTING_MISFIT = -30
DIFFICULTY_BONUS = {Difficulty.EASY: 4, Difficulty.MEDIUM: 2, Difficulty.DEMANDING: 0}
OWN_LAB_BONUS = 5


@dataclass
class Recommendation:
    """A method with its score, why it fits (``reasons``) and what does not quite fit (``concerns``)."""

    method: Method
    score: int
    reasons: list[str] = field(default_factory=list)
    concerns: list[str] = field(default_factory=list)


def candidate_methods(lab: Lab | None = None) -> QuerySet[Method]:
    """The shared library and, for a lab, the lab's own methods."""
    condition = Q(lab__isnull=True)
    if lab is not None:
        condition |= Q(lab=lab)
    return Method.objects.filter(condition)


def people_range(method: Method) -> str:
    if method.group_min == method.group_max:
        return str(method.group_min)
    return f"{method.group_min}–{method.group_max}"


def minutes_range(method: Method) -> str:
    if method.duration_min == method.duration_max:
        return str(method.duration_min)
    return f"{method.duration_min}–{method.duration_max}"


def _group_score(method: Method, participants: int) -> tuple[int, str, bool]:
    values = {"range": people_range(method), "count": participants}
    if method.group_min <= participants <= method.group_max:
        text = ngettext(
            "Works for %(range)s people (you have %(count)d)",
            "Works for %(range)s people (you have %(count)d)",
            participants,
        )
        return GROUP_FIT, text % values, True
    if participants < method.group_min:
        distance = (method.group_min - participants) / method.group_min
        text = ngettext(
            "Made for %(range)s people; you have only %(count)d",
            "Made for %(range)s people; you have only %(count)d",
            participants,
        )
    else:
        distance = (participants - method.group_max) / method.group_max
        text = ngettext(
            "Made for %(range)s people; you have %(count)d",
            "Made for %(range)s people; you have %(count)d",
            participants,
        )
    # +10 right next to the range, falling linearly to −20 at twice the distance of the range.
    score = round(GROUP_NEAR - (GROUP_NEAR - GROUP_FAR) * min(distance, 1.0))
    return score, text % values, False


def score_method(
    method: Method,
    *,
    phase: str | None,
    participants: int | None,
    minutes: int | None,
    setting: str | None,
    lab: Lab | None = None,
) -> Recommendation | None:
    """One method's score and reasons, or None when it cannot be used (too long for the minutes)."""
    if minutes is not None and method.duration_min > minutes:
        return None
    result = Recommendation(method=method, score=0)

    if phase and phase in DEFAULT_PHASE_LABELS:
        label = str(DEFAULT_PHASE_LABELS[phase])
        if phase in (method.phases or []):
            result.score += PHASE_FIT
            result.reasons.append(_("Suits the phase %(phase)s") % {"phase": label})
        else:
            result.score += PHASE_MISFIT
            result.concerns.append(_("Not written for the phase %(phase)s") % {"phase": label})

    if participants is not None:
        points, text, fits = _group_score(method, participants)
        result.score += points
        (result.reasons if fits else result.concerns).append(text)

    if minutes is not None:
        values = {"range": minutes_range(method), "minutes": minutes}
        if method.duration_max <= minutes:
            result.score += DURATION_FIT
            result.reasons.append(_("Needs %(range)s minutes (you have %(minutes)d)") % values)
        else:
            result.score += DURATION_SHORT_RUN
            result.reasons.append(_("Needs %(range)s minutes; a short run fits your %(minutes)d") % values)

    if setting == "online":
        if method.online:
            result.score += SETTING_FIT
            result.reasons.append(_("Works online"))
        else:
            result.score += SETTING_MISFIT
            result.concerns.append(_("Made for a room, not for online sessions"))
    elif setting == "offline":
        if method.offline:
            result.score += SETTING_FIT
            result.reasons.append(_("Works in a room"))
        else:
            result.score += SETTING_MISFIT
            result.concerns.append(_("Made for online sessions, not for a room"))

    result.score += DIFFICULTY_BONUS.get(Difficulty(method.difficulty), 0)
    if method.difficulty == Difficulty.EASY:
        result.reasons.append(_("Easy to facilitate, also for first-timers"))
    elif method.difficulty == Difficulty.DEMANDING:
        result.concerns.append(_("Demanding: for experienced facilitators"))

    if lab is not None and method.lab_id == lab.pk:
        result.score += OWN_LAB_BONUS
        result.reasons.append(_("Your lab's own method"))
    return result


def recommend(
    *,
    phase: str | None,
    participants: int | None,
    minutes: int | None,
    setting: str | None,
    lab: Lab | None = None,
    limit: int = 10,
    methods: Iterable[Method] | None = None,
) -> list[Recommendation]:
    """The methods that fit best, best first, each with its reasons (in the active language).

    ``methods`` are the candidates (default: the shared library and ``lab``'s own methods); pass
    a queryset or list to rank others. One query when ``methods`` is a queryset, none for a list.
    """
    candidates = candidate_methods(lab) if methods is None else methods
    scored = [
        result
        for method in candidates
        if (
            result := score_method(
                method, phase=phase, participants=participants, minutes=minutes, setting=setting, lab=lab
            )
        )
        is not None
    ]
    scored.sort(key=lambda r: (-r.score, r.method.title.casefold(), r.method.pk or 0))
    return scored[:limit]
