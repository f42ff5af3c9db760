"""The query parameters each list of the API accepts (django-filter).

Each filter narrows what the resource's queryset already lets the reader see; none widens it. A
value that is not valid (an unknown status, a date outside the plausible window, a word where a
number belongs) answers 400 with a message per parameter, in the reader's language, and changes
nothing. Dates take the window of ``core.validators`` like the web's forms.
"""

from __future__ import annotations

from typing import Any

import django_filters as df
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kosilab.challenges.models import Challenge, ChallengeStatus
from kosilab.continuation.models import ContinuationForm, Handover, HandoverStatus
from kosilab.core.validators import validate_plausible_date
from kosilab.events.models import Event, EventKind, EventStatus
from kosilab.impact.models import SDG, Indicator, Level
from kosilab.knowledge.facets import STATUSES
from kosilab.knowledge.models import LabProfile
from kosilab.labs.models import DEFAULT_PHASE_LABELS, Lab
from kosilab.methods.models import Difficulty, Method
from kosilab.methods.selectors import SETTINGS, phase_q, search_q
from kosilab.processes.models import Process, ProcessStatus
from kosilab.results.models import Result, ResultKind

MAX_TEXT = 200


class PlausibleDateTimeField(forms.DateTimeField):
    default_validators = [validate_plausible_date]


class PlausibleDateField(forms.DateField):
    default_validators = [validate_plausible_date]


class UpdatedSinceFilter(df.IsoDateTimeFilter):  # type: ignore[misc]  # django-filter is untyped
    field_class = PlausibleDateTimeField


class PlausibleDateFilter(df.DateFilter):  # type: ignore[misc]  # django-filter is untyped
    field_class = PlausibleDateField


def updated_since() -> UpdatedSinceFilter:
    return UpdatedSinceFilter(
        field_name="updated_at",
        lookup_expr="gte",
        label=_("Changed at or after this moment (ISO 8601, e.g. 2026-05-01T00:00:00+02:00)"),
    )


def lab_slug(path: str = "lab__slug") -> df.CharFilter:
    return df.CharFilter(field_name=path, max_length=MAX_TEXT, label=_("The lab's short name (slug)"))


class LabFilter(df.FilterSet):  # type: ignore[misc]  # django-filter is untyped
    class Meta:
        model = Lab
        fields: list[str] = []

    city = df.CharFilter(field_name="city", lookup_expr="iexact", max_length=MAX_TEXT, label=_("City"))
    updated_since = updated_since()


class ChallengeFilter(df.FilterSet):  # type: ignore[misc]  # django-filter is untyped
    class Meta:
        model = Challenge
        fields: list[str] = []

    lab = lab_slug()
    status = df.ChoiceFilter(choices=ChallengeStatus.choices, label=_("Status"))
    updated_since = updated_since()


class ProcessFilter(df.FilterSet):  # type: ignore[misc]  # django-filter is untyped
    class Meta:
        model = Process
        fields: list[str] = []

    lab = lab_slug()
    status = df.ChoiceFilter(choices=ProcessStatus.choices, label=_("Status"))
    phase = df.CharFilter(field_name="current_phase__key", max_length=40, label=_("Key of the current phase"))
    updated_since = updated_since()


