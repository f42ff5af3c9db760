from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kosilab.core.forms import DATE_INPUT, ServiceModelForm, formfield
from kosilab.impact.models import Indicator, Measurement

NUMBER = forms.TextInput(attrs={"inputmode": "decimal"})


class IndicatorForm(ServiceModelForm[Indicator]):
    """The fields staff set. Lab, process, author and position are never taken from the form."""

    class Meta:
        model = Indicator
        formfield_callback = formfield
        fields = ["name", "unit", "level", "description", "baseline", "target", "target_date", "sdg"]
        localized_fields = ["baseline", "target"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "baseline": NUMBER,
            "target": NUMBER,
            "target_date": DATE_INPUT,
        }
        help_texts = {
            "level": _(
                "Input: what goes in. Output: what the work produces. Outcome: what changes for people. "
                "Impact: what changes in the city in the long run."
            ),
            "baseline": _("The value before the work started."),
            "target_date": _("By when the target should be reached."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sdg: Any = self.fields["sdg"]
        sdg.empty_label = _("none")


class MeasurementForm(ServiceModelForm[Measurement]):
    class Meta:
        model = Measurement
        formfield_callback = formfield
        fields = ["measured_on", "value", "source", "note"]
        localized_fields = ["value"]
        widgets = {"measured_on": DATE_INPUT, "value": NUMBER, "note": forms.Textarea(attrs={"rows": 2})}
