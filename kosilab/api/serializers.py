"""What one item of each resource looks like in the API (JSON).

Only what the web pages show to the same reader: no e-mail addresses of people, no attendee names,
no online meeting link of an event (the web shows it to confirmed attendees only). Related objects
appear by their public key (a lab's slug, a process's id), never nested beyond the children a page
shows with the object (a process's phases, an indicator's measurements), so each list needs a
fixed number of queries (``resources.py`` names the ``select_related``/``prefetch_related``).

Texts written in more than one language (a lab's description, a challenge's title: see
``kosilab/core/content_languages.py``) keep their fields as written in the installation's language
(German); ``translations`` adds what is written in each further language (:class:`TranslationsField`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import models
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise
from drf_spectacular.utils import extend_schema_field
from modeltrans.utils import build_localized_fieldname
from rest_framework import serializers

from kosilab.challenges.models import Challenge, ChallengeStatus
from kosilab.continuation.models import Handover, HandoverStatus
from kosilab.core import content_languages
from kosilab.core.sectors import Sector
from kosilab.events.models import Event, EventKind, EventStatus
from kosilab.impact.models import Indicator, Level, Measurement
from kosilab.knowledge.facets import AUTONOMY, FACETS, STATUSES, Facet
from kosilab.knowledge.models import LabProfile
from kosilab.labs.models import DEFAULT_PHASES, Lab
from kosilab.methods.models import Difficulty, Method
from kosilab.processes.models import Process, ProcessPhase, ProcessStatus, ProcessVisibility
from kosilab.results.models import Result, ResultKind, ResultVisibility

# Every field says what its value is (``help_text``): the API's documentation shows it, and the open
# data's table schemas take it as the column's description (``kosilab/opendata/package.py``). A field
# taken from a model whose name says it all ("Title", "Founded (year)") keeps the model's label.


def slug_of(
    help_text: StrOrPromise, *, null: bool = False, slug_field: str = "slug"
) -> serializers.SlugRelatedField[Any]:
    """A related object by its slug (a lab, a method) or key (a phase), with what it is."""
    return serializers.SlugRelatedField(slug_field=slug_field, read_only=True, allow_null=null, help_text=help_text)


def key_of(help_text: StrOrPromise, *, null: bool = False) -> serializers.PrimaryKeyRelatedField[Any]:
    """A related object by its id (a process, a result), with what it is."""
    return serializers.PrimaryKeyRelatedField(read_only=True, allow_null=null, help_text=help_text)


def _one_of(text: StrOrPromise, choices: Sequence[tuple[Any, StrOrPromise]]) -> str:
    values = []
    for value, label in choices:
        code, name = str(value), str(label)
        same = name.casefold() == code.replace("_", " ").casefold()
        values.append(code if same else f"{code} = {name}")
    return f"{text}: {'; '.join(values)}"


# A description that lists the values a field takes, with their meaning in the reader's language:
# "The state of the challenge: draft = Entwurf; open = Offen; …" (the meaning is left out where it
# only repeats the value). Lazy, like the texts it joins.
one_of = lazy(_one_of, str)


def _list_of(facet: Facet) -> str:
    return _one_of(gettext("%(facet)s, as a list of codes") % {"facet": facet.label}, facet.choices)


# A facet of the case studies that holds a list of keys (``knowledge/facets.py``), with its vocabulary.
list_of = lazy(_list_of, str)

LAB = _("The slug of the lab (see labs)")


# {"en": {"title": "…", "summary": "…"}}: per further language, the translated fields written in it.
Translations = dict[str, dict[str, str]]


def _texts_written_in(language: str) -> str:
    return gettext("The texts written in %(language)s") % {"language": content_languages.language_name(language)}


_written_in = lazy(_texts_written_in, str)


class TranslationsField(serializers.Field[Any, Any, Translations, models.Model]):
    """An object's texts in the further content languages, read only (the API only reads):
    ``{"en": {"title": "…"}}``, one key per language that has at least one text, with only the fields
    written in it. The object's own fields stay as written in the installation's language.

    The fields are the translated fields of the serializer's model; its schema is a component of
    its own per model (``ResultTranslations``), declared when the field is bound (languages are
    settings, not read at import) with lazy texts, so each language's schema reads in its own
    language. ``flat_columns`` spreads it over one table column per language
    and field (``title_en``) for the open data's CSV (``kosilab/opendata/package.py``)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Translations"))
        kwargs.setdefault(
            "help_text",
            _(
                "The texts written in further languages: per language code, the fields that have a "
                "translation. The other fields hold the texts in the installation's language."
            ),
        )
        super().__init__(read_only=True, source="*", **kwargs)

    @property
    def model(self) -> type[models.Model]:
        model: type[models.Model] = self.parent.Meta.model  # type: ignore[attr-defined]
        return model

    @property
    def translated(self) -> tuple[str, ...]:
        return content_languages.translated_fields(self.model)

    def bind(self, field_name: str, parent: serializers.BaseSerializer[Any]) -> None:
        super().bind(field_name, parent)
        # The decorator is typed for classes and methods; drf-spectacular reads its mark from the
        # field it documents, so it marks this bound field alike.
        mark = extend_schema_field(self.schema(), component_name=f"{self.model.__name__}Translations")
        mark(self)  # type: ignore[type-var]

    def _label(self, name: str) -> Any:
        field = self.model._meta.get_field(name)
        assert isinstance(field, models.Field)
        return field.verbose_name

    def schema(self) -> dict[str, Any]:
        """The OpenAPI schema: an object per further language, with a text per translated field.
        Its texts are lazy: the schema is made per language, from serializers that may be bound once."""
        texts = {name: {"type": "string", "description": self._label(name)} for name in self.translated}
        return {
            "type": "object",
            "properties": {
                language: {"type": "object", "description": _written_in(language), "properties": texts}
                for language in content_languages.further_languages()
            },
        }

    def to_representation(self, value: models.Model) -> Translations:
        translations: Translations = {}
        for language in content_languages.further_languages():
            texts = {}
            for name in self.translated:
                text = content_languages.text_in(value, name, language)
                if text:
                    texts[name] = text
            if texts:
                translations[language] = texts
        return translations

    def flat_columns(self) -> list[tuple[str, tuple[str, ...], str]]:
        """One table column per further language and translated field: (name, path in the item,
        description), e.g. ("title_en", ("translations", "en", "title"), "Titel (Englisch)")."""
        assert self.field_name is not None
        columns: list[tuple[str, tuple[str, ...], str]] = []
        for language in content_languages.further_languages():
            for name in self.translated:
                description = gettext("%(field)s (%(language)s)") % {
                    "field": self._label(name),
                    "language": content_languages.language_name(language),
                }
                column = build_localized_fieldname(name, language)
                columns.append((column, (self.field_name, language, name), description))
        return columns


