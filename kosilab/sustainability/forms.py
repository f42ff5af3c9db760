from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kosilab.actors.models import Organisation
from kosilab.core.forms import DATE_INPUT, ServiceModelForm, formfield
from kosilab.sustainability.archive import MAX_ARCHIVE_BYTES, MB
from kosilab.sustainability.models import Funding, Mandate, Outcome, RenewalDecision, Sponsor
from kosilab.sustainability.services import (
    DECISION_CHANGEABLE,
    DECISION_FIELDS,
    FUNDING_FIELDS,
    MANDATE_FIELDS,
    SPONSOR_FIELDS,
)

TEXTAREA = forms.Textarea(attrs={"rows": 3})


def _organisations(field: forms.Field, empty_label: Any) -> None:
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = Organisation.objects.order_by("name", "id")
    field.empty_label = empty_label


class MandateForm(ServiceModelForm[Mandate]):
    # Dates in order and the term's end are checked by the service (with a message on the field).
    model_validation = False

    class Meta:
        model = Mandate
        formfield_callback = formfield
        fields = list(MANDATE_FIELDS)
        widgets = {
            "starts_on": DATE_INPUT,
            "ends_on": DATE_INPUT,
            "term_ends_on": DATE_INPUT,
            "note": TEXTAREA,
        }


class SponsorForm(ServiceModelForm[Sponsor]):
    model_validation = False

    class Meta:
        model = Sponsor
        formfield_callback = formfield
        fields = list(SPONSOR_FIELDS)
        widgets = {"since": DATE_INPUT, "until": DATE_INPUT, "note": TEXTAREA}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _organisations(self.fields["organisation"], _("Not in the list (enter the name below)"))


class FundingForm(ServiceModelForm[Funding]):
    model_validation = False

    class Meta:
        model = Funding
        formfield_callback = formfield
        fields = list(FUNDING_FIELDS)
        widgets = {"starts_on": DATE_INPUT, "ends_on": DATE_INPUT, "note": TEXTAREA}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _organisations(self.fields["funder_organisation"], _("Not in the list (enter the name below)"))
        self.fields["amount_per_year"].validators.append(MinValueValidator(0))
        self.fields["budget_share"].validators += [MinValueValidator(0), MaxValueValidator(100)]


class DecisionForm(ServiceModelForm[RenewalDecision]):
    model_validation = False

    class Meta:
        model = RenewalDecision
        formfield_callback = formfield
        fields = list(DECISION_FIELDS)
        widgets = {"decided_on": DATE_INPUT, "new_ends_on": DATE_INPUT, "note": TEXTAREA}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        outcome, new_end = cleaned.get("outcome"), cleaned.get("new_ends_on")
        if outcome == Outcome.EXTENDED and new_end is None:
            self.add_error("new_ends_on", _("Give the new end of the extension."))
        if outcome == Outcome.PENDING and new_end is not None:
            self.add_error("new_ends_on", _("A pending decision has no new end yet."))
        return cleaned


class DecisionChangeForm(ServiceModelForm[RenewalDecision]):
    model_validation = False

    class Meta:
        model = RenewalDecision
        formfield_callback = formfield
        fields = list(DECISION_CHANGEABLE)
        widgets = {"decided_on": DATE_INPUT, "note": TEXTAREA}


class ImportForm(forms.Form):
    archive = forms.FileField(
        label=_("Legacy archive (ZIP)"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["archive"].help_text = gettext(
            "The file legacy.zip that the predecessor lab exported, at most %(size)d MB."
        ) % {"size": MAX_ARCHIVE_BYTES // MB}

    def clean_archive(self) -> Any:
        upload = self.cleaned_data["archive"]
        if upload.size > MAX_ARCHIVE_BYTES:
            raise forms.ValidationError(
                gettext("The archive is larger than %(size)d MB.") % {"size": MAX_ARCHIVE_BYTES // MB}
            )
        return upload
