from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from kosilab.core.errors import DomainError
from kosilab.core.validators import plausible_date_validators

T = TypeVar("T")

# For ModelAdmin.formfield_overrides: the same rule as formfield() below.
URL_FIELD_OVERRIDES: dict[type[models.Field[Any, Any]], dict[str, Any]] = {models.URLField: {"assume_scheme": "https"}}


def formfield(field: models.Field[Any, Any], **kwargs: Any) -> forms.Field | None:
    """ModelForm field factory: web addresses typed without a scheme are taken as https, and dates
    and times are checked against a plausible window on the form field itself (the model field's
    window if it has one), so even a form that leaves model validation to a service refuses them."""
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    if isinstance(field, models.DateField):  # DateTimeField included
        kwargs["validators"] = [*kwargs.get("validators", []), *plausible_date_validators(field.validators)]
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


def save_form(request: HttpRequest, form: forms.BaseForm, save: Callable[[dict[str, Any]], T]) -> T | None:
    """The write step of a form view: on a valid POST, call ``save`` with the cleaned data.

    A :class:`DomainError` from the service becomes an error on the form (on its field, if the form
    has one by that name), and nothing is saved. Returns what ``save`` returned, or None.
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return save(dict(form.cleaned_data))
    except DomainError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return None
