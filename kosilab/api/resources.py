"""The resources of the public read API, and of the open-data dump that codes against them.

One :class:`Resource` per kind of public data: its name (the URL segment under ``/api/v1/`` and the
dataset's name), a title and a sentence for the documentation and the data package, what one item
looks like (``serializer_class``) and what a reader may see (``queryset``). The queryset asks the
model's visibility policy (``kosilab/*/policies.py``), never a rule of its own, so the API shows
exactly what the web shows the same person; an anonymous reader gets the public data. It is
ordered by primary key (stable pages) and selects what the serializer reads, so a list asks a fixed
number of queries whatever its length.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django_filters import FilterSet
from rest_framework import serializers

from kosilab.api import filters
from kosilab.api import serializers as items
from kosilab.challenges.models import WantedSector
from kosilab.challenges.policies import challenge_policy
from kosilab.continuation.policies import handover_policy
from kosilab.core.types import AccountOrAnonymous
from kosilab.events.policies import event_policy
from kosilab.impact.models import Measurement
from kosilab.impact.policies import indicator_policy
from kosilab.knowledge.policies import profile_policy
from kosilab.labs.policies import lab_policy
from kosilab.methods.policies import method_policy
from kosilab.processes.models import ProcessPhase
from kosilab.processes.policies import process_policy
from kosilab.results.policies import result_policy


@dataclass(frozen=True)
class Resource:
    name: str  # URL segment and dataset name
    title: Promise
    description: Promise  # one sentence for the docs and the data package
    serializer_class: type[serializers.Serializer[Any]]
    # What this reader may see (anonymous: the public data), ordered by pk, with what the serializer reads.
    queryset: Callable[[AccountOrAnonymous], QuerySet[Any]]
    # The field an item is found by in its address (/api/v1/<name>/<lookup>/).
    lookup_field: str = "pk"
    # The path from an item to its lab, for tokens restricted to one lab ("" : the item is a lab).
    lab_path: str = "lab"
    filterset_class: type[FilterSet] | None = None


def _labs(user: AccountOrAnonymous) -> QuerySet[Any]:
    return lab_policy.visible(user).select_related("host").order_by("pk")


def _challenges(user: AccountOrAnonymous) -> QuerySet[Any]:
    return (
        challenge_policy.visible(user)
        .select_related("lab")
        .prefetch_related(Prefetch("wanted_sectors", queryset=WantedSector.objects.order_by("sector")))
        .order_by("pk")
    )


def _processes(user: AccountOrAnonymous) -> QuerySet[Any]:
    return (
        process_policy.visible(user)
        .select_related("lab", "current_phase")
        .prefetch_related(Prefetch("phases", queryset=ProcessPhase.objects.order_by("position")))
        .order_by("pk")
    )


def _events(user: AccountOrAnonymous) -> QuerySet[Any]:
    return event_policy.visible(user).select_related("lab", "organising_lab", "room").order_by("pk")


def _methods(user: AccountOrAnonymous) -> QuerySet[Any]:
    return method_policy.visible(user).select_related("lab", "based_on").order_by("pk")


def _results(user: AccountOrAnonymous) -> QuerySet[Any]:
    return result_policy.visible(user).select_related("lab", "phase").order_by("pk")


def _handovers(user: AccountOrAnonymous) -> QuerySet[Any]:
    return handover_policy.visible(user).select_related("result__lab", "taker_organisation").order_by("pk")


def _indicators(user: AccountOrAnonymous) -> QuerySet[Any]:
    return (
        indicator_policy.visible(user)
        .select_related("lab")
        .prefetch_related(Prefetch("measurements", queryset=Measurement.objects.order_by("measured_on", "pk")))
        .order_by("pk")
    )


def _profiles(user: AccountOrAnonymous) -> QuerySet[Any]:
    return profile_policy.visible(user).select_related("lab").order_by("pk")


RESOURCES: tuple[Resource, ...] = (
    Resource(
        name="labs",
        title=_("Labs"),
        description=_("The municipal labs for social innovation on this platform, with their host and contact."),
        serializer_class=items.LabSerializer,
        queryset=_labs,
        lookup_field="slug",
        lab_path="",
        filterset_class=filters.LabFilter,
    ),
    Resource(
        name="challenges",
        title=_("Challenges"),
        description=_("The concrete questions the labs work on, published as open calls."),
        serializer_class=items.ChallengeSerializer,
        queryset=_challenges,
        filterset_class=filters.ChallengeFilter,
    ),
    Resource(
        name="processes",
        title=_("Lab processes"),
        description=_("The labs' collaborative work processes with their phases."),
        serializer_class=items.ProcessSerializer,
        queryset=_processes,
        filterset_class=filters.ProcessFilter,
    ),
    Resource(
        name="events",
        title=_("Events"),
        description=_("Workshops, trainings and other events of the labs and of the network of labs."),
        serializer_class=items.EventSerializer,
        queryset=_events,
        filterset_class=filters.EventFilter,
    ),
    Resource(
        name="methods",
        title=_("Methods"),
        description=_("The method library: the shared methods and the labs' own methods."),
        serializer_class=items.MethodSerializer,
        queryset=_methods,
        lookup_field="slug",
        filterset_class=filters.MethodFilter,
    ),
    Resource(
        name="results",
        title=_("Results"),
        description=_("What the lab processes produced: decisions, prototypes, reports and canvases."),
        serializer_class=items.ResultSerializer,
        queryset=_results,
        filterset_class=filters.ResultFilter,
    ),
    Resource(
        name="handovers",
        title=_("Handovers"),
        description=_("Who took a result over, in which form and with which commitments, and its status."),
        serializer_class=items.HandoverSerializer,
        queryset=_handovers,
        lab_path="result__lab",
        filterset_class=filters.HandoverFilter,
    ),
    Resource(
        name="indicators",
        title=_("Impact indicators"),
        description=_("Indicators of the processes and labs with baselines, targets and measured values."),
        serializer_class=items.IndicatorSerializer,
        queryset=_indicators,
        filterset_class=filters.IndicatorFilter,
    ),
    Resource(
        name="case-study-labs",
        title=_("Case-study labs"),
        description=_("Profiles of labs on one set of facets: the case studies of the library and the labs run here."),
        serializer_class=items.CaseStudyLabSerializer,
        queryset=_profiles,
        lookup_field="slug",
        filterset_class=filters.CaseStudyLabFilter,
    ),
)

_BY_NAME = {entry.name: entry for entry in RESOURCES}


def resource(name: str) -> Resource:
    """The resource called ``name``; KeyError for an unknown name."""
    return _BY_NAME[name]
