"""Query helpers shared by the selectors."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce


def count_of(related: QuerySet[Any], link: str) -> Coalesce:
    """The number of ``related`` rows whose ``link`` points at the outer row, as a subquery.

    Unlike ``Count()`` over a join, this neither multiplies rows when two relations are counted
    nor groups the outer query, and the database evaluates it only for the rows it returns.
    """
    counted = related.filter(**{link: OuterRef("pk")}).order_by().values(link).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)
