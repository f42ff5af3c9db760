from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kosilab.accounts.types import Viewer
from kosilab.core.content_languages import localise
from kosilab.core.forms import DATE_INPUT, ServiceModelForm, formfield
from kosilab.core.maps import clean_coordinates, latitude_formfield, longitude_formfield
from kosilab.core.roles import is_platform_admin
from kosilab.core.validators import validate_plausible_date
from kosilab.events.models import Event, EventKind, Question, QuestionKind, RegistrationStatus
from kosilab.events.services import NO, YES
from kosilab.labs.models import Lab, LabRole
from kosilab.labs.roles import lab_roles
from kosilab.processes.models import Process
from kosilab.rooms.models import Room

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class EventForm(ServiceModelForm[Event]):
    model_validation = False  # the service validates the event (it knows the seats taken)
    latitude = latitude_formfield()
    longitude = longitude_formfield()

    """The fields an organiser sets. Lab, status and seats taken are never taken from the form."""

    class Meta:
        model = Event
        formfield_callback = formfield
        fields = [
            "kind",
            "title",
            "description",
            "starts_at",
            "ends_at",
            "registration_closes_at",
            "room",
            "address",
            "latitude",
            "longitude",
            "online_url",
            "capacity",
            "offer_hours",
            "credit_hours",
            "organiser",
            "process",
        ]
        widgets = {
            "starts_at": DATETIME,
            "ends_at": DATETIME,
            "registration_closes_at": DATETIME,
            "description": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args: Any, lab: Lab | None, user: Viewer | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if lab is None:
            self._network_fields(user)
        for name in ("starts_at", "ends_at", "registration_closes_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]  # type: ignore[attr-defined]
        room: Any = self.fields["room"]
        process: Any = self.fields["process"]
        if lab is None:
            room.queryset = Room.objects.none()
            process.queryset = Process.objects.none()
            room.widget = forms.HiddenInput()
            process.widget = forms.HiddenInput()
        else:
            room.queryset = Room.objects.filter(lab=lab, is_active=True).order_by("name")
            process.queryset = Process.objects.filter(lab=lab).order_by("title")
            process.label_from_instance = lambda p: localise(p, "title").text
        self.fields["organiser"].required = False
        self.fields["organiser"].help_text = _("Named on the certificate. Leave empty to use the lab's name.")
        self.fields["capacity"].widget.attrs.update({"min": 1, "max": 100000})
        self.fields["offer_hours"].widget.attrs.update({"min": 0, "max": 336})

    def _network_fields(self, user: Viewer | None) -> None:
        """An event of the network: the lab that organises it is one the person manages (platform
        admins: any lab, or none); any other labs may co-organise. Only network events have these
        fields (added here, so that a lab's event form does not load them)."""
        labs = Lab.objects.order_by("name")
        event = self.instance if self.instance.pk else None
        if is_platform_admin(user):
            choices = labs
        else:
            managed = [lab_id for lab_id, role in lab_roles(user).items() if role == LabRole.MANAGER]
            choices = labs.filter(Q(pk__in=managed) | Q(pk=event.organising_lab_id if event else None))
        self.fields["organising_lab"] = forms.ModelChoiceField(
            label=_("Organising lab"),
            queryset=choices,
            required=not is_platform_admin(user),
            initial=event.organising_lab_id if event else None,
            help_text=_("Its team organises the event: it sees the registrations and may change it."),
        )
        self.fields["co_organisers"] = forms.ModelMultipleChoiceField(
            label=_("Co-organising labs"),
            queryset=labs,
            required=False,
            initial=list(event.co_organisers.values_list("pk", flat=True)) if event else [],
            widget=forms.CheckboxSelectMultiple,
            help_text=_("Their teams see the registrations and may change, check in and cancel, like yours."),
        )

    def clean_title(self) -> str:
        title: str = self.cleaned_data["title"].strip()
        if len(title) < 3:
            raise forms.ValidationError(_("The title needs at least 3 characters."))
        return title

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        clean_coordinates(self, cleaned)
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The event must end after it starts."))
        return cleaned


class QuestionForm(ServiceModelForm[Question]):
    model_validation = False  # the service validates the question

    class Meta:
        model = Question
        fields = ["label", "kind", "choices", "required", "position"]
        widgets = {"choices": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].widget = forms.RadioSelect(choices=QuestionKind.choices)
        self.fields["position"].widget.attrs.update({"min": 0, "max": 1000})
        self.fields["position"].required = False

    def clean_position(self) -> int:
        return self.cleaned_data.get("position") or 0


class RegistrationForm(forms.Form):
    """Name and e-mail for guests; one field per question of the event."""

    name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)

    def __init__(self, *args: Any, questions: list[Question], guest: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not guest:
            del self.fields["name"]
            del self.fields["email"]
        else:
            self.fields["email"].help_text = _("We send you a link to confirm your registration.")
        self.questions = questions
        for question in questions:
            field: forms.Field
            if question.kind == QuestionKind.CHOICE:
                choices = [(c, c) for c in question.choice_list]
                field = forms.ChoiceField(choices=choices, widget=forms.RadioSelect)
            elif question.kind == QuestionKind.YES_NO:
                field = forms.ChoiceField(choices=[(YES, _("Yes")), (NO, _("No"))], widget=forms.RadioSelect)
            else:
                field = forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
            field.label = question.label
            field.required = question.required
            self.fields[f"question_{question.pk}"] = field

    def answers(self) -> dict[int, str]:
        return {q.pk: self.cleaned_data.get(f"question_{q.pk}") or "" for q in self.questions}


class EventFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("All types")), *EventKind.choices])
    lab = forms.ChoiceField(label=_("Lab"), required=False)
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        widget=DATE_INPUT,
        validators=[validate_plausible_date],
    )
    date_to = forms.DateField(
        label=_("Until"),
        required=False,
        widget=DATE_INPUT,
        validators=[validate_plausible_date],
    )
    free = forms.BooleanField(label=_("Only with free seats"), required=False)
    past = forms.BooleanField(label=_("Past events instead"), required=False)

    def __init__(self, *args: Any, labs: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lab"].choices = [("", _("All labs")), ("network", _("Network of labs")), *labs]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end must not lie before the start."))
        return cleaned


class AttendeeSearchForm(forms.Form):
    q = forms.CharField(label=_("Search by name, e-mail or code"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("All")),
            ("active", _("Active")),
            *[(s.value, s.label) for s in RegistrationStatus if s != RegistrationStatus.UNCONFIRMED],
        ],
    )


class CheckInCodeForm(forms.Form):
    code = forms.CharField(label=_("Check in by code"), max_length=20)


class EventCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Message to the registered people (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
