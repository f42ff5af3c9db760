from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kosilab.core.fulltext import words
from kosilab.core.pagecache import anonymous_page_cache
from kosilab.core.ratelimit import limit
from kosilab.search.forms import SearchForm
from kosilab.search.index import KINDS
from kosilab.search.selectors import MAX_HITS, Found, hits, search

PER_PAGE = 20


@anonymous_page_cache
def results(request: HttpRequest) -> HttpResponse:
    """``/search/?q=…&kind=…``: the hits the reader may see, best first, a page at a time."""
    form = SearchForm(request.GET)
    found = Found()
    query, kind = "", ""
    if form.is_valid():
        query, kind = form.cleaned_data["q"].strip(), form.cleaned_data["kind"]
        if words(query):  # a real search: counted, 429 once over the limit ("search" in core/ratelimit.py)
            limit(request, "search")
        found = search(request.user, query, kind=kind)
    page_obj = Paginator(found.ids, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "query": query,
        "kind": kind,
        "has_words": bool(words(query)),
        "found": found,
        "page_obj": page_obj,
        "hits": hits(list(page_obj.object_list)) if found.ids else [],
        "kinds": [(item.key, item.label, found.per_kind.get(item.key, 0)) for item in KINDS],
        "max_hits": MAX_HITS,
        "total": sum(found.per_kind.values()),
    }
    return render(request, "search/results.html", context, status=200 if form.is_valid() else 400)
