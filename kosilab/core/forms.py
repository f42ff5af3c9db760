from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

# For ModelAdmin.formfield_overrides: the same rule as formfield() below.
URL_FIELD_OVERRIDES: dict[type[models.Field[Any, Any]], dict[str, Any]] = {models.URLField: {"assume_scheme": "https"}}


def formfield(field: models.Field[Any, Any], **kwargs: Any) -> forms.Field | None:
    """ModelForm field factory: web addresses typed without a scheme are taken as https."""
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class AccessibilityFeedbackForm(forms.Form):
    message = forms.CharField(
        label=_("What did not work for you?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Please name the page and what you tried to do."),
    )
    email = forms.EmailField(label=_("Your e-mail address, if you would like an answer"), required=False)
    page = forms.CharField(label=_("Address of the page (optional)"), max_length=500, required=False)
    # A field people do not see; automated senders fill it in.
    website = forms.CharField(required=False, widget=forms.HiddenInput)
