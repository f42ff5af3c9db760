"""A search-as-you-type choice among many (people, organisations): one widget for every app.

:class:`AutocompleteField` is a ``ModelChoiceField`` whose widget is an ARIA 1.2 combobox: a
labelled text input (``role="combobox"``, ``aria-activedescendant``) that asks a small endpoint
for at most :data:`MAX_MATCHES` matches through htmx and shows them in a listbox; the arrow keys
move through them, Enter chooses, Escape closes (``core/static/core/autocomplete.js``). The
chosen id travels in a hidden input of the field's name, the typed text in ``<name>_query``.

Without JavaScript the same form still works as "search, then choose": the person types a name
and submits; the field finds nothing chosen but a search text, runs the same search as the
endpoint and answers with the matches as radio buttons to pick from (and an error saying so).

An app uses it in three steps:

1. a search function ``search(viewer, text) -> list[Match]`` that returns only what the viewer
   may see, ranked with :func:`ranked` (prefix matches first);
2. an endpoint ``autocomplete_view(request, search)`` behind a throttle (``LIMITS["autocomplete"]``
   in ``core/ratelimit.py``);
3. the field: ``AutocompleteField(queryset, url=reverse_lazy(...))`` and, in the form's
   ``__init__``, ``field.search = lambda text: search(viewer, text)``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Case, IntegerField, Model, Q, QuerySet, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from kosilab.core.ratelimit import limit

MAX_MATCHES = 10
MIN_QUERY = 2


@dataclass(frozen=True)
class Match:
    """One entry of the list: the id sent with the form, the text shown and an optional hint."""

    value: str
    label: str
    hint: str = ""


def ranked(queryset: QuerySet[Any], field: str, text: str, *also: str) -> QuerySet[Any]:
    """``queryset`` filtered to rows whose ``field`` (or one of ``also``) contains ``text``,
    those whose ``field`` starts with it first, then alphabetically; at most :data:`MAX_MATCHES`."""
    text = text.strip()
    condition = Q(**{f"{field}__icontains": text})
    for other in also:
        condition |= Q(**{f"{other}__icontains": text})
    prefix = Case(
        When(**{f"{field}__istartswith": text}, then=Value(0)),
        When(**{f"{field}__icontains": f" {text}"}, then=Value(1)),  # a later word starts with it
        default=Value(2),
        output_field=IntegerField(),
    )
    found: QuerySet[Any] = (
        queryset.filter(condition)
        .annotate(autocomplete_rank=prefix)
        .order_by("autocomplete_rank", field, "pk")[:MAX_MATCHES]
    )
    return found


def query_of(request: HttpRequest) -> str:
    """The search text: ``q``, or the ``<name>_query`` input the widget sends."""
    text = request.GET.get("q")
    if text is None:
        text = next((str(value) for key, value in request.GET.items() if key.endswith("_query")), "")
    return text.strip()[:100]


def autocomplete_view(request: HttpRequest, search: Callable[[str], list[Match]]) -> HttpResponse:
    """The endpoint's answer: the options of the listbox (HTML for htmx), at most
    :data:`MAX_MATCHES`; nothing below :data:`MIN_QUERY` characters. Counted against the
    ``autocomplete`` limit per account or address."""
    limit(request, "autocomplete")
    text = query_of(request)
    matches = search(text)[:MAX_MATCHES] if len(text) >= MIN_QUERY else []
    response = render(request, "core/widgets/autocomplete_options.html", {"matches": matches})
    response["Cache-Control"] = "private, no-store"
    return response


class AutocompleteWidget(forms.Widget):
    """The combobox (see the module docstring). ``url``: the endpoint; may be lazy."""

    template_name = "core/widgets/autocomplete.html"

    def __init__(self, url: Any = "", attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.url = url
        self.query = ""
        self.matches: list[Match] = []
        self.chosen_label: Callable[[Any], str] = lambda value: ""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        self.query = str(data.get(f"{name}_query", "") or "")
        if f"{name}_query" in data and not self.query.strip():
            return None  # the text was emptied: nothing chosen (also without JavaScript)
        # The hidden input (set by the script) and, after a search without JavaScript, the radio
        # buttons of the matches share the name: the one with a value counts.
        values = [value for value in data.getlist(name) if value] if hasattr(data, "getlist") else [data.get(name)]
        return values[-1] if values and values[-1] else None

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and f"{name}_query" not in data

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        value = widget["value"]
        label = self.chosen_label(value) if value not in (None, "") else ""
        widget.update(
            {
                "url": str(self.url),
                "query": label or self.query,
                "matches": self.matches,
                "listbox_id": f"{widget['attrs'].get('id', name)}_listbox",
            }
        )
        return context


class AutocompleteField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A choice of one object of ``queryset`` through :class:`AutocompleteWidget`.

    Set ``search`` (text -> matches the viewer may see) in the form, for the fallback without
    JavaScript; ``queryset`` should hold only what the viewer may choose."""

    default_error_messages = {
        "choose": _("Choose one of the matches for “%(text)s”."),
        "nothing": _("Nothing found for “%(text)s”. Try another spelling."),
        "short": _("Type at least two letters."),
    }

    def __init__(self, queryset: QuerySet[Any], *, url: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", AutocompleteWidget(url=url))
        super().__init__(queryset, empty_label=None, **kwargs)
        self.search: Callable[[str], list[Match]] = lambda text: []
        self.label_of: Callable[[Model], str] = str

    def __deepcopy__(self, memo: dict[int, Any]) -> AutocompleteField:
        copied: AutocompleteField = super().__deepcopy__(memo)
        copied.widget.chosen_label = copied._chosen_label
        return copied

    def _chosen_label(self, value: Any) -> str:
        if isinstance(value, Model):
            return self.label_of(value)
        try:
            found = self.queryset.filter(pk=value).first()  # type: ignore[union-attr]
        except (TypeError, ValueError):
            return ""
        return self.label_of(found) if found is not None else ""

    def clean(self, value: Any) -> Any:
        widget: AutocompleteWidget = self.widget
        text = widget.query.strip()
        if value in self.empty_values and text:
            if len(text) < MIN_QUERY:
                raise forms.ValidationError(self.error_messages["short"], code="short")
            widget.matches = self.search(text)[:MAX_MATCHES]
            code = "choose" if widget.matches else "nothing"
            raise forms.ValidationError(self.error_messages[code], code=code, params={"text": text})
        return super().clean(value)
