"""Every text's length limit holds wherever the text comes from, not only in forms.

Django turns a ``TextField``'s ``max_length`` into a limit of the form field (and the textarea's
``maxlength``) but not into a model validator: a service's ``full_clean`` accepted a comment of
3,001 characters where the model says 3,000. :func:`enforce_text_limits` (called once the models
are loaded, ``CoreConfig.ready``) gives every such field of every app a ``MaxLengthValidator``, so
``full_clean`` refuses the text with Django's message in the reader's language, and nothing is
saved. The validator is added to the field's list of validators at run time, not to its
definition, so no migration changes (historical models of migrations are not affected).
"""

from __future__ import annotations

from django.apps import apps
from django.core.validators import MaxLengthValidator
from django.db import models


def enforce_text_limits() -> int:
    """Add the missing length validators; returns how many fields got one."""
    added = 0
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.TextField) or not field.max_length:
                continue
            validators = field.validators  # Django keeps this list once computed (a cached property)
            if not any(isinstance(validator, MaxLengthValidator) for validator in validators):
                validators.append(MaxLengthValidator(field.max_length))
                added += 1
    return added
