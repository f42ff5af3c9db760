"""The export form: which lab (or the whole installation), the time window, free text, pseudonyms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kosilab.core.forms import DATE_INPUT
from kosilab.core.validators import validate_plausible_date

ALL_LABS = "*"


class ResearchExportForm(forms.Form):
    scope = forms.ChoiceField(label=_("Data of"))
    start = forms.DateField(
        label=_("From"),
        required=False,
        widget=DATE_INPUT,
        validators=[validate_plausible_date],
        help_text=_("Leave empty for everything from the beginning."),
    )
    end = forms.DateField(
        label=_("Until"),
        required=False,
        widget=DATE_INPUT,
        validators=[validate_plausible_date],
        help_text=_("Leave empty for everything up to today."),
    )
    free_text = forms.BooleanField(
        label=_("Include descriptions, summaries and notes the labs wrote (names and e-mail addresses replaced)"),
        required=False,
    )
    stable_pseudonyms = forms.BooleanField(
        label=_("Stable pseudonyms: the same person gets the same pseudonym in every export (lets exports be linked)"),
        required=False,
    )

    def __init__(self, *args: Any, labs: list[tuple[str, str]], whole: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(ALL_LABS, _("All labs of this installation"))] if whole else []
        self.fields["scope"].choices = [*choices, *labs]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end of the time window cannot lie before its start."))
        return cleaned
