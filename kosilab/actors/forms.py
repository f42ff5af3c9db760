from __future__ import annotations

from django import forms

from kosilab.actors.models import Organisation, Profile
from kosilab.core.forms import formfield


class ProfileForm(forms.ModelForm[Profile]):
    class Meta:
        model = Profile
        fields = ["organisation", "sector", "position", "skills", "interests", "bio", "visibility"]
        widgets = {"visibility": forms.RadioSelect}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")  # type: ignore[attr-defined]


class OrganisationForm(forms.ModelForm[Organisation]):
    class Meta:
        formfield_callback = formfield
        model = Organisation
        fields = ["name", "sector", "city", "website", "description"]
