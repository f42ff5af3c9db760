from __future__ import annotations

from typing import Any

from django import forms
from django.db import models

# For ModelAdmin.formfield_overrides: the same rule as formfield() below.
URL_FIELD_OVERRIDES: dict[type[models.Field[Any, Any]], dict[str, Any]] = {models.URLField: {"assume_scheme": "https"}}


def formfield(field: models.Field[Any, Any], **kwargs: Any) -> forms.Field | None:
    """ModelForm field factory: web addresses typed without a scheme are taken as https."""
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)
