"""Feedback after an event: the form, who may give it (:func:`feedback_state`) and the results.
The one write is ``services.feedback_give``.

Who may give feedback (once, from the start of the event on, not for a cancelled event):
an attendee who was checked in; or, when the organisers checked in nobody at all, anyone with a
confirmed registration (the event then has no record of who came). A confirmed registration that
was not checked in at an event with check-in may not, so the results speak for those who came.

Results show no names: organisers see counts, averages, distributions and the comments alone.
The audit log records that a registration gave feedback, not which feedback it was.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy

from kosilab.events.models import Event, EventStatus, Feedback, Registration, RegistrationStatus

SCALE = range(1, 6)
YES, NO = "yes", "no"


class FeedbackState(StrEnum):
    OPEN = "open"
    GIVEN = "given"
    NOT_YET = "not_yet"  # the event has not started
    NOT_ALLOWED = "not_allowed"  # cancelled event or registration, or not checked in


def _scale_choices(low: Any, high: Any) -> list[tuple[int, Any]]:
    labels = {1: low, 5: high}
    return [(n, labels.get(n, str(n))) for n in SCALE]


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=gettext_lazy("How would you rate the event overall?"),
        choices=_scale_choices(gettext_lazy("1 – poor"), gettext_lazy("5 – excellent")),
        coerce=int,
        widget=forms.RadioSelect,
    )
    usefulness = forms.TypedChoiceField(
        label=gettext_lazy("How useful was the event for your work?"),
        choices=_scale_choices(gettext_lazy("1 – not useful"), gettext_lazy("5 – very useful")),
        coerce=int,
        widget=forms.RadioSelect,
    )
    recommend = forms.TypedChoiceField(
        label=gettext_lazy("Would you recommend this event to others?"),
        choices=[(YES, gettext_lazy("Yes")), (NO, gettext_lazy("No"))],
        coerce=lambda value: value == YES,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("Optional. The organisers see your comment without your name."),
    )


STATE_MESSAGES = {
    FeedbackState.GIVEN: gettext_lazy("You have already given feedback for this event. Thank you!"),
    FeedbackState.NOT_YET: gettext_lazy("Feedback opens when the event has started."),
    FeedbackState.NOT_ALLOWED: gettext_lazy("Only attendees of the event can give feedback."),
}


def _any_check_in(event: Event) -> bool:
    return event.registrations.filter(attended_at__isnull=False).exists()


def feedback_state(registration: Registration, *, now: dt.datetime | None = None) -> FeedbackState:
    event = registration.event
    if Feedback.objects.filter(registration=registration).exists():
        return FeedbackState.GIVEN
    if event.status == EventStatus.CANCELLED or registration.status != RegistrationStatus.CONFIRMED:
        return FeedbackState.NOT_ALLOWED
    if event.starts_at > (now or timezone.now()):
        return FeedbackState.NOT_YET
    if registration.attended_at is None and _any_check_in(event):
        return FeedbackState.NOT_ALLOWED
    return FeedbackState.OPEN


@dataclass
class FeedbackResults:
    count: int = 0
    average_rating: float | None = None
    average_usefulness: float | None = None
    recommend_count: int = 0
    ratings: list[tuple[int, int]] = field(default_factory=list)  # (1..5, how many)
    usefulness: list[tuple[int, int]] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)

    @property
    def recommend_percent(self) -> int | None:
        return round(100 * self.recommend_count / self.count) if self.count else None


def feedback_results(event: Event) -> FeedbackResults:
    """Everything for the results page in one query (an event has at most a few hundred rows)."""
    rows = list(
        Feedback.objects.filter(event=event).order_by("id").values_list("rating", "usefulness", "recommend", "comment")
    )
    ratings = Counter(row[0] for row in rows)
    usefulness = Counter(row[1] for row in rows)
    count = len(rows)
    return FeedbackResults(
        count=count,
        average_rating=sum(row[0] for row in rows) / count if count else None,
        average_usefulness=sum(row[1] for row in rows) / count if count else None,
        recommend_count=sum(1 for row in rows if row[2]),
        ratings=[(n, ratings[n]) for n in SCALE],
        usefulness=[(n, usefulness[n]) for n in SCALE],
        comments=[row[3] for row in rows if row[3].strip()],
    )
