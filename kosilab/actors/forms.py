from __future__ import annotations

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from kosilab.accounts.models import User
from kosilab.accounts.types import Viewer
from kosilab.actors.models import Organisation, Profile
from kosilab.actors.selectors import organisation_search, people_directory, people_search
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


def person_field() -> AutocompleteField:
    """A person for a team, found by name; ``bind_person_field`` limits it to a viewer."""
    return AutocompleteField(
        User.objects.none(),
        url=reverse_lazy("actors:people_autocomplete"),
        label=_("Person"),
        required=False,
        help_text=_("Type part of the name or organisation, then choose from the list."),
    )


def bind_person_field(field: forms.Field, viewer: Viewer) -> None:
    """Offer and accept whom the people directory shows ``viewer``: a private profile is invited by
    e-mail instead."""
    assert isinstance(field, AutocompleteField)
    field.queryset = User.objects.filter(is_active=True, profile__in=people_directory(viewer))
    field.search = lambda text: people_search(viewer, text)
    field.label_of = lambda user: user.name  # type: ignore[attr-defined]
