"""The search across the apps (docs/search.md): ranked candidates from the index, narrowed to what
the reader may see by each kind's own visibility policy (one query per kind among the candidates,
never one per hit), so the index holds no rule of who may see what."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.apps import apps

from kosilab.core.content_languages import Localised, reader_language
from kosilab.core.fulltext import RANK, words
from kosilab.core.roles import is_platform_admin
from kosilab.core.types import AccountOrAnonymous
from kosilab.search.index import ENTRY_SEARCH, KINDS, KINDS_BY_KEY
from kosilab.search.models import Entry

# The best matches looked at (before the reader's visibility is applied), and the hits shown at most.
CANDIDATES = 500
MAX_HITS = 100
MAX_QUERY_LENGTH = 200


@dataclass(frozen=True)
class Hit:
    kind: str
    kind_label: str
    title: Localised
    summary: Localised
    url: str


@dataclass
class Found:
    """What a reader finds: the visible hits' entry ids in rank order (at most ``MAX_HITS``), whether
    there were more, and the visible hits per kind (among the ``CANDIDATES`` best; with a kind
    chosen, of that kind only)."""

    ids: list[int] = field(default_factory=list)
    capped: bool = False
    per_kind: dict[str, int] = field(default_factory=dict)


def visible_ids(user: AccountOrAnonymous, candidates: list[tuple[int, str, int]]) -> set[int]:
    """The entry ids among ``candidates`` (entry id, kind, object id) whose objects ``user`` may see:
    one query per kind present, with that kind's visibility policy."""
    if is_platform_admin(user):
        return {entry_id for entry_id, _kind, _object_id in candidates}
    by_kind: dict[str, dict[int, int]] = {}
    for entry_id, kind, object_id in candidates:
        by_kind.setdefault(kind, {})[object_id] = entry_id
    visible = set()
    for key, objects in by_kind.items():
        searched = KINDS_BY_KEY.get(key)
        if searched is None:
            continue
        policy = searched.visibility()
        if policy is None:
            seen = set(objects)
        else:
            model = apps.get_model(searched.model)
            rows = policy.visible(user, model._default_manager.filter(pk__in=list(objects)))
            seen = set(rows.values_list("pk", flat=True))
        visible |= {entry_id for object_id, entry_id in objects.items() if object_id in seen}
    return visible


def search(user: AccountOrAnonymous, query: str, *, kind: str = "") -> Found:
    """The hits of ``query`` that ``user`` may see, best first; ``kind`` keeps one kind of hits."""
    if not words(query):
        return Found()
    # One kind: its best candidates, not those of the kind among the best of all kinds.
    entries = Entry.objects.filter(kind=kind) if kind else Entry.objects.all()
    # Ranked by the column of the reader's language (each column holds every language, stemmed in
    # its own): half the cost of ranking both on PostgreSQL.
    column = "search_en" if reader_language() == "en" else "search_de"
    ranked = ENTRY_SEARCH.search(entries, query, rank_columns=(column,)).order_by(f"-{RANK}", "pk")
    candidates = list(ranked.values_list("pk", "kind", "object_id")[:CANDIDATES])
    visible = visible_ids(user, candidates)
    in_order = [(entry_id, entry_kind) for entry_id, entry_kind, _object_id in candidates if entry_id in visible]
    per_kind = Counter(entry_kind for _entry_id, entry_kind in in_order)
    chosen = [entry_id for entry_id, _entry_kind in in_order]
    return Found(
        ids=chosen[:MAX_HITS],
        # Only the visible hits say whether there were more: that the candidates ran out says
        # nothing the reader may know (they may be hidden from them).
        capped=len(chosen) > MAX_HITS,
        per_kind={key.key: per_kind[key.key] for key in KINDS if per_kind[key.key]},
    )


def hits(ids: list[int], language: str | None = None) -> list[Hit]:
    """The hits of one page (entry ids in rank order), in the reader's language: one query."""
    wanted = language or reader_language()
    other = "en" if wanted == "de" else "de"
    entries = Entry.objects.in_bulk(ids)
    result = []
    for entry_id in ids:
        entry = entries.get(entry_id)
        if entry is None:
            continue  # removed since the search
        kind = KINDS_BY_KEY.get(entry.kind)
        result.append(
            Hit(
                kind=entry.kind,
                kind_label=str(kind.label) if kind else entry.kind,
                title=_localised(entry, "title", wanted, other),
                summary=_localised(entry, "summary", wanted, other),
                url=entry.url,
            )
        )
    return result


def _localised(entry: Entry, name: str, wanted: str, other: str) -> Localised:
    for code in (wanted, other):
        text = str(getattr(entry, f"{name}_{code}", "") or "")
        if text:
            return Localised(text, code, wanted)
    return Localised("", wanted, wanted)