class EventFilter(df.FilterSet):  # type: ignore[misc]  # django-filter is untyped
    lab = df.CharFilter(method="filter_lab", max_length=MAX_TEXT, label=_("The lab's short name, or network"))
    kind = df.ChoiceFilter(choices=EventKind.choices, label=_("Type"))
    status = df.ChoiceFilter(choices=EventStatus.choices, label=_("Status"))
    starts_from = PlausibleDateFilter(
        field_name="starts_at", lookup_expr="date__gte", label=_("Starts on or after this day")
    )
    starts_until = PlausibleDateFilter(
        field_name="starts_at", lookup_expr="date__lte", label=_("Starts on or before this day")
    )
    upcoming = df.ChoiceFilter(
        choices=[("true", "true"), ("false", "false")],
        method="filter_upcoming",
        label=_("true: only events that have not ended yet; false: only those that have"),
    )
    updated_since = updated_since()

    class Meta:
        model = Event
        fields: list[str] = []

    def filter_lab(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if value == "network":
            return queryset.filter(lab__isnull=True)
        return queryset.filter(lab__slug=value)

    def filter_upcoming(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        ended = Q(ends_at__lt=timezone.now())
        return queryset.exclude(ended) if value == "true" else queryset.filter(ended)

    def is_valid(self) -> bool:
        valid = super().is_valid()
        data = self.form.cleaned_data if valid else {}
        start, end = data.get("starts_from"), data.get("starts_until")
        if start and end and end < start:
            self.form.add_error("starts_until", _("The end must not lie before the start."))
            return False
        return bool(valid)


class MethodFilter(df.FilterSet):  # type: ignore[misc]  # django-filter is untyped
    """The facets of the method library (``methods.selectors.MethodFilters``)."""

    class Meta:
        model = Method
        fields: list[str] = []

    phase = df.MultipleChoiceFilter(
        choices=list(DEFAULT_PHASE_LABELS.items()), method="filter_phase", label=_("Suits the phase (repeatable)")
    )
    participants = df.NumberFilter(method="filter_participants", min_value=1, max_value=10000, label=_("Group size"))
    minutes = df.NumberFilter(
        field_name="duration_min", lookup_expr="lte", min_value=1, max_value=100000, label=_("Time available (minutes)")
    )
    setting = df.ChoiceFilter(choices=[(key, key) for key in SETTINGS], method="filter_setting", label=_("Setting"))
    max_difficulty = df.TypedChoiceFilter(
        choices=Difficulty.choices,
        coerce=int,
        field_name="difficulty",
        lookup_expr="lte",
        label=_("Highest difficulty"),
    )
    origin = df.CharFilter(method="filter_origin", max_length=MAX_TEXT, label=_("shared, or a lab's short name"))
    q = df.CharFilter(method="filter_search", max_length=MAX_TEXT, label=_("Words in title, summary, goal or steps"))
    updated_since = updated_since()

    def filter_phase(self, queryset: QuerySet[Any], name: str, value: list[str]) -> QuerySet[Any]:
        condition = Q()
        for key in value:
            condition |= phase_q(key)
        return queryset.filter(condition)

    def filter_participants(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return queryset.filter(group_min__lte=value, group_max__gte=value)

    def filter_setting(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(**{value: True})

    def filter_origin(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(lab__isnull=True) if value == "shared" else queryset.filter(lab__slug=value)

    def filter_search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(search_q(value)) if value.strip() else queryset


class ResultFilter(df.FilterSet):  # type: ignore[misc]  # django-filter is untyped
    class Meta:
        model = Result
        fields: list[str] = []

    lab = lab_slug()
    process = df.NumberFilter(field_name="process_id", min_value=1, max_value=2**31 - 1, label=_("Process id"))
    kind = df.ChoiceFilter(choices=ResultKind.choices, label=_("Kind"))
    updated_since = updated_since()


class HandoverFilter(df.FilterSet):  # type: ignore[misc]  # django-filter is untyped
    class Meta:
        model = Handover
        fields: list[str] = []

    lab = lab_slug("result__lab__slug")
    result = df.NumberFilter(field_name="result_id", min_value=1, max_value=2**31 - 1, label=_("Result id"))
    status = df.ChoiceFilter(choices=HandoverStatus.choices, label=_("Status"))
    form = df.ChoiceFilter(choices=ContinuationForm.choices, label=_("Form of continuation"))
    updated_since = updated_since()


class IndicatorFilter(df.FilterSet):  # type: ignore[misc]  # django-filter is untyped
    class Meta:
        model = Indicator
        fields: list[str] = []

    lab = lab_slug()
    process = df.NumberFilter(field_name="process_id", min_value=1, max_value=2**31 - 1, label=_("Process id"))
    level = df.ChoiceFilter(choices=Level.choices, label=_("Level"))
    sdg = df.TypedChoiceFilter(choices=SDG.choices, coerce=int, label=_("Sustainable Development Goal"))
    updated_since = updated_since()


class CaseStudyLabFilter(df.FilterSet):  # type: ignore[misc]  # django-filter is untyped
    class Meta:
        model = LabProfile
        fields: list[str] = []

    country = df.CharFilter(
        field_name="country", lookup_expr="iexact", max_length=2, label=_("Country (ISO 3166 code, e.g. DE)")
    )
    status = df.ChoiceFilter(choices=STATUSES, label=_("Status"))
    kind = df.ChoiceFilter(
        choices=[("case_study", _("case study")), ("hosted", _("lab on this platform"))],
        method="filter_kind",
        label=_("Kind"),
    )
    updated_since = updated_since()

    def filter_kind(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(lab__isnull=value == "case_study")
