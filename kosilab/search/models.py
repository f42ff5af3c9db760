"""One row per searchable object of the domain apps (docs/search.md).

The rows hold only what the search matches and what a hit shows: the kind, the object's id, its
title and a short summary in German and English, its address, and the search text of each language.
Who may see the object is not kept here: the search asks each kind's visibility policy
(``kosilab/search/selectors.py``).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Entry(models.Model):
    kind = models.CharField(_("kind"), max_length=20)
    object_id = models.PositiveBigIntegerField(_("object"))
    title_de = models.CharField(_("title (German)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    summary_de = models.CharField(_("summary (German)"), max_length=300, blank=True)
    summary_en = models.CharField(_("summary (English)"), max_length=300, blank=True)
    url = models.CharField(_("address"), max_length=300)
    # Both languages in each column, the column's own first; PostgreSQL reads search_de with its
    # German configuration and search_en with its English one (kosilab/core/fulltext.py).
    search_de = models.TextField(blank=True, default="")
    search_en = models.TextField(blank=True, default="")

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique_object"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"
