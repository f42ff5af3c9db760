from __future__ import annotations

import datetime as dt
import io
import uuid
from typing import Any

from django import forms
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from kosilab.core.content_languages import localise
from kosilab.core.forms import DATE_INPUT, ServiceModelForm
from kosilab.core.maps import clean_coordinates, latitude_formfield, longitude_formfield
from kosilab.core.validators import validate_plausible_date
from kosilab.labs.models import Lab
from kosilab.processes.models import Process, ProcessStatus
from kosilab.rooms.extensions import BOOKING_EVENTS
from kosilab.rooms.models import Resource, Room
from kosilab.rooms.services import RESOURCE_FIELDS, ROOM_FIELDS

TIME = forms.TimeInput(attrs={"type": "time", "step": 300}, format="%H:%M")
PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_MAX_PIXELS = 40_000_000
PHOTO_MAX_SIDE = 2000


def reencoded_photo(upload: Any) -> ContentFile[bytes]:
    """The uploaded photo checked by its content and stored anew as JPEG, without its metadata."""
    if upload.size > PHOTO_MAX_BYTES:
        raise forms.ValidationError(_("The photo can be at most 5 MB."), code="too_big")
    try:
        upload.seek(0)
        with Image.open(upload) as original:
            if original.format not in {"JPEG", "PNG", "WEBP"}:
                raise forms.ValidationError(_("Upload a JPEG, PNG or WebP photo."), code="format")
            if original.width * original.height > PHOTO_MAX_PIXELS:
                raise forms.ValidationError(_("The photo has too many pixels."), code="too_big")
            image = ImageOps.exif_transpose(original).convert("RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise forms.ValidationError(_("Upload a JPEG, PNG or WebP photo."), code="format") from None
    image.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.jpg")


class RoomForm(ServiceModelForm[Room]):
    latitude = latitude_formfield()
    longitude = longitude_formfield()

    class Meta:
        model = Room
        fields = list(ROOM_FIELDS)  # the fields the service writes
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "equipment": forms.Textarea(attrs={"rows": 4}),
            "opens_at": TIME,
            "closes_at": TIME,
            "photo": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        }

    def clean_photo(self) -> Any:
        photo = self.cleaned_data.get("photo")
        if photo and hasattr(photo, "content_type"):  # a new upload, not the stored file
            return reencoded_photo(photo)
        return photo

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        clean_coordinates(self, cleaned)
        if cleaned.get("photo") and not cleaned.get("photo_description", "").strip():
            self.add_error("photo_description", _("Say what the photo shows, for people who cannot see it."))
        opens, closes = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The room must close after it opens."))
        return cleaned


class ResourceForm(ServiceModelForm[Resource]):
    class Meta:
        model = Resource
        fields = list(RESOURCE_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class _TimesForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE_INPUT, validators=[validate_plausible_date])
    starts_at = forms.TimeField(label=_("From"), widget=TIME)
    ends_at = forms.TimeField(label=_("Until"), widget=TIME)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        day, starts, ends = cleaned.get("date"), cleaned.get("starts_at"), cleaned.get("ends_at")
        if day and starts and ends:
            zone = timezone.get_current_timezone()
            cleaned["starts"] = dt.datetime.combine(day, starts, tzinfo=zone)
            cleaned["ends"] = dt.datetime.combine(day, ends, tzinfo=zone)
        return cleaned


class BookingForm(_TimesForm):
    """A booking of a room (fixed, or chosen among the lab's rooms) and of the lab's resources.

    One number field per bookable resource of the lab, named ``resource_<id>``.
    """

    room = forms.ModelChoiceField(
        label=_("Room"), queryset=Room.objects.none(), required=False, empty_label=_("No room, only resources")
    )
    purpose = forms.CharField(label=_("Purpose"), max_length=200)
    weekly_until = forms.DateField(
        label=_("Repeat every week until"),
        required=False,
        widget=DATE_INPUT,
        validators=[validate_plausible_date],
        help_text=_("Leave empty for a one-off booking. At most 52 weeks."),
    )
    process = forms.ModelChoiceField(
        label=_("For the lab process"), queryset=Process.objects.none(), required=False, empty_label=_("None")
    )
    # An event of the lab (events is above rooms: the choices come from BOOKING_EVENTS).
    event: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("For the event"),
        queryset=None,
        required=False,
        empty_label=_("None"),
    )

    field_order = ["room", "purpose", "date", "starts_at", "ends_at", "weekly_until", "process", "event"]

    def __init__(self, *args: Any, lab: Lab, room: Room | None, resources: list[Resource], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fixed_room = room
        if room is not None:
            del self.fields["room"]
        else:
            self.fields["room"].queryset = Room.objects.filter(lab=lab, is_active=True).order_by("name", "pk")  # type: ignore[attr-defined]
        self.fields["process"].queryset = Process.objects.filter(  # type: ignore[attr-defined]
            lab=lab, status=ProcessStatus.RUNNING
        ).order_by("title", "pk")
        self.fields["process"].label_from_instance = lambda p: localise(p, "title").text  # type: ignore[attr-defined]
        events = BOOKING_EVENTS(lab)  # upcoming events of the lab, from the events app
        if events:
            self.fields["event"].queryset = events[0]  # type: ignore[attr-defined]
            self.fields["event"].label_from_instance = lambda e: localise(e, "title").text  # type: ignore[attr-defined]
        else:
            del self.fields["event"]
        self.resources = resources
        for resource in resources:
            self.fields[f"resource_{resource.pk}"] = forms.IntegerField(
                label=_("%(resource)s (%(quantity)d in stock)")
                % {"resource": resource.name, "quantity": resource.quantity},
                min_value=0,
                max_value=resource.quantity,
                required=False,
                initial=0,
            )

    @property
    def resource_fields(self) -> list[forms.BoundField]:
        return [self[f"resource_{r.pk}"] for r in self.resources]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        cleaned["resources"] = {r: cleaned.get(f"resource_{r.pk}") or 0 for r in self.resources}
        return cleaned

    def booking_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "room": self.fixed_room if self.fixed_room is not None else data.get("room"),
            "purpose": data["purpose"],
            "starts_at": data["starts"],
            "ends_at": data["ends"],
            "weekly_until": data.get("weekly_until"),
            "process": data.get("process"),
            "event": data.get("event"),
            "resources": {r: q for r, q in data["resources"].items() if q},
        }


class MoveForm(_TimesForm):
    pass


class CancelForm(forms.Form):
    following = forms.BooleanField(label=_("Also cancel the later bookings of this weekly series"), required=False)
