from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

from django import forms
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from modeltrans.utils import build_localized_fieldname

from kosilab.core import content_languages
from kosilab.core.errors import DomainError
from kosilab.core.validators import plausible_date_validators

T = TypeVar("T")
M = TypeVar("M", bound=models.Model)

# The browser's date picker, given the ISO date it expects.
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

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


class ServiceModelForm(forms.ModelForm[M]):
    """The base of every ModelForm here: a form whose data a service writes, never ``form.save()``.

    Django's ModelForm copies the cleaned data into its ``instance`` while it validates, before any
    service runs. This one validates a copy (``self.instance``): the object the view holds keeps its
    stored values, so the view passes it to the service as it is (the service sees what changes) and
    a refused save shows the page as it was. Pass the instance by keyword (``instance=``).

    ``model_validation = False`` leaves the model's validation to the service altogether (check
    constraints whose errors name no field, rules that need other rows): the form reports only its
    own field and ``clean`` errors, the service the rest as a :class:`DomainError`.
    """

    model_validation: ClassVar[bool] = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if kwargs.get("instance") is not None:
            instance = kwargs["instance"] = copy.copy(kwargs["instance"])
            if isinstance(getattr(instance, "i18n", None), dict):
                instance.i18n = dict(instance.i18n)  # the copy's translations are its own too
        super().__init__(*args, **kwargs)
        self._add_translation_fields()

    def _add_translation_fields(self) -> None:
        """A field per further content language for each translatable field the form shows
        (``title_en`` beside ``title``): optional, as long as the original, and marked with its
        language so browsers check its spelling and screen readers read it in that language."""
        self.translation_languages: dict[str, list[str]] = {}
        names = [name for name in content_languages.translated_fields(self._meta.model) if name in self.fields]
        for language in content_languages.further_languages():
            for name in names:
                original = self.fields[name]
                field = copy.deepcopy(original)
                field.required = False
                field.label = _("%(field)s (%(language)s)") % {
                    "field": original.label,
                    "language": content_languages.language_name(language),
                }
                field.help_text = ""
                if isinstance(field, forms.CharField):
                    field.empty_value = None  # an emptied translation is removed, not stored as ""
                field.widget.attrs["lang"] = language
                key = build_localized_fieldname(name, language)
                self.fields[key] = field
                if self.instance.pk:
                    self.initial.setdefault(key, content_languages.text_in(self.instance, name, language))
                self.translation_languages.setdefault(language, []).append(key)

    def visible_fields(self) -> list[forms.BoundField]:
        hidden = {key for keys in self.translation_languages.values() for key in keys}
        return [field for field in super().visible_fields() if field.name not in hidden]

    def translation_groups(self) -> list[dict[str, Any]]:
        """The translation fields language by language, for ``includes/form.html``: each group is
        shown open when it holds a text or an error."""
        groups = []
        for language, keys in self.translation_languages.items():
            bound = [self[key] for key in keys]
            filled = any(field.value() or field.errors for field in bound)
            name = content_languages.language_name(language)
            groups.append({"language": language, "name": name, "fields": bound, "open": filled})
        return groups

    def _post_clean(self) -> None:
        if self.model_validation:
            super()._post_clean()  # type: ignore[misc]  # a hook django-stubs do not declare


def form_status(request: HttpRequest) -> int:
    """The status of a page that shows a form: 400 when it answers a submission that was not saved
    (the form says why), 200 when it offers the form."""
    return 400 if request.method == "POST" else 200


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
