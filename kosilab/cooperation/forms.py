"""The filters of a network page, read from the query string (docs/architecture.md, "Input rules")."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kosilab.cooperation.ties import ORGANISATION, PERSON, TieKind
from kosilab.core.forms import DATE_INPUT
from kosilab.core.validators import validate_plausible_date

NODE_CHOICES = [(ORGANISATION, _("Organisations")), (PERSON, _("People"))]


class NetworkFilterForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=DATE_INPUT, validators=[validate_plausible_date])
    end = forms.DateField(label=_("Until"), required=False, widget=DATE_INPUT, validators=[validate_plausible_date])
    kinds = forms.MultipleChoiceField(
        label=_("Kinds of tie"),
        required=False,
        choices=TieKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: all kinds."),
    )
    nodes = forms.ChoiceField(label=_("Show"), required=False, choices=NODE_CHOICES, widget=forms.RadioSelect)

    def __init__(self, *args: Any, people_allowed: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not people_allowed:
            del self.fields["nodes"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end must not lie before the start."))
        return cleaned

    def value(self, name: str) -> Any:
        """The cleaned value of a field, or None where it was missing or invalid (the page then
        shows the message and leaves that filter out)."""
        if not hasattr(self, "cleaned_data"):
            return None
        return self.cleaned_data.get(name)
