"""The case-study library: search with facets, a profile with its facts and sources, its version
history, the world list and the timeline (docs/knowledge.md). All pages are GET pages that work
without JavaScript; the filters live in the address."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kosilab.core.http import HtmxRequest, int_or_none
from kosilab.core.pagination import paginate
from kosilab.core.permissions import get_visible_or_404
from kosilab.knowledge import display, selectors
from kosilab.knowledge.countries import country_name
from kosilab.knowledge.facets import FACTS
from kosilab.knowledge.models import LabProfile, RevisionSource
from kosilab.knowledge.timeline import Lifespan, timeline_chart

PAGE_SIZES = (20, 50, 100)
TIMELINE_PAGE = 50
HISTORY_PAGE = 50
QUERY_MAX = 200


def _language() -> str:
    language = (translation.get_language() or "de")[:2]
    return language if language in ("de", "en") else "de"


def _filters(request: HtmxRequest) -> selectors.LibraryFilters:
    data = {key: request.GET.getlist(key) for key in selectors.SEARCH_FACET_BY_KEY}
    return selectors.LibraryFilters.parse(data, request.GET.get("q", "")[:QUERY_MAX])


def _page_size(request: HtmxRequest) -> int:
    size = int_or_none(request.GET.get("size"))
    return size if size in PAGE_SIZES else PAGE_SIZES[0]


def _filter_query(filters: selectors.LibraryFilters) -> str:
    """The filters as a query string (without page and page size), for the links between the pages."""
    params = QueryDict(mutable=True)
    if filters.query:
        params["q"] = filters.query
    for key, values in filters.chosen.items():
        params.setlist(key, list(values))
    return params.urlencode()


def _filter_context(request: HtmxRequest, filters: selectors.LibraryFilters) -> dict[str, Any]:
    return {
        "filters": filters,
        "facets": selectors.facet_counts(request.user, filters),
        "query": filters.query,
        "query_string": _filter_query(filters),
    }


@require_GET
def library(request: HtmxRequest) -> HttpResponse:
    filters = _filters(request)
    size = _page_size(request)
    page = paginate(request, selectors.profile_list(request.user, filters), size)
    language = _language()
    this_year = timezone.localdate().year
    results = [
        {
            "profile": profile,
            "country": country_name(profile.country, language),
            "years": Lifespan(profile.name, profile.founded, profile.ended, profile.status).years(this_year),
            "summary": profile.text("summary", language),
        }
        for profile in page
    ]
    context = {
        "can_propose": request.user.has_perm("knowledge.propose"),
        "can_review": request.user.has_perm("knowledge.review_proposal"),
        **_filter_context(request, filters),
        "page_obj": page,
        "results": results,
        "size": size,
        "page_sizes": PAGE_SIZES,
    }
    return render(request, "knowledge/library/library.html", context)


def _profile(request: HtmxRequest, slug: str) -> LabProfile:
    return get_visible_or_404(request, selectors.profile_detail_queryset(), "knowledge.view_labprofile", slug=slug)


@require_GET
def profile_detail(request: HtmxRequest, slug: str) -> HttpResponse:
    profile = _profile(request, slug)
    language = _language()
    rows = selectors.fact_rows(profile, language)
    facts = [
        {"row": rows[key], "items": display.items(profile, key, language)}
        for key in FACTS
        if rows[key].stated or display.items(profile, key, language)
    ]
    context = {
        "profile": profile,
        "country": country_name(profile.country, language),
        "years": Lifespan(profile.name, profile.founded, profile.ended, profile.status).years(
            timezone.localdate().year
        ),
        "facts": facts,
        "methods": selectors.profile_methods(request.user, profile),
        "illustrations": selectors.illustrations(profile, language),
        "can_propose": profile.is_case_study and request.user.has_perm("knowledge.propose"),
        "can_check": request.user.has_perm("knowledge.check_facts", profile),
        "can_edit_own": profile.lab is not None and request.user.has_perm("knowledge.change_own_profile", profile.lab),
    }
    return render(request, "knowledge/library/profile.html", context)


def _author(request: HtmxRequest, revision: Any, see_authors: bool) -> str:
    if revision.source == RevisionSource.DATA_FILE:
        return _("data file")
    if see_authors and revision.author is not None:
        return str(revision.author.get_full_name() or revision.author.email)
    if see_authors:
        return _("a deleted account")
    return _("a lab team member")


@require_GET
def profile_history(request: HtmxRequest, slug: str) -> HttpResponse:
    profile = _profile(request, slug)
    see_authors = request.user.has_perm("knowledge.see_revision_authors", profile)
    page = paginate(request, selectors.revisions(profile), HISTORY_PAGE)
    entries = [
        {
            "revision": revision,
            "author": _author(request, revision, see_authors),
            "changed": display_changed(revision.changed),
        }
        for revision in page
    ]
    return render(request, "knowledge/library/history.html", {"profile": profile, "page_obj": page, "entries": entries})


def display_changed(keys: list[str]) -> list[str]:
    from kosilab.knowledge.facets import FACT_LABELS

    labels = []
    for key in keys:
        if key in FACT_LABELS:
            labels.append(str(FACT_LABELS[key]))
        elif key in display.IDENTITY_LABELS:
            labels.append(str(getattr(LabProfile._meta.get_field(key), "verbose_name", key)))
    return labels


@require_GET
def revision_detail(request: HtmxRequest, slug: str, number: int) -> HttpResponse:
    profile = _profile(request, slug)
    revision, previous = selectors.revision_pair(profile, number)
    if revision is None:
        raise Http404
    see_authors = request.user.has_perm("knowledge.see_revision_authors", profile)
    context = {
        "profile": profile,
        "revision": revision,
        "previous": previous,
        "author": _author(request, revision, see_authors),
        "changes": display.changes(previous.data if previous else None, revision.data, revision.changed, _language()),
    }
    return render(request, "knowledge/library/revision.html", context)


@require_GET
def world(request: HtmxRequest) -> HttpResponse:
    filters = _filters(request)
    countries = selectors.world(request.user, filters)
    context = {
        **_filter_context(request, filters),
        "countries": countries,
        "total": sum(country.count for country in countries),
    }
    return render(request, "knowledge/library/world.html", context)


@require_GET
def timeline(request: HtmxRequest) -> HttpResponse:
    filters = _filters(request)
    page = paginate(request, selectors.timeline_list(request.user, filters), TIMELINE_PAGE)
    this_year = timezone.localdate().year
    span = selectors.timeline_span(request.user, filters)
    language = _language()
    rows = []
    for profile in page:
        lifespan = Lifespan(profile.name, profile.founded, profile.ended, profile.status)
        rows.append(
            {
                "profile": profile,
                "lifespan": lifespan,
                "years": lifespan.years(this_year),
                "country": country_name(profile.country, language),
            }
        )
    chart = timeline_chart(
        [row["lifespan"] for row in rows],
        span=span,
        this_year=this_year,
        title=_("Lifespans of the labs, from founding to end or to today"),
    )
    context = {
        **_filter_context(request, filters),
        "page_obj": page,
        "rows": rows,
        "chart": chart,
    }
    return render(request, "knowledge/library/timeline.html", context)
