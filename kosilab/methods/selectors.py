"""Reads for the method library: what a person may see, the faceted search, a method's page."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import translation

from kosilab.accounts.types import Viewer
from kosilab.core.pagination import capped_count
from kosilab.labs.models import DEFAULT_PHASE_LABELS, Lab
from kosilab.labs.roles import staff_lab_ids
from kosilab.methods.models import LANGUAGES, TEXT_FIELDS, Method
from kosilab.methods.policies import method_policy

SEARCH_FIELDS = ("title", "summary", "goal", "steps")
SETTINGS = ("offline", "online")
MAX_SEARCH_WORDS = 8


def visible_methods(user: Viewer) -> QuerySet[Method]:
    """The shared library, methods of public labs, and the methods of the labs you work in."""
    return method_policy.visible(user)


def _language() -> str:
    language = (translation.get_language() or "de")[:2]
    return language if language in LANGUAGES else "de"


def title_order() -> tuple[str, str]:
    """The order of the library: the title in the reader's language (the other one where it is
    missing), then the id; an index on each (``Method.sort_title_de`` / ``_en``)."""
    return (f"sort_title_{_language()}", "id")


def by_title(methods: QuerySet[Method]) -> QuerySet[Method]:
    return methods.order_by(*title_order())


def phase_q(key: str) -> Q:
    """Methods that suit the phase ``key``: the JSON list's text contains ``"key"`` (works on SQLite and PostgreSQL)."""
    return Q(phases__icontains=f'"{key}"')


def search_q(query: str) -> Q:
    """Every word in the title, summary, goal or steps, in either language."""
    condition = Q()
    for word in query.split()[:MAX_SEARCH_WORDS]:
        any_field = Q()
        for name in SEARCH_FIELDS:
            for code in LANGUAGES:
                any_field |= Q(**{f"{name}_{code}__icontains": word})
        condition &= any_field
    return condition


@dataclass
class MethodFilters:
    phases: tuple[str, ...] = ()
    participants: int | None = None
    minutes: int | None = None
    setting: str = ""
    max_difficulty: int | None = None
    origin: str = ""  # "" all, "shared", or a lab's slug
    query: str = ""

    def phases_q(self) -> Q:
        condition = Q()
        for key in self.phases:
            condition |= phase_q(key)
        return condition

    def setting_q(self) -> Q:
        return Q(**{self.setting: True}) if self.setting in SETTINGS else Q()

    def other_q(self) -> Q:
        """Every filter except phase and setting (those two are the facets)."""
        condition = Q()
        if self.participants is not None:
            condition &= Q(group_min__lte=self.participants, group_max__gte=self.participants)
        if self.minutes is not None:
            condition &= Q(duration_min__lte=self.minutes)
        if self.max_difficulty is not None:
            condition &= Q(difficulty__lte=self.max_difficulty)
        if self.origin == "shared":
            condition &= Q(lab__isnull=True)
        elif self.origin:
            condition &= Q(lab__slug=self.origin)
        if self.query.strip():
            condition &= search_q(self.query)
        return condition


def method_list(user: Viewer, filters: MethodFilters) -> QuerySet[Method]:
    methods = visible_methods(user).filter(filters.other_q() & filters.phases_q() & filters.setting_q())
    return by_title(methods.select_related("lab"))


def facet_counts(user: Viewer, filters: MethodFilters) -> dict[str, int] | None:
    """How many methods each phase and each setting would give, with the other filters applied.

    A facet's count ignores the choice in its own facet (ticking a second phase adds methods), but
    follows the other facet. One aggregate query: ``{"phase:<key>": n, "setting:<key>": n}``; but
    None (no counts) when more than ``COUNT_CAP`` methods are left by the other filters, so that
    the counting never reads more than that many methods, however large the library grows.
    """
    matching = visible_methods(user).filter(filters.other_q())
    if capped_count(matching)[1]:
        return None
    phases, setting = filters.phases_q(), filters.setting_q()
    aggregates = {f"phase:{key}": Count("pk", filter=phase_q(key) & setting) for key in DEFAULT_PHASE_LABELS}
    aggregates |= {f"setting:{key}": Count("pk", filter=Q(**{key: True}) & phases) for key in SETTINGS}
    return matching.aggregate(**aggregates)


def labs_with_methods(user: Viewer) -> list[tuple[str, str]]:
    """(slug, name) of the labs whose own methods you can see, for the "whose methods" filter."""
    labs = Lab.objects.filter(pk__in=visible_methods(user).filter(lab__isnull=False).values("lab_id"))
    return list(labs.order_by("name", "pk").values_list("slug", "name"))


def method_detail_queryset() -> QuerySet[Method]:
    return Method.objects.select_related("lab", "based_on", "based_on__lab")


def adaptations(user: Viewer, method: Method) -> QuerySet[Method]:
    return by_title(visible_methods(user).filter(based_on=method).select_related("lab"))


@dataclass
class TextSection:
    field: str
    value: str
    lines: list[str]
    language: str  # the language the text is in
    fallback: bool  # not in the reader's language


def texts(method: Method) -> dict[str, TextSection]:
    """Each text of a method in the reader's language, or in the other one (``fallback``)."""
    language = _language()
    sections = {}
    for name in TEXT_FIELDS:
        own = getattr(method, f"{name}_{language}")
        value = method.text(name, language)
        shown_in = language if own else next(code for code in LANGUAGES if code != language)
        sections[name] = TextSection(
            field=name,
            value=value,
            lines=method.lines(name, language),
            language=shown_in,
            fallback=bool(value) and not own,
        )
    return sections


def staff_labs(user: Viewer) -> list[Lab]:
    """The labs you work in, for "add a method" and "adapt a copy" (platform admins: also only theirs)."""
    ids = staff_lab_ids(user)
    if not ids:
        return []
    return list(Lab.objects.filter(pk__in=ids).order_by("name", "pk"))


def recommendation_candidates(user: Viewer, lab: Lab | None = None) -> QuerySet[Method]:
    """The shared library, the methods of the labs you work in, and ``lab``'s methods if you see them."""
    condition = Q(lab__isnull=True) | Q(lab_id__in=staff_lab_ids(user))
    if lab is not None:
        condition |= Q(lab=lab)
    return visible_methods(user).filter(condition).select_related("lab")
