from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kosilab.accounts.models import User
from kosilab.accounts.types import Viewer
from kosilab.actors.forms import bind_person_field, person_field
from kosilab.core.forms import ServiceModelForm, formfield
from kosilab.core.maps import clean_coordinates, latitude_formfield, longitude_formfield
from kosilab.labs.models import Lab, LabRole


class LabForm(ServiceModelForm[Lab]):
    latitude = latitude_formfield()
    longitude = longitude_formfield()

    class Meta:
        formfield_callback = formfield
        model = Lab
        fields = [
            "name", "city", "host", "focus", "description", "founded", "contact_name",
            "contact_email", "contact_phone", "address", "latitude", "longitude", "website", "is_public",
            "require_two_factor",
        ]  # fmt: skip

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        clean_coordinates(self, cleaned)
        return cleaned

    def clean_founded(self) -> int | None:
        year: int | None = self.cleaned_data.get("founded")
        if year is not None and not 1900 <= year <= 2100:
            raise forms.ValidationError(_("Enter a year between 1900 and 2100."))
        return year


class TeamMemberForm(forms.Form):
    """A person for the lab team: found by name (the autocomplete of kosilab/core/widgets.py, whom
    the people directory shows the viewer) or by the e-mail address of their account."""

    person = person_field()
    email = forms.EmailField(label=_("or the e-mail address of their account"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=LabRole.choices, initial=LabRole.FACILITATOR)

    def __init__(self, *args: Any, viewer: Viewer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bind_person_field(self.fields["person"], viewer)

    def clean_email(self) -> User | None:
        email = self.cleaned_data["email"].lower()
        if not email:
            return None
        user = User.objects.filter(email=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("Nobody with this e-mail address has an active account."))
        return user

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        cleaned["user"] = cleaned.get("person") or cleaned.get("email")
        if cleaned["user"] is None and "person" not in self.errors and "email" not in self.errors:
            self.add_error("person", _("Type a name and choose the person from the list."))
        return cleaned


class PhaseStepForm(forms.Form):
    key = forms.SlugField(widget=forms.HiddenInput, required=False, max_length=40)
    name = forms.CharField(label=_("Name"), max_length=100, required=False)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    position = forms.IntegerField(label=_("Order"), min_value=1, max_value=99)


class BasePhaseFormSet(forms.BaseFormSet[PhaseStepForm]):
    def clean(self) -> None:
        if any(self.errors):
            return
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if not any((f.cleaned_data.get("name") or f.cleaned_data.get("key")) for f in kept):
            raise forms.ValidationError(_("A phase template needs at least one phase."))

    def ordered_steps(self) -> list[dict[str, Any]]:
        kept = [f.cleaned_data for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        return sorted(kept, key=lambda d: d["position"])


PhaseFormSet = forms.formset_factory(
    PhaseStepForm, formset=BasePhaseFormSet, extra=1, can_delete=True, max_num=20, validate_max=True
)
