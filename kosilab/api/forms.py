"""The form that makes a personal access token."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kosilab.accounts.types import User
from kosilab.api.models import TokenScope
from kosilab.core.forms import DATE_INPUT
from kosilab.core.validators import validate_plausible_date
from kosilab.labs.models import Lab
from kosilab.labs.policies import lab_policy


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("What you use it for, e.g. the city's data portal.")
    )
    scope = forms.ChoiceField(
        label=_("Scope"),
        choices=TokenScope.choices,
        initial=TokenScope.READ,
        widget=forms.RadioSelect,
        help_text=_("A token reads only what you may see on the web yourself."),
    )
    lab = forms.ModelChoiceField(
        label=_("Only this lab"),
        queryset=Lab.objects.none(),
        required=False,
        empty_label=_("Everything I may see"),
        help_text=_("Narrow the token to the public data and one lab's."),
    )
    expires_on = forms.DateField(
        label=_("Valid until"),
        required=False,
        widget=DATE_INPUT,
        validators=[validate_plausible_date],
        help_text=_("Leave empty for a token that does not expire. It ends at the end of this day."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lab"].queryset = lab_policy.visible(user).order_by("name", "pk")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        day: datetime.date | None = cleaned.pop("expires_on", None)
        cleaned["expires_at"] = (
            timezone.make_aware(datetime.datetime.combine(day, datetime.time.max)) if day is not None else None
        )
        return cleaned
