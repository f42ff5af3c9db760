from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kosilab.core.forms import ServiceModelForm
from kosilab.core.uploads import DOCUMENT_MAX_BYTES, clean_document
from kosilab.processes.models import Process, ProcessPhase
from kosilab.results.models import CANVAS_FIELDS, CANVAS_TEXT_MAX, Result
from kosilab.results.services import RESULT_FIELDS

ACCEPT = ".pdf,.jpg,.jpeg,.png,.webp,.txt,.csv,.docx,.xlsx,.pptx,.odt,.ods,.odp"


class ResultForm(ServiceModelForm[Result]):
    class Meta:
        model = Result
        fields = list(RESULT_FIELDS)  # the fields the service writes
        widgets = {"summary": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args: Any, process: Process, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        phase = self.fields["phase"]
        assert isinstance(phase, forms.ModelChoiceField)
        phase.queryset = ProcessPhase.objects.filter(process=process).order_by("position")
        phase.empty_label = _("No particular phase")
        phase.label_from_instance = lambda p: p.label  # type: ignore[method-assign,assignment]
        if not self.instance.pk and process.current_phase_id:
            self.initial.setdefault("phase", process.current_phase_id)


class CanvasForm(forms.Form):
    """One text field per field of the result's canvas."""

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label, help_text in CANVAS_FIELDS.get(kind, []):
            self.fields[key] = forms.CharField(
                label=label,
                help_text=help_text,
                required=False,
                max_length=CANVAS_TEXT_MAX,
                widget=forms.Textarea(attrs={"rows": 5}),
            )


class ResultFileForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        max_length=255,
        help_text=_(
            "PDF, image (JPEG, PNG, WebP), text or CSV, or an office document (Word, Excel, PowerPoint, "
            "OpenDocument); at most 10 MB. Images are stored anew, without their metadata."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    description = forms.CharField(label=_("Description"), max_length=300, required=False)

    max_bytes = DOCUMENT_MAX_BYTES

    def clean_file(self) -> Any:
        return clean_document(self.cleaned_data["file"], max_bytes=self.max_bytes)


class DeleteForm(forms.Form):
    """A confirmation without fields."""