class LabSerializer(serializers.ModelSerializer[Lab]):
    host = serializers.CharField(
        source="host.name",
        read_only=True,
        allow_null=True,
        default=None,
        help_text=_("The name of the lab's host organisation"),
    )
    translations = TranslationsField()

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
            "translations",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {
            "name": {"help_text": _("The lab's name")},
            "website": {"help_text": _("The address of the lab's website")},
        }


class ChallengeSerializer(serializers.ModelSerializer[Challenge]):
    lab = slug_of(LAB)
    wanted_sectors = serializers.SerializerMethodField(
        help_text=one_of(_("The sectors the challenge seeks partners from, as a list"), Sector.choices)
    )
    translations = TranslationsField()

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
            "translations",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {"status": {"help_text": one_of(_("The state of the challenge"), ChallengeStatus.choices)}}

    def get_wanted_sectors(self, challenge: Challenge) -> list[str]:
        return sorted(wanted.sector for wanted in challenge.wanted_sectors.all())


class PhaseSerializer(serializers.ModelSerializer[ProcessPhase]):
    name = serializers.CharField(source="label", read_only=True, help_text=_("The phase's name"))

    class Meta:
        model = ProcessPhase
        fields = ["position", "key", "name", "started_at", "ended_at"]
        extra_kwargs = {
            "position": {"help_text": _("The phase's place in the process, counted from 1")},
            "key": {"help_text": _("The phase's key; a process's current_phase and a result's phase refer to it")},
        }


class ProcessSerializer(serializers.ModelSerializer[Process]):
    lab = slug_of(LAB)
    challenge = key_of(_("The id of the challenge the process works on (see challenges); empty if none"), null=True)
    current_phase = slug_of(
        _("The key of the phase the process is in (see phases); empty if none"), null=True, slug_field="key"
    )
    phases = PhaseSerializer(many=True, read_only=True, help_text=_("The phases of the process, in their order"))
    translations = TranslationsField()

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
            "translations",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {
            "status": {"help_text": one_of(_("The state of the process"), ProcessStatus.choices)},
            "visibility": {"help_text": one_of(_("Who may see the process"), ProcessVisibility.choices)},
        }


