from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from kosilab.core.forms import ServiceModelForm
from kosilab.labs.models import DEFAULT_PHASES
from kosilab.methods.models import LANGUAGES, TEXT_FIELDS, Method
from kosilab.methods.recommend import SETTINGS
from kosilab.methods.services import LANGUAGE_FIELDS, METHOD_FIELDS

FACT_FIELDS = [
    "phases",
    "group_min",
    "group_max",
    "duration_min",
    "duration_max",
    "offline",
    "online",
    "difficulty",
    "sources",
]
assert set(FACT_FIELDS) | set(LANGUAGE_FIELDS) == set(METHOD_FIELDS)
MAX_PARTICIPANTS = 10_000
MAX_MINUTES = 10_080  # a week

SETTING_CHOICES = [("", _("Any setting")), ("offline", _("In a room")), ("online", _("Online"))]
assert {key for key, _label in SETTING_CHOICES if key} == set(SETTINGS)


def participants_field(**kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Participants"), min_value=1, max_value=MAX_PARTICIPANTS, required=False, **kwargs
    )


def minutes_field(**kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Minutes available"), min_value=5, max_value=MAX_MINUTES, required=False, **kwargs
    )


class MethodFilterForm(forms.Form):
    """The faceted search of the method list (a GET form; every field optional)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    phase = forms.MultipleChoiceField(
        label=_("Phase"), required=False, choices=DEFAULT_PHASES, widget=forms.CheckboxSelectMultiple
    )
    people = participants_field(help_text=_("Methods that work for this many people."))
    minutes = minutes_field(help_text=_("Methods whose shortest run fits into this time."))
    setting = forms.ChoiceField(label=_("Setting"), required=False, choices=SETTING_CHOICES, widget=forms.RadioSelect)
    difficulty = forms.TypedChoiceField(
        label=_("Difficulty for facilitators"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any")), (1, _("Easy only")), (2, _("Easy or medium"))],
    )
    origin = forms.ChoiceField(label=_("Whose methods"), required=False)

    def __init__(self, *args: Any, labs: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        own = [(slug, _("Own methods of %(lab)s") % {"lab": name}) for slug, name in labs]
        self.fields["origin"].choices = [("", _("All methods")), ("shared", _("Shared library")), *own]  # type: ignore[attr-defined]

    def valid_data(self) -> dict[str, Any]:
        """The fields that are valid (a wrong value in one field does not drop the others)."""
        self.is_valid()
        return getattr(self, "cleaned_data", {})

    def show_counts(self, counts: dict[str, int] | None) -> None:
        """Put the facet counts into the labels of the phase and setting choices (none: no counts)."""
        if counts is None:
            return
        self.fields["phase"].choices = [  # type: ignore[attr-defined]
            (key, f"{label} ({counts[f'phase:{key}']})") for key, label in DEFAULT_PHASES
        ]
        self.fields["setting"].choices = [  # type: ignore[attr-defined]
            (key, f"{label} ({counts[f'setting:{key}']})" if key else label) for key, label in SETTING_CHOICES
        ]


class RecommendForm(forms.Form):
    phase = forms.ChoiceField(
        label=_("Phase of the lab process"), required=False, choices=[("", _("Any phase")), *DEFAULT_PHASES]
    )
    people = participants_field()
    minutes = minutes_field()
    setting = forms.ChoiceField(label=_("Setting"), required=False, choices=SETTING_CHOICES)

    def __init__(self, *args: Any, fixed_phase: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if fixed_phase:  # a process's current phase is given by the process
            del self.fields["phase"]

    def valid_data(self) -> dict[str, Any]:
        self.is_valid()
        return getattr(self, "cleaned_data", {})


class MethodForm(ServiceModelForm[Method]):
    """A lab's own method, with its texts in German and English."""

    # The service validates (``method_check``): the model's check constraints name no field, and
    # ``clean`` below gives the same rules with their fields.
    model_validation = False

    phases = forms.MultipleChoiceField(
        label=_("Phases it suits"), required=False, choices=DEFAULT_PHASES, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Method
        fields = list(METHOD_FIELDS)  # the fields the service writes
        widgets = {
            **{
                f"{name}_{code}": forms.Textarea(attrs={"rows": 6 if name == "steps" else 3, "lang": code})
                for name in TEXT_FIELDS
                if name != "title"
                for code in LANGUAGES
            },
            "title_de": forms.TextInput(attrs={"lang": "de"}),
            "title_en": forms.TextInput(attrs={"lang": "en"}),
            "sources": forms.Textarea(attrs={"rows": 3}),
            "difficulty": forms.RadioSelect,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for names, low, high in (
            (("group_min", "group_max"), 1, MAX_PARTICIPANTS),
            (("duration_min", "duration_max"), 5, MAX_MINUTES),
        ):
            for name in names:
                field = self.fields[name]
                field.widget.attrs.update({"min": low, "max": high})
                field.validators += [MinValueValidator(low), MaxValueValidator(high)]

    def language_fields(self, code: str) -> list[forms.BoundField]:
        return [self[f"{name}_{code}"] for name in TEXT_FIELDS]

    @property
    def german_fields(self) -> list[forms.BoundField]:
        return self.language_fields("de")

    @property
    def english_fields(self) -> list[forms.BoundField]:
        return self.language_fields("en")

    @property
    def fact_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in FACT_FIELDS]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not (cleaned.get("title_de", "").strip() or cleaned.get("title_en", "").strip()):
            self.add_error("title_en", _("Give the method a title in at least one language."))
        low, high = cleaned.get("group_min"), cleaned.get("group_max")
        if low is not None and high is not None and high < low:
            self.add_error("group_max", _("The largest group cannot be smaller than the smallest group."))
        low, high = cleaned.get("duration_min"), cleaned.get("duration_max")
        if low is not None and high is not None and high < low:
            self.add_error("duration_max", _("The longest duration cannot be shorter than the shortest duration."))
        if "offline" in cleaned and "online" in cleaned and not (cleaned["offline"] or cleaned["online"]):
            self.add_error("offline", _("A method must work in a room, online or both."))
        return cleaned
