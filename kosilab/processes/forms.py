from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kosilab.accounts.models import User
from kosilab.accounts.types import Viewer
from kosilab.actors.forms import bind_person_field, person_field
from kosilab.challenges.models import Challenge
from kosilab.core.content_languages import localise
from kosilab.core.forms import DATE_INPUT, ServiceModelForm, formfield
from kosilab.core.sectors import Sector
from kosilab.core.validators import validate_plausible_date
from kosilab.processes.models import MemberRole, Process, ProcessPhase, ProcessStatus, ProcessVisibility


class ProcessCreateForm(ServiceModelForm[Process]):
    """Start a process: a model form only so that it offers the title and summary in further
    languages as every form of a process does; ``process_start`` checks the process."""

    model_validation = False

    challenge = forms.ModelChoiceField(label=_("Challenge"), queryset=Challenge.objects.none(), required=False)
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    visibility = forms.ChoiceField(
        label=_("Visibility"), choices=ProcessVisibility.choices, initial=ProcessVisibility.PUBLIC
    )
    started_on = forms.DateField(
        label=_("Started on"), required=False, widget=DATE_INPUT, validators=[validate_plausible_date]
    )

    class Meta:
        model = Process
        fields = ["challenge", "title", "summary", "visibility", "started_on"]

    def __init__(self, *args: Any, lab: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["challenge"]
        field.queryset = Challenge.objects.filter(lab=lab, process__isnull=True).order_by("-created_at")
        field.label_from_instance = lambda challenge: localise(challenge, "title").text


class ProcessForm(ServiceModelForm[Process]):
    class Meta:
        model = Process
        formfield_callback = formfield
        fields = ["title", "summary", "status", "visibility", "started_on"]
        widgets = {"started_on": DATE_INPUT}


class MemberForm(forms.Form):
    """A person for the team: found by name (autocomplete), or one of the challenge's participants (by id)."""

    person = person_field()
    participation = forms.IntegerField(widget=forms.HiddenInput, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices, initial=MemberRole.CO_CREATOR)
    sector = forms.ChoiceField(
        label=_("Sector"),
        choices=[("", _("As in the person's profile")), *Sector.choices],
        required=False,
    )

    def __init__(self, *args: Any, process: Process, viewer: Viewer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.process = process
        bind_person_field(self.fields["person"], viewer)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        people = User.objects.select_related("profile__organisation").filter(is_active=True)
        challenge_id = self.process.challenge_id
        person = None
        if cleaned.get("participation"):
            if challenge_id is not None:
                person = people.filter(
                    participations__pk=cleaned["participation"], participations__challenge_id=challenge_id
                ).first()
            if person is None:
                raise forms.ValidationError(_("This person no longer takes part in the challenge."))
        elif cleaned.get("person") is not None:
            person = people.filter(pk=cleaned["person"].pk).first()
        elif "person" not in self.errors:
            self.add_error("person", _("Type a name and choose the person from the list."))
        cleaned["person"] = person
        return cleaned


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices)


class InvitationForm(forms.Form):
    """Invite someone by e-mail address: the same answer whether or not the address has an account."""

    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices, initial=MemberRole.CO_CREATOR)
    sector = forms.ChoiceField(label=_("Sector"), choices=[("", "—"), *Sector.choices])


class AdvanceForm(forms.Form):
    expected_phase = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(
        label=_("Why does the process move on?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    due_on = forms.DateField(label=_("Due on"), widget=DATE_INPUT, validators=[validate_plausible_date])
    phase = forms.ModelChoiceField(label=_("Phase"), queryset=ProcessPhase.objects.none(), required=False)

    def __init__(self, *args: Any, process: Process, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phase"].queryset = process.phases.order_by("position")  # type: ignore[attr-defined]


class LogForm(forms.Form):
    text = forms.CharField(label=_("What happened?"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class ProcessFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    lab = forms.ChoiceField(label=_("Lab"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *ProcessStatus.choices]
    )

    def __init__(self, *args: Any, labs: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lab"].choices = [("", _("All labs")), *labs]  # type: ignore[attr-defined]
