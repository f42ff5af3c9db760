from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kosilab.actors.models import Organisation
from kosilab.continuation.models import FollowUp, Handover, HandoverStatus
from kosilab.continuation.services import HANDOVER_FIELDS
from kosilab.core.forms import DATE_INPUT, ServiceModelForm, formfield


class HandoverForm(ServiceModelForm[Handover]):
    class Meta:
        model = Handover
        formfield_callback = formfield
        fields = list(HANDOVER_FIELDS)
        widgets = {
            "funding": forms.Textarea(attrs={"rows": 3}),
            "decision": forms.Textarea(attrs={"rows": 3}),
            "commitments": forms.Textarea(attrs={"rows": 4}),
            "decision_on": DATE_INPUT,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisation = self.fields["taker_organisation"]
        assert isinstance(organisation, forms.ModelChoiceField)
        organisation.queryset = Organisation.objects.order_by("name", "id")
        organisation.empty_label = _("None of the registered organisations")
        organisation.help_text = _(
            "Or enter the name below, e.g. for a new association or a unit of the administration."
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("taker_organisation") and not (cleaned.get("taker_name") or "").strip():
            self.add_error("taker_name", _("Choose the organisation that takes the result over, or enter its name."))
        return cleaned


class HandoverCreateForm(HandoverForm):
    status = forms.ChoiceField(label=_("Status"), choices=HandoverStatus.choices, initial=HandoverStatus.PLANNED)
    ended_reason = forms.CharField(
        label=_("Reason for the end"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the status is “ended”."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("status") == HandoverStatus.ENDED and not (cleaned.get("ended_reason") or "").strip():
            self.add_error("ended_reason", _("Say why the continuation has ended."))
        return cleaned


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=HandoverStatus.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    ended_reason = forms.CharField(
        label=_("Reason for the end"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the status is “ended”."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("status") == HandoverStatus.ENDED and not (cleaned.get("ended_reason") or "").strip():
            self.add_error("ended_reason", _("Say why the continuation has ended."))
        return cleaned


class FollowUpForm(ServiceModelForm[FollowUp]):
    class Meta:
        model = FollowUp
        formfield_callback = formfield
        fields = ["due_on", "note"]
        widgets = {"due_on": DATE_INPUT}
