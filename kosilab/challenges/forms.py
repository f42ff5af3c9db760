from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kosilab.challenges.models import Challenge, ChallengeStatus, ParticipationKind
from kosilab.core.forms import DATE_INPUT, ServiceModelForm, formfield
from kosilab.core.sectors import Sector


class ChallengeForm(ServiceModelForm[Challenge]):
    wanted_sectors = forms.MultipleChoiceField(
        label=_("Sectors wanted at the table"),
        choices=Sector.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Challenge
        formfield_callback = formfield
        fields = ["title", "summary", "context", "goals", "status", "starts_on", "ends_on"]
        widgets = {
            "starts_on": DATE_INPUT,
            "ends_on": DATE_INPUT,
            "summary": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["wanted_sectors"] = [w.sector for w in self.instance.wanted_sectors.all()]

    def clean_title(self) -> str:
        title: str = self.cleaned_data["title"].strip()
        if len(title) < 5:
            raise forms.ValidationError(_("The title needs at least 5 characters."))
        return title

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end must not lie before the start."))
        return cleaned


class ParticipationForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("How do you want to take part?"),
        choices=ParticipationKind.choices,
        widget=forms.RadioSelect,
        initial=ParticipationKind.JOINED,
    )
    on_behalf = forms.BooleanField(label=_("On behalf of my organisation"), required=False)
    message = forms.CharField(
        label=_("Message to the lab (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ChallengeFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    lab = forms.ChoiceField(label=_("Lab"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *[(s.value, s.label) for s in ChallengeStatus if s != ChallengeStatus.DRAFT]],
    )
    sector = forms.ChoiceField(
        label=_("Sector wanted"), required=False, choices=[("", _("All sectors")), *Sector.choices]
    )

    def __init__(self, *args: Any, labs: list[tuple[str, str]], with_drafts: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lab"].choices = [("", _("All labs")), *labs]  # type: ignore[attr-defined]
        if with_drafts:
            # Lab staff see their drafts in the list and may filter for them.
            self.fields["status"].choices = [("", _("All statuses")), *ChallengeStatus.choices]  # type: ignore[attr-defined]
