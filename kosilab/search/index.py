"""What each kind of object puts into the search index, and the index on both databases.

A :class:`Kind` names a model of a domain app (by its label, so that a data migration can use the
historical model), the kind's label as readers see it on the badge of a hit, how to build the
entry of one object, and the visibility policy that says who may see it. The entry's text holds
both languages in each column, the column's own first (as the lab library's search does,
``kosilab/knowledge/search.py``): a German word finds an object written only in English, and each
column is stemmed in its own language on PostgreSQL.

The builders read plain fields and the translations' JSON column only, so that they work on the
historical models of a migration too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from kosilab.core.content_languages import content_languages, text_in
from kosilab.core.fulltext import FullText
from kosilab.core.visibility import VisibilityPolicy

ENTRY_SEARCH = FullText("search_entry", (("search_de", "german"), ("search_en", "english")), name="search_entry")
LANGUAGES = ("de", "en")
SUMMARY_LENGTH = 240
TITLE_LENGTH = 300

# What a builder returns: the entry's fields, or None when the object is not to be found at all.
EntryData = dict[str, str]


@dataclass(frozen=True)
class Kind:
    key: str
    label: Promise
    model: str  # "app_label.ModelName"
    build: Callable[[Any], EntryData | None]
    policy: str  # dotted path of the app's VisibilityPolicy; "": everybody sees every object of the kind

    def visibility(self) -> VisibilityPolicy[Any] | None:
        """The kind's policy (imported when first asked: the apps are above search in the layers)."""
        return import_string(self.policy) if self.policy else None


