from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.http import HttpRequest


def paginate(request: HttpRequest, queryset: Any, per_page: int | None = None, *, param: str = "page") -> Page[Any]:
    """The requested page of ``queryset``; an invalid or too high page number gives the nearest valid page.

    ``param``: the query parameter of the page number, for a second list on the same page
    (render it with ``{% include "includes/pagination.html" with page_obj=… param=… %}``)."""
    paginator = Paginator(queryset, per_page or settings.KOSILAB_PAGE_SIZE)
    return paginator.get_page(request.GET.get(param))
