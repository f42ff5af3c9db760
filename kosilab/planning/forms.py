"""Forms of the planner. They name their fields; lab, process, position and people who created or
booked are never taken from a request."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from kosilab.core.content_languages import localise
from kosilab.core.forms import DATE_INPUT, ServiceModelForm, formfield
from kosilab.core.validators import validate_plausible_date
from kosilab.events.models import Event, EventStatus
from kosilab.methods.models import Method
from kosilab.planning.models import (
    MAX_BLOCK_MINUTES,
    MAX_SLOT_MINUTES,
    MIN_BLOCK_MINUTES,
    MIN_SLOT_MINUTES,
    Block,
    Session,
)
from kosilab.planning.services import DOWN, UP
from kosilab.processes.models import Process
from kosilab.rooms.models import Resource, Room

TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _minutes_field(label: Any, *, required: bool = True, help_text: Any = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=MIN_BLOCK_MINUTES,
        max_value=MAX_BLOCK_MINUTES,
        help_text=help_text,
    )


class SessionForm(ServiceModelForm[Session]):
    model_validation = False  # the service validates the session

    slot_minutes = forms.IntegerField(
        label=_("Time available (minutes)"),
        min_value=MIN_SLOT_MINUTES,
        max_value=MAX_SLOT_MINUTES,
        initial=180,
        help_text=_("How long the room and the people are there."),
    )

    class Meta:
        model = Session
        formfield_callback = formfield
        fields = ["template_name", "title", "date", "starts_at", "slot_minutes", "room", "event", "notes"]
        widgets = {"date": DATE_INPUT, "starts_at": TIME, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, lab: Any, template: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if template:
            del self.fields["date"]
            del self.fields["room"]
            del self.fields["event"]
            self.fields["template_name"].required = True
        else:
            del self.fields["template_name"]
            self.fields["date"].required = True
        self.fields["starts_at"].input_formats = ["%H:%M", "%H:%M:%S"]  # type: ignore[attr-defined]
        if "room" in self.fields:
            room: Any = self.fields["room"]
            room.queryset = Room.objects.filter(lab=lab, is_active=True).order_by("name")
            room.required = False
            room.help_text = _("Book it from the plan once the blocks are set.")
            if not room.queryset.exists():
                del self.fields["room"]
        if "event" in self.fields:
            self._event_field(lab)

    def _event_field(self, lab: Any) -> None:
        """The lab's events that have not ended and are not cancelled, and the one linked now."""
        event: Any = self.fields["event"]
        linked = Q(pk=self.instance.event_id) if self.instance.event_id else Q(pk__in=[])
        upcoming = Q(ends_at__gte=timezone.now()) & ~Q(status=EventStatus.CANCELLED)
        event.queryset = Event.objects.filter(Q(lab=lab) & (upcoming | linked)).order_by("starts_at", "pk")
        event.required = False
        event.label_from_instance = lambda e: (
            f"{localise(e, 'title').text} ({date_format(timezone.localtime(e.starts_at), 'SHORT_DATE_FORMAT')})"
        )
        event.help_text = _(
            "The event of the lab this session is the plan of: its page shows the agenda to the lab's team."
        )
        if not event.queryset.exists():
            del self.fields["event"]


class MethodBlockForm(forms.Form):
    method: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Method from the library"), queryset=Method.objects.none()
    )
    minutes = _minutes_field(_("Minutes"), required=False, help_text=_("Leave empty for the method's shortest run."))

    def __init__(self, *args: Any, methods: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["method"]
        field.queryset = methods
        field.label_from_instance = lambda method: method.title


class FreeBlockForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, help_text=_("For example: Welcome, Break, Wrap-up."))
    minutes = _minutes_field(_("Minutes"))


class BlockForm(ServiceModelForm[Block]):
    model_validation = False  # the service validates the block against its session

    minutes = _minutes_field(_("Minutes"))

    class Meta:
        model = Block
        fields = ["title", "minutes", "responsible", "responsible_name", "notes", "materials"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3}), "materials": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        responsible: Any = self.fields["responsible"]
        responsible.queryset = people
        responsible.label_from_instance = lambda user: user.name or user.email
        responsible.help_text = _("Someone from the process team or the lab team.")


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[(UP, _("up")), (DOWN, _("down"))])


class ReorderForm(forms.Form):
    order = forms.RegexField(regex=r"^\d{1,12}(,\d{1,12}){0,99}$", max_length=1400)

    def order_ids(self) -> list[int]:
        return [int(pk) for pk in self.cleaned_data["order"].split(",")]


class TemplateForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the template"), max_length=150, help_text=_("The lab's team sees it under this name.")
    )


class CopyForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE_INPUT, validators=[validate_plausible_date])
    starts_at = forms.TimeField(label=_("Starts at"), widget=TIME)
    title = forms.CharField(label=_("Title"), max_length=200)


class FromTemplateForm(CopyForm):
    process: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Lab process"), queryset=Process.objects.none()
    )

    field_order = ["process", "title", "date", "starts_at"]

    def __init__(self, *args: Any, processes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["process"]
        field.queryset = processes
        field.label_from_instance = lambda process: localise(process, "title").text


class BookForm(forms.Form):
    """A room of the lab and the resources with their quantities (0: not needed)."""

    room: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Room"), queryset=Room.objects.none(), required=False
    )

    def __init__(self, *args: Any, lab: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        room: Any = self.fields["room"]
        room.queryset = Room.objects.filter(lab=lab, is_active=True).order_by("name")
        self.resources = list(Resource.objects.filter(lab=lab, is_active=True).order_by("name", "pk"))
        for resource in self.resources:
            self.fields[f"resource_{resource.pk}"] = forms.IntegerField(
                label=resource.name,
                required=False,
                min_value=0,
                max_value=resource.quantity,
                initial=0,
                help_text=_("%(count)d available in total.") % {"count": resource.quantity},
            )

    def chosen_resources(self) -> dict[Resource, int]:
        return {r: self.cleaned_data.get(f"resource_{r.pk}") or 0 for r in self.resources}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("room") and not any(cleaned.get(f"resource_{r.pk}") for r in self.resources):
            raise forms.ValidationError(_("Choose a room or at least one resource."))
        return cleaned


class RecommendForm(forms.Form):
    setting = forms.ChoiceField(
        label=_("Setting"), choices=[("offline", _("In a room")), ("online", _("Online"))], required=False
    )
    participants = forms.IntegerField(label=_("Participants"), min_value=1, max_value=1000, required=False)
    minutes = forms.IntegerField(
        label=_("Minutes"), min_value=MIN_BLOCK_MINUTES, max_value=MAX_SLOT_MINUTES, required=False
    )
