from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kosilab.search.index import KINDS
from kosilab.search.selectors import MAX_QUERY_LENGTH


class SearchForm(forms.Form):
    """The query string of the search page: ``q`` (the words) and ``kind`` (one kind of hits, optional)."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={"max_length": _("Please search with at most %(limit_value)d characters.")},
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("Everything")), *((kind.key, kind.label) for kind in KINDS)],
    )
