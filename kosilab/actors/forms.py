from __future__ import annotations

from django import forms

from kosilab.actors.models import Organisation, Profile
from kosilab.core.forms import ServiceModelForm, formfield


class ProfileForm(ServiceModelForm[Profile]):
    class Meta:
        model = Profile
        fields = ["organisation", "sector", "position", "skills", "interests", "bio", "visibility"]
        widgets = {"visibility": forms.RadioSelect}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")  # type: ignore[attr-defined]


class OrganisationForm(ServiceModelForm[Organisation]):
    class Meta:
        formfield_callback = formfield
        model = Organisation
        fields = ["name", "sector", "city", "website", "description"]
