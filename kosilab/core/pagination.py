from __future__ import annotations

import base64
import binascii
import datetime
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import F, Field, Model, QuerySet
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan
from django.http import HttpRequest
from django.utils import timezone


def paginate(request: HttpRequest, queryset: Any, per_page: int | None = None, *, param: str = "page") -> Page[Any]:
    """The requested page of ``queryset``; an invalid or too high page number gives the nearest valid page.

    ``param``: the query parameter of the page number, for a second list on the same page
    (render it with ``{% include "includes/pagination.html" with page_obj=… param=… %}``)."""
    paginator = Paginator(queryset, per_page or settings.KOSILAB_PAGE_SIZE)
    return paginator.get_page(request.GET.get(param))


# --- Keyset pagination: lists that can be deep ---------------------------------------------------

COUNT_CAP = 1000  # a list counts its rows up to here; beyond, it says "more than 1,000"


@dataclass
class KeysetPage:
    """One page of a list walked by position (``?after=`` / ``?before=`` a row, or ``?page=last``)
    rather than by number: every page, the last of 100,000 rows too, costs one indexed query.

    ``count`` is exact up to ``COUNT_CAP`` rows; ``count_capped`` says there are more."""

    object_list: list[Any]
    count: int
    count_capped: bool
    next_cursor: str | None
    previous_cursor: str | None
    is_first: bool
    is_last: bool

    def __iter__(self) -> Iterator[Any]:
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    @property
    def has_other_pages(self) -> bool:
        return not (self.is_first and self.is_last)


def encode_cursor(row: Any, fields: tuple[str, ...]) -> str:
    values = [_plain(getattr(row, name)) for name in fields]
    return base64.urlsafe_b64encode(json.dumps(values, separators=(",", ":")).encode()).decode().rstrip("=")


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime.datetime | datetime.date) else value


def _decode_cursor(token: str, model: type[Model], fields: tuple[str, ...]) -> list[Any] | None:
    """The field values a cursor names, or None for anything that is not a cursor of this list."""
    try:
        raw = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        if not isinstance(raw, list) or len(raw) != len(fields):
            return None
        values = []
        for name, value in zip(fields, raw, strict=True):
            if value is None or isinstance(value, list | dict):
                return None
            field = model._meta.get_field(name)
            assert isinstance(field, Field)  # a column of the model, not a relation's reverse side
            converted = field.to_python(value)
            field.run_validators(converted)  # e.g. the integer range the database can compare
            if isinstance(converted, datetime.datetime) and timezone.is_naive(converted):
                return None
            values.append(converted)
        return values
    except (ValueError, TypeError, binascii.Error, ValidationError, OverflowError):
        return None


def capped_count(queryset: QuerySet[Any]) -> tuple[int, bool]:
    """How many rows ``queryset`` has, counted up to ``COUNT_CAP``, and whether there are more: the
    database reads at most ``COUNT_CAP + 1`` keys, however many rows match."""
    # Only the keys: the annotations of the rows (e.g. "supported by me") would run per counted row.
    counted = queryset.order_by().values("pk")[: COUNT_CAP + 1].count()
    return counted, counted > COUNT_CAP


def keyset_paginate(
    request: HttpRequest, queryset: QuerySet[Any], ordering: tuple[str, ...], per_page: int | None = None
) -> KeysetPage:
    """The page of ``queryset`` the request asks for, in ``ordering`` (model fields, all descending or
    all ascending, the last one unique, e.g. ``("-created_at", "-id")``; an index on them keeps every
    page one index range). A cursor that is not one of this list gives the first page."""
    size = per_page or settings.KOSILAB_PAGE_SIZE
    descending = ordering[0].startswith("-")
    if any(name.startswith("-") != descending for name in ordering):
        raise ValueError("Keyset pagination needs one direction for every field of the ordering.")
    fields = tuple(name.lstrip("-") for name in ordering)
    reverse = tuple(name[1:] if descending else f"-{name}" for name in ordering)
    columns = Tuple(*(F(name) for name in fields))
    forward_lookup, backward_lookup = (
        (TupleLessThan, TupleGreaterThan) if descending else (TupleGreaterThan, TupleLessThan)
    )
    counted, capped = capped_count(queryset)
    model = queryset.model

    after = _decode_cursor(request.GET.get("after", ""), model, fields) if request.GET.get("after") else None
    before = _decode_cursor(request.GET.get("before", ""), model, fields) if request.GET.get("before") else None
    rows: list[Any]
    if after is not None:
        rows = list(queryset.filter(forward_lookup(columns, after)).order_by(*ordering)[: size + 1])
        if rows:
            is_first, is_last = False, len(rows) <= size
            rows = rows[:size]
        else:  # past the end: the last page
            return _last_page(queryset, ordering, reverse, fields, size, counted, capped)
    elif before is not None:
        rows = list(queryset.filter(backward_lookup(columns, before)).order_by(*reverse)[: size + 1])
        if len(rows) > size:
            is_first, is_last = False, False
            rows = rows[:size][::-1]
        else:  # reached the start: the first page
            return _first_page(queryset, ordering, fields, size, counted, capped)
    elif request.GET.get("page") == "last":
        return _last_page(queryset, ordering, reverse, fields, size, counted, capped)
    else:
        return _first_page(queryset, ordering, fields, size, counted, capped)
    return _page(rows, fields, counted, capped, is_first=is_first, is_last=is_last)


def _first_page(
    queryset: QuerySet[Any], ordering: tuple[str, ...], fields: tuple[str, ...], size: int, counted: int, capped: bool
) -> KeysetPage:
    rows = list(queryset.order_by(*ordering)[: size + 1])
    return _page(rows[:size], fields, counted, capped, is_first=True, is_last=len(rows) <= size)


def _last_page(
    queryset: QuerySet[Any],
    ordering: tuple[str, ...],
    reverse: tuple[str, ...],
    fields: tuple[str, ...],
    size: int,
    counted: int,
    capped: bool,
) -> KeysetPage:
    rows = list(queryset.order_by(*reverse)[: size + 1])
    return _page(rows[:size][::-1], fields, counted, capped, is_first=len(rows) <= size, is_last=True)


def _page(
    rows: list[Any], fields: tuple[str, ...], counted: int, capped: bool, *, is_first: bool, is_last: bool
) -> KeysetPage:
    return KeysetPage(
        object_list=rows,
        count=min(counted, COUNT_CAP),
        count_capped=capped,
        next_cursor=None if is_last or not rows else encode_cursor(rows[-1], fields),
        previous_cursor=None if is_first or not rows else encode_cursor(rows[0], fields),
        is_first=is_first,
        is_last=is_last,
    )