def _cut(text: str, length: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _texts(obj: Any, fields: tuple[str, ...], language: str) -> list[str]:
    return [text_in(obj, field, language) for field in fields]


def _search(pieces: dict[str, list[str]], common: list[str]) -> dict[str, str]:
    """``search_de``/``search_en``: the common words, the column's language, then every other language."""
    result = {}
    for language in LANGUAGES:
        ordered = [*common, *pieces.get(language, [])]
        for other, texts in pieces.items():
            if other != language:
                ordered += texts
        result[f"search_{language}"] = "\n".join(piece for piece in ordered if piece and piece.strip())
    return result


def _translated(
    obj: Any,
    url: str,
    *,
    title: str,
    summary: str,
    fields: tuple[str, ...],
    common: tuple[str, ...] = (),
) -> EntryData:
    """The entry of a model whose texts django-modeltrans translates (docs/content-languages.md)."""
    pieces = {language: _texts(obj, fields, language) for language in content_languages()}
    extra = [str(getattr(obj, name) or "") for name in common]
    return {
        "title_de": _cut(text_in(obj, title, "de"), TITLE_LENGTH),
        "title_en": _cut(text_in(obj, title, "en"), TITLE_LENGTH),
        "summary_de": _cut(text_in(obj, summary, "de"), SUMMARY_LENGTH),
        "summary_en": _cut(text_in(obj, summary, "en"), SUMMARY_LENGTH),
        "url": url,
        **_search(pieces, extra),
    }


def _neutral(obj: Any, url: str, *, title: str, summary: str, fields: tuple[str, ...]) -> EntryData:
    """The entry of an object written in one unknown language (a name, an idea): the same in both."""
    texts = [str(getattr(obj, field) or "") for field in fields]
    return {
        "title_de": _cut(str(getattr(obj, title) or ""), TITLE_LENGTH),
        "title_en": _cut(str(getattr(obj, title) or ""), TITLE_LENGTH),
        "summary_de": _cut(str(getattr(obj, summary) or ""), SUMMARY_LENGTH),
        "summary_en": _cut(str(getattr(obj, summary) or ""), SUMMARY_LENGTH),
        "url": url,
        **_search({}, texts),
    }


def build_lab(lab: Any) -> EntryData:
    entry = _translated(
        lab,
        reverse("labs:detail", args=[lab.slug]),
        title="name",
        summary="focus",
        fields=("focus", "description"),
        common=("name", "city"),
    )
    entry["title_en"] = entry["title_de"]  # a proper name, the same in every language
    return entry


def build_challenge(challenge: Any) -> EntryData:
    return _translated(
        challenge,
        reverse("challenges:detail", args=[challenge.pk]),
        title="title",
        summary="summary",
        fields=("title", "summary", "context", "goals"),
    )


def build_process(process: Any) -> EntryData:
    return _translated(
        process,
        reverse("processes:detail", args=[process.pk]),
        title="title",
        summary="summary",
        fields=("title", "summary"),
    )


def build_event(event: Any) -> EntryData:
    return _translated(
        event,
        reverse("events:detail", args=[event.pk]),
        title="title",
        summary="description",
        fields=("title", "description"),
    )


def build_result(result: Any) -> EntryData:
    return _translated(
        result,
        reverse("results:detail", args=[result.pk]),
        title="title",
        summary="summary",
        fields=("title", "summary"),
    )


METHOD_TEXTS = ("title", "summary", "goal", "preparation", "materials", "steps", "tips")


def build_method(method: Any) -> EntryData:
    pieces = {
        language: [str(getattr(method, f"{field}_{language}") or "") for field in METHOD_TEXTS]
        for language in LANGUAGES
    }
    return {
        "title_de": _cut(method.title_de, TITLE_LENGTH),
        "title_en": _cut(method.title_en, TITLE_LENGTH),
        "summary_de": _cut(method.summary_de, SUMMARY_LENGTH),
        "summary_en": _cut(method.summary_en, SUMMARY_LENGTH),
        "url": reverse("methods:detail", args=[method.slug]),
        **_search(pieces, []),
    }


def build_idea(idea: Any) -> EntryData | None:
    if idea.deleted or idea.hidden:
        return None  # withdrawn by its author or hidden by the lab: not worth finding
    return _neutral(
        idea,
        reverse("cocreation:detail", args=[idea.pk]),
        title="title",
        summary="text",
        fields=("title", "text", "address", "official_answer"),
    )


def build_organisation(organisation: Any) -> EntryData:
    return _neutral(
        organisation,
        reverse("actors:organisation_detail", args=[organisation.pk]),
        title="name",
        summary="description",
        fields=("name", "city", "description"),
    )


def build_profile(profile: Any) -> EntryData:
    from kosilab.knowledge.search import profile_search_text

    search = profile_search_text(profile)
    return {
        "title_de": _cut(profile.name, TITLE_LENGTH),
        "title_en": _cut(profile.name, TITLE_LENGTH),
        "summary_de": _cut(profile.summary_de, SUMMARY_LENGTH),
        "summary_en": _cut(profile.summary_en, SUMMARY_LENGTH),
        "url": reverse("knowledge:profile", args=[profile.slug]),
        "search_de": search["search_de"],
        "search_en": search["search_en"],
    }


KINDS: tuple[Kind, ...] = (
    Kind("lab", _("Lab"), "labs.Lab", build_lab, "kosilab.labs.policies.lab_policy"),
    Kind(
        "challenge",
        _("Challenge"),
        "challenges.Challenge",
        build_challenge,
        "kosilab.challenges.policies.challenge_policy",
    ),
    Kind("process", _("Lab process"), "processes.Process", build_process, "kosilab.processes.policies.process_policy"),
    Kind("event", _("Event"), "events.Event", build_event, "kosilab.events.policies.event_policy"),
    Kind("method", _("Method"), "methods.Method", build_method, "kosilab.methods.policies.method_policy"),
    Kind("idea", _("Idea"), "cocreation.Idea", build_idea, "kosilab.cocreation.policies.idea_policy"),
    Kind("result", _("Result"), "results.Result", build_result, "kosilab.results.policies.result_policy"),
    # Organisations are seen by everybody ("actors.view_organisation_public" in actors/rules.py).
    Kind("organisation", _("Organisation"), "actors.Organisation", build_organisation, ""),
    Kind(
        "profile", _("Lab library"), "knowledge.LabProfile", build_profile, "kosilab.knowledge.policies.profile_policy"
    ),
)
KINDS_BY_KEY = {kind.key: kind for kind in KINDS}
KINDS_BY_MODEL = {kind.model: kind for kind in KINDS}


def ensure_search_index(sender: object, using: str = "default", **kwargs: Any) -> None:
    """After ``migrate``: put back the SQLite triggers that a table rebuild dropped (core/fulltext.py)."""
    from django.db import connections

    ENTRY_SEARCH.ensure(connections[using])
