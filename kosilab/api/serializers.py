"""What one item of each resource looks like in the API (JSON).

Only what the web pages show to the same reader: no e-mail addresses of people, no attendee names,
no online meeting link of an event (the web shows it to confirmed attendees only). Related objects
appear by their public key (a lab's slug, a process's id), never nested beyond the children a page
shows with the object (a process's phases, an indicator's measurements), so each list needs a
fixed number of queries (``resources.py`` names the ``select_related``/``prefetch_related``).
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from kosilab.challenges.models import Challenge
from kosilab.continuation.models import Handover
from kosilab.events.models import Event
from kosilab.impact.models import Indicator, Measurement
from kosilab.knowledge.models import LabProfile
from kosilab.labs.models import Lab
from kosilab.methods.models import Method
from kosilab.processes.models import Process, ProcessPhase
from kosilab.results.models import Result


def slug_of(*, null: bool = False, slug_field: str = "slug") -> serializers.SlugRelatedField[Any]:
    """A related object by its slug (a lab, a method) or key (a phase)."""
    return serializers.SlugRelatedField(slug_field=slug_field, read_only=True, allow_null=null)


def key_of(*, null: bool = False) -> serializers.PrimaryKeyRelatedField[Any]:
    """A related object by its id (a process, a result)."""
    return serializers.PrimaryKeyRelatedField(read_only=True, allow_null=null)


class LabSerializer(serializers.ModelSerializer[Lab]):
    host = serializers.CharField(source="host.name", read_only=True, allow_null=True, default=None)

    class Meta:
        model = Lab
        fields = [
            "slug",
            "name",
            "city",
            "host",
            "focus",
            "description",
            "founded",
            "address",
            "latitude",
            "longitude",
            "contact_name",
            "contact_email",
            "contact_phone",
            "website",
            "created_at",
            "updated_at",
        ]


class ChallengeSerializer(serializers.ModelSerializer[Challenge]):
    lab = slug_of()
    wanted_sectors = serializers.SerializerMethodField()

    class Meta:
        model = Challenge
        fields = [
            "id",
            "lab",
            "title",
            "summary",
            "context",
            "goals",
            "status",
            "starts_on",
            "ends_on",
            "contributions_open",
            "wanted_sectors",
            "created_at",
            "updated_at",
        ]

    def get_wanted_sectors(self, challenge: Challenge) -> list[str]:
        return sorted(wanted.sector for wanted in challenge.wanted_sectors.all())


class PhaseSerializer(serializers.ModelSerializer[ProcessPhase]):
    name = serializers.CharField(source="label", read_only=True)

    class Meta:
        model = ProcessPhase
        fields = ["position", "key", "name", "started_at", "ended_at"]


class ProcessSerializer(serializers.ModelSerializer[Process]):
    lab = slug_of()
    challenge = key_of(null=True)
    current_phase = slug_of(null=True, slug_field="key")
    phases = PhaseSerializer(many=True, read_only=True)

    class Meta:
        model = Process
        fields = [
            "id",
            "lab",
            "challenge",
            "title",
            "summary",
            "status",
            "visibility",
            "started_on",
            "current_phase",
            "phases",
            "created_at",
            "updated_at",
        ]


class EventSerializer(serializers.ModelSerializer[Event]):
    lab = slug_of(null=True)
    organising_lab = slug_of(null=True)
    process = key_of(null=True)
    room = serializers.CharField(source="room.name", read_only=True, allow_null=True, default=None)
    online = serializers.SerializerMethodField()
    seats_free = serializers.SerializerMethodField()

    class Meta:
        model = Event
        fields = [
            "id",
            "uid",
            "lab",
            "organising_lab",
            "kind",
            "title",
            "description",
            "status",
            "starts_at",
            "ends_at",
            "room",
            "address",
            "latitude",
            "longitude",
            "online",
            "capacity",
            "seats_free",
            "registration_closes_at",
            "organiser",
            "process",
            "created_at",
            "updated_at",
        ]

    def get_online(self, event: Event) -> bool:
        """Whether the event takes place online (the link itself is for confirmed attendees)."""
        return bool(event.online_url)

    def get_seats_free(self, event: Event) -> int:
        return max(0, event.capacity - event.seats_taken)


class MethodSerializer(serializers.ModelSerializer[Method]):
    lab = slug_of(null=True)
    based_on = slug_of(null=True)

    class Meta:
        model = Method
        fields = [
            "slug",
            "lab",
            "based_on",
            "title_de",
            "title_en",
            "summary_de",
            "summary_en",
            "goal_de",
            "goal_en",
            "preparation_de",
            "preparation_en",
            "materials_de",
            "materials_en",
            "steps_de",
            "steps_en",
            "tips_de",
            "tips_en",
            "sources",
            "phases",
            "group_min",
            "group_max",
            "duration_min",
            "duration_max",
            "offline",
            "online",
            "difficulty",
            "created_at",
            "updated_at",
        ]


class ResultSerializer(serializers.ModelSerializer[Result]):
    lab = slug_of()
    process = key_of()
    phase = slug_of(null=True, slug_field="key")

    class Meta:
        model = Result
        fields = [
            "id",
            "lab",
            "process",
            "phase",
            "kind",
            "title",
            "summary",
            "visibility",
            "canvas",
            "created_at",
            "updated_at",
        ]


class HandoverSerializer(serializers.ModelSerializer[Handover]):
    result = key_of()
    lab = serializers.CharField(source="result.lab.slug", read_only=True)
    taker = serializers.CharField(read_only=True)

    class Meta:
        model = Handover
        fields = [
            "id",
            "result",
            "lab",
            "taker_kind",
            "taker",
            "form",
            "funding",
            "decision",
            "decision_on",
            "commitments",
            "status",
            "status_since",
            "ended_reason",
            "created_at",
            "updated_at",
        ]


class MeasurementSerializer(serializers.ModelSerializer[Measurement]):
    class Meta:
        model = Measurement
        fields = ["measured_on", "value", "source", "note"]


class IndicatorSerializer(serializers.ModelSerializer[Indicator]):
    lab = slug_of()
    process = key_of(null=True)
    measurements = MeasurementSerializer(many=True, read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "lab",
            "process",
            "name",
            "unit",
            "level",
            "description",
            "baseline",
            "target",
            "target_date",
            "sdg",
            "measurements",
            "created_at",
            "updated_at",
        ]


class CaseStudyLabSerializer(serializers.ModelSerializer[LabProfile]):
    lab = slug_of(null=True)
    is_case_study = serializers.BooleanField(read_only=True)

    class Meta:
        model = LabProfile
        fields = [
            "slug",
            "lab",
            "is_case_study",
            "name",
            "city",
            "country",
            "website",
            "summary_de",
            "summary_en",
            "founded",
            "ended",
            "status",
            "end_mode",
            "end_reasons",
            "stage",
            "positions",
            "host_types",
            "levels",
            "term_bound",
            "autonomy",
            "funding",
            "team_size",
            "has_space",
            "purposes",
            "method_families",
            "themes",
            "sectors",
            "version",
            "created_at",
            "updated_at",
        ]


def fields_of(serializer_class: type[serializers.Serializer[Any]]) -> list[str]:
    """The keys of one item, in order (for the contract tests and the open-data dump)."""
    return list(serializer_class().fields)
