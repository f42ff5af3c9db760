from __future__ import annotations

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from kosilab.actors.models import Organisation, Profile
from kosilab.actors.selectors import organisation_search
from kosilab.core.forms import ServiceModelForm, formfield
from kosilab.core.widgets import AutocompleteField


class ProfileForm(ServiceModelForm[Profile]):
    class Meta:
        model = Profile
        fields = ["organisation", "sector", "position", "skills", "interests", "bio", "visibility"]
        widgets = {"visibility": forms.RadioSelect}

    organisation = AutocompleteField(
        Organisation.objects.all(),
        url=reverse_lazy("actors:organisation_autocomplete"),
        label=_("Organisation"),
        required=False,
        help_text=_("Type part of the name, then choose from the list."),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # Searched as the person types, instead of a list of every organisation (thousands).
        self.fields["organisation"].search = organisation_search  # type: ignore[attr-defined]


class OrganisationForm(ServiceModelForm[Organisation]):
    class Meta:
        formfield_callback = formfield
        model = Organisation
        fields = ["name", "sector", "city", "website", "description"]
