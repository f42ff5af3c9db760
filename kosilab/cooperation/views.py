"""The network pages: of one lab and of the whole installation (docs/cooperation.md).

Everybody who may see a lab sees its network of organisations built from what is public; its team
and platform admins see it built from everything and may show people instead (rules.py). People
are named only where the reader may see their profile (selectors.node_names).
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django_htmx.http import HttpResponseClientRefresh

from kosilab.cooperation import display, selectors, services
from kosilab.cooperation.forms import NetworkFilterForm
from kosilab.cooperation.measures import ROLES
from kosilab.cooperation.ties import ALL_KINDS, ORGANISATION, PERSON, Scope
from kosilab.core.http import HtmxRequest
from kosilab.core.permissions import get_visible_or_404
from kosilab.labs.models import Lab
from kosilab.labs.selectors import visible_labs


@require_GET
def installation(request: HtmxRequest) -> HttpResponse:
    """The network across all labs: analysed in the background, shown when it is ready."""
    full = request.user.has_perm("cooperation.view_full_network", None)
    return _page(request, lab=None, full=full)


@require_GET
def lab_network(request: HtmxRequest, slug: str) -> HttpResponse:
    lab = get_visible_or_404(request, Lab.objects.all(), "labs.view_lab", slug=slug)
    full = request.user.has_perm("cooperation.view_full_network", lab)
    return _page(request, lab=lab, full=full)


def _scope(form: NetworkFilterForm, *, lab: Lab | None, full: bool) -> Scope:
    kinds = frozenset(form.value("kinds") or ()) or ALL_KINDS
    nodes = PERSON if full and form.value("nodes") == PERSON else ORGANISATION
    return Scope(
        lab_id=lab.pk if lab is not None else None,
        start=form.value("start"),
        end=form.value("end"),
        kinds=kinds,
        nodes=nodes,
        public_only=not full,
    )


def _page(request: HtmxRequest, *, lab: Lab | None, full: bool) -> HttpResponse:
    form = NetworkFilterForm(request.GET or None, people_allowed=full)
    if request.GET:
        form.is_valid()
    scope = _scope(form, lab=lab, full=full)
    state = selectors.network_state(scope, background=lab is None)
    analysis = state.analysis
    if state.needs_request:
        what = lab.name if lab is not None else _("all labs")
        analysis = services.network_analysis_request(
            scope=scope, key=state.key, fingerprint=state.fingerprint, description=what
        )
    if request.htmx:
        # The progress polls the page: reload it once the analysis of the current data is there.
        if state.current:
            return HttpResponseClientRefresh()
        return render(request, "cooperation/_progress.html", {"analysis": analysis})
    context: dict[str, Any] = {
        "lab": lab,
        "form": form,
        "full": full,
        "people": scope.nodes == PERSON,
        "scope": scope,
        "state": state,
        "analysis": analysis,
    }
    payload = state.payload
    if payload is not None:
        keys = [node["key"] for node in payload["nodes"]]
        names = selectors.node_names(request.user, keys)
        context["figures"] = display.figures(payload)
        context["analysis_html"] = _analysis_html(payload, names, state=state, lab=lab, people=scope.nodes == PERSON)
        context["labs"] = _lab_rows(request, payload) if lab is None else []
    return render(request, "cooperation/network.html", context)


def _analysis_html(
    payload: dict[str, Any],
    names: dict[str, selectors.NodeName],
    *,
    state: selectors.NetworkState,
    lab: Lab | None,
    people: bool,
) -> str:
    """The picture, the figures, the charts and the tables of an analysis, rendered once per analysis,
    language and set of names and kept in the cache, so a large network's page answers the next time
    in a fraction of the time. The key holds a digest of the names and the title: a renamed
    organisation or lab, or a person who hid their profile, gives a new rendering."""
    title = (
        _("Network of cooperation of %(lab)s") % {"lab": lab.name}
        if lab is not None
        else _("Network of cooperation of all labs")
    )
    named = sorted((k, v.label, v.url) for k, v in names.items())
    digest = hashlib.sha256(repr((title, named)).encode()).hexdigest()[:24]
    cache_key = (
        f"cooperation:html:{state.key}:{state.fingerprint}:{payload.get('computed_at', '')}:{get_language()}:{digest}"
    )
    html: str | None = cache.get(cache_key)
    if html is not None:
        return mark_safe(html)  # noqa: S308 - rendered by our template below
    rows = display.node_rows(payload, names)
    html = render_to_string(
        "cooperation/_analysis.html",
        {
            "people": people,
            "figures": display.figures(payload),
            "picture": display.picture(payload, names, title=title),
            "sector_chart": display.sector_chart(payload),
            "quarter_charts": display.quarter_charts(payload),
            "quarters": display.quarter_rows(payload),
            "bridges": display.bridges(payload),
            "nodes": rows,
            "brokers": [row for row in rows if row.betweenness > 0 or row.brokerage > 0][: display.BROKERS],
            "role_labels": [display.role_labels()[role] for role in ROLES],
            "ties": display.tie_rows(payload, names),
            "more_ties": max(0, payload["summary"]["ties"] - len(payload["edges"])),
        },
    )
    cache.set(cache_key, html, selectors.CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 - rendered by our template


def _lab_rows(request: HtmxRequest, payload: dict[str, Any]) -> list[dict[str, Any]]:
    """The summary of each lab the reader may see, from the installation-wide analysis."""
    rows = []
    for lab in visible_labs(request.user).order_by("name"):
        summary = payload["labs"].get(str(lab.pk))
        if summary is None:
            continue
        rows.append(
            {
                "lab": lab,
                "nodes": summary["nodes"],
                "ties": summary["ties"],
                "blau": display.percent(summary["blau"]),
                "across": display.across_share(summary["ei"]),
                "missing": len(summary["missing_bridges"]),
            }
        )
    return rows
