"""Reads of the cooperation app: a network's analysis as the pages need it, and the names of its nodes.

A small network is analysed while the page waits and kept in the Django cache under its scope and
the fingerprint of its source data, so a change shows on the next request. A large one (the whole
installation, or more than ``INLINE_LIMIT`` source rows) is analysed by a task: the page shows the
last finished analysis of the scope, if any, and the progress of the one under way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext

from kosilab.accounts.types import Viewer
from kosilab.actors.models import Organisation, Profile, Visibility
from kosilab.cooperation.analysis import INLINE_LIMIT, analyse, fingerprint, scope_key, source_rows, source_state
from kosilab.cooperation.models import AnalysisStatus, NetworkAnalysis
from kosilab.cooperation.ties import ORGANISATION, PERSON, Scope
from kosilab.processes.policies import profile_policy

CACHE_SECONDS = 24 * 60 * 60
_PLACEHOLDER = 987654321


@dataclass(frozen=True)
class NetworkState:
    """What a page can show of a scope now.

    ``payload``: the analysis to show (None: nothing yet). ``current``: whether it is of the data as
    it is now. ``analysis``: the stored analysis of the current data in the background, if the
    scope is analysed there (None: analysed in the page); ``needs_request``: no such analysis is
    queued or running yet (the view asks the service to queue one).
    """

    key: str
    fingerprint: str
    payload: dict[str, Any] | None
    current: bool
    analysis: NetworkAnalysis | None
    needs_request: bool


def network_state(scope: Scope, *, background: bool = False) -> NetworkState:
    """The analysis of ``scope``: from the cache, computed now, or stored by the task. Asks one query
    for the fingerprint, and then either none (cached), the queries of the analysis (computed now),
    or one (stored)."""
    state = source_state(scope)
    key, current = scope_key(scope), fingerprint(state)
    if not background and source_rows(state) <= INLINE_LIMIT:
        cache_key = f"cooperation:network:{key}:{current}"
        payload = cache.get(cache_key)
        if payload is None:
            payload = analyse(scope)
            cache.set(cache_key, payload, CACHE_SECONDS)
        return NetworkState(key, current, payload, True, None, False)
    stored = list(
        NetworkAnalysis.objects.filter(key=key)
        .filter(Q(fingerprint=current) | Q(status=AnalysisStatus.DONE))
        .order_by("-finished_at", "-pk")
    )
    this = next((row for row in stored if row.fingerprint == current), None)
    if this is not None and this.status == AnalysisStatus.DONE:
        return NetworkState(key, current, this.payload, True, this, False)
    latest = next((row for row in stored if row.status == AnalysisStatus.DONE), None)
    return NetworkState(
        key,
        current,
        latest.payload if latest is not None else None,
        False,
        this,
        this is None or this.status == AnalysisStatus.FAILED,
    )


def network_progress(*, key: str, fingerprint: str) -> NetworkAnalysis | None:
    """The stored analysis of a scope on one state of the data (for the progress of the page)."""
    return NetworkAnalysis.objects.filter(key=key, fingerprint=fingerprint).first()


@dataclass(frozen=True)
class NodeName:
    label: str
    url: str
    named: bool


def node_names(viewer: Viewer, keys: Iterable[str]) -> dict[str, NodeName]:
    """What a node is called on the page, by its key ("organisation:3", "person:7").

    An organisation by its name. A person by their name only if ``viewer`` may see their profile
    today and they have not hidden it (a private profile is never named); otherwise "Person N",
    numbered in the order of ``keys``. Two queries at most.
    """
    wanted = list(keys)
    organisation_ids = [int(k.split(":")[1]) for k in wanted if k.startswith(f"{ORGANISATION}:")]
    person_ids = [int(k.split(":")[1]) for k in wanted if k.startswith(f"{PERSON}:")]
    organisations = dict(Organisation.objects.filter(pk__in=organisation_ids).values_list("pk", "name"))
    # The profiles the viewer may see (the policy's queryset form), never a private one: one query.
    shown = Profile.objects.filter(user_id__in=person_ids).exclude(visibility=Visibility.PRIVATE)
    people = dict(profile_policy.visible(viewer, shown).values_list("user_id", "user__name")) if person_ids else {}
    # One reverse() per kind instead of one per node (thousands on the installation's page).
    organisation_url = reverse("actors:organisation_detail", args=[_PLACEHOLDER])
    person_url = reverse("actors:person_detail", args=[_PLACEHOLDER])
    names: dict[str, NodeName] = {}
    unnamed = 0
    for key in wanted:
        kind, pk = key.split(":")
        if kind == ORGANISATION and int(pk) in organisations:
            names[key] = NodeName(organisations[int(pk)], organisation_url.replace(str(_PLACEHOLDER), pk), True)
            continue
        if kind == PERSON and int(pk) in people:
            names[key] = NodeName(str(people[int(pk)]), person_url.replace(str(_PLACEHOLDER), pk), True)
            continue
        unnamed += 1
        names[key] = NodeName(_unnamed(kind, unnamed), "", False)
    return names


def _unnamed(kind: str, number: int) -> str:
    if kind == PERSON:
        return gettext("Person %(number)d") % {"number": number}
    return gettext("Organisation %(number)d") % {"number": number}