class EventSerializer(serializers.ModelSerializer[Event]):
    lab = slug_of(_("The slug of the lab (see labs); empty for an event of the whole network"), null=True)
    organising_lab = slug_of(
        _("The slug of the lab that organises an event of the network (see labs); empty for a lab's own event"),
        null=True,
    )
    process = key_of(_("The id of the lab process the event belongs to (see processes); empty if none"), null=True)
    room = serializers.CharField(
        source="room.name",
        read_only=True,
        allow_null=True,
        default=None,
        help_text=_("The name of the room the event takes place in; empty if none"),
    )
    online = serializers.SerializerMethodField(
        help_text=_("Whether the event takes place online (the link is for confirmed attendees only)")
    )
    seats_free = serializers.SerializerMethodField(help_text=_("Seats still free"))
    translations = TranslationsField()

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
            "translations",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {
            "uid": {"help_text": _("The event's stable calendar UID (iCalendar UID)")},
            "kind": {"help_text": one_of(_("The type of event"), EventKind.choices)},
            "status": {"help_text": one_of(_("The state of the event"), EventStatus.choices)},
            "capacity": {"help_text": _("The number of seats")},
        }

    def get_online(self, event: Event) -> bool:
        """Whether the event takes place online (the link itself is for confirmed attendees)."""
        return bool(event.online_url)

    def get_seats_free(self, event: Event) -> int:
        return max(0, event.capacity - event.seats_taken)


class MethodSerializer(serializers.ModelSerializer[Method]):
    lab = slug_of(_("The slug of the lab that added the method (see labs); empty for the shared library"), null=True)
    based_on = slug_of(_("The slug of the method this one is adapted from (see methods); empty if none"), null=True)

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
        extra_kwargs = {
            "phases": {
                "help_text": one_of(_("The phases of a lab process the method suits, as a list"), DEFAULT_PHASES)
            },
            "difficulty": {"help_text": one_of(_("How demanding the method is"), Difficulty.choices)},
        }


class ResultSerializer(serializers.ModelSerializer[Result]):
    lab = slug_of(LAB)
    process = key_of(_("The id of the lab process the result comes from (see processes)"))
    phase = slug_of(
        _("The key of the process phase the result belongs to (see phases); empty if none"), null=True, slug_field="key"
    )
    translations = TranslationsField()

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
            "translations",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {
            "kind": {"help_text": one_of(_("The kind of result"), ResultKind.choices)},
            "visibility": {"help_text": one_of(_("Who may see the result"), ResultVisibility.choices)},
            "canvas": {
                "help_text": _(
                    "The filled-in fields of a Business Model Canvas or Theory of Change, as an object of "
                    "field key and text; empty for other kinds"
                )
            },
        }


class HandoverSerializer(serializers.ModelSerializer[Handover]):
    result = key_of(_("The id of the result that is handed over (see results)"))
    lab = serializers.CharField(
        source="result.lab.slug", read_only=True, help_text=_("The slug of the lab of the result (see labs)")
    )
    taker = serializers.CharField(
        read_only=True, help_text=_("The name of the organisation or unit that takes the result over")
    )

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
        extra_kwargs = {
            "funding": {"help_text": _("How the continuation is funded")},
            "commitments": {"help_text": _("What the parties have committed to for the continuation")},
            "status": {"help_text": one_of(_("The state of the handover"), HandoverStatus.choices)},
        }


class MeasurementSerializer(serializers.ModelSerializer[Measurement]):
    class Meta:
        model = Measurement
        fields = ["measured_on", "value", "source", "note"]
        extra_kwargs = {"value": {"help_text": _("The measured value, in the indicator's unit")}}


class IndicatorSerializer(serializers.ModelSerializer[Indicator]):
    lab = slug_of(LAB)
    process = key_of(
        _("The id of the lab process the indicator measures (see processes); empty for the whole lab"), null=True
    )
    measurements = MeasurementSerializer(
        many=True, read_only=True, help_text=_("The values measured so far, oldest first")
    )

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
        extra_kwargs = {
            "name": {"help_text": _("The indicator's name")},
            "level": {"help_text": one_of(_("The step of the impact chain the indicator measures"), Level.choices)},
            "baseline": {"help_text": _("The value before the lab's work, in the indicator's unit")},
            "target": {"help_text": _("The value aimed for by the target date, in the indicator's unit")},
        }


class CaseStudyLabSerializer(serializers.ModelSerializer[LabProfile]):
    lab = slug_of(
        _("The slug of the lab on this platform that the profile describes (see labs); empty for a case study"),
        null=True,
    )
    is_case_study = serializers.BooleanField(
        read_only=True, help_text=_("Whether the profile is a case study of the library (not a lab on this platform)")
    )

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
        extra_kwargs = {
            "name": {"help_text": _("The lab's name")},
            "website": {"help_text": _("The address of the lab's website")},
            "status": {"help_text": one_of(_("Whether the lab is still active"), STATUSES)},
            "autonomy": {"help_text": one_of(_("How freely the lab decides on its work"), AUTONOMY)},
            "version": {"help_text": _("The number of the profile's version, counted up with every change")},
            **{facet.field: {"help_text": list_of(facet)} for facet in FACETS if facet.multiple},
        }


def fields_of(serializer_class: type[serializers.Serializer[Any]]) -> list[str]:
    """The keys of one item, in order (for the contract tests and the open-data dump)."""
    return list(serializer_class().fields)
