from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kosilab.cocreation.models import IdeaStatus
from kosilab.cocreation.selectors import SORTS
from kosilab.core.maps import clean_coordinates, latitude_formfield, longitude_formfield
from kosilab.core.uploads import IMAGE_MAX_BYTES, clean_image


class IdeaForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("Your idea"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8}))
    image = forms.FileField(
        label=_("Image (optional)"),
        required=False,
        help_text=_("A JPEG, PNG or WebP image of at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    address = forms.CharField(
        label=_("Place (optional)"),
        max_length=300,
        required=False,
        help_text=_("An address or a description of the place the idea is about."),
    )
    latitude = latitude_formfield()
    longitude = longitude_formfield()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        clean_coordinates(self, cleaned)
        return cleaned

    def clean_image(self) -> Any:
        image = self.cleaned_data.get("image")
        if image and hasattr(image, "content_type"):  # a new upload, not the stored file
            return clean_image(image, max_bytes=IMAGE_MAX_BYTES)
        return None


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Your comment"), max_length=3000, widget=forms.Textarea(attrs={"rows": 4}))
    parent = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with it?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )


class ModerateForm(forms.Form):
    hidden = forms.BooleanField(label=_("Hide it"), required=False)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        required=False,
        help_text=_("Shown to everyone instead of the text."),
    )


class AnswerForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=IdeaStatus.choices)
    answer = forms.CharField(
        label=_("Answer of the lab"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Shown with the idea. Needed when the idea is not pursued: say why."),
    )


class SortForm(forms.Form):
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("new", _("Newest")), ("supported", _("Most supported")), ("discussed", _("Most discussed"))],
    )

    def sort_key(self) -> str:
        value = self.cleaned_data.get("sort") if self.is_valid() else ""
        return value if value in SORTS else "new"
