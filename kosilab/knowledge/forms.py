"""The one form of a lab profile's values (proposals and a lab's own profile), and the review forms.

``ProfileForm`` covers every facet: the identity of the lab, then one group per fact of
``facets.FACTS`` (its fields, new sources for it, "unverified"). Multi-valued facets are checkbox
groups (a fieldset with a legend each); texts are asked in both languages. With ``proposal=True``
it also asks the sources of the whole proposal and, for lab staff of several labs, on whose behalf.
The services check everything again (``services._clean_values``, ``_check_profile``): the form
leaves the model's validation to them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from kosilab.core.errors import DomainError
from kosilab.core.forms import ServiceModelForm, formfield
from kosilab.knowledge import services
from kosilab.knowledge.facets import FACETS, FACT_LABELS, FACTS
from kosilab.knowledge.history import IDENTITY_FIELDS
from kosilab.knowledge.models import LabProfile, ProposalStatus
from kosilab.knowledge.prefill import Suggestion
from kosilab.labs.models import Lab
from kosilab.methods.models import Method
from kosilab.methods.selectors import by_title

TEXT_ROWS = 3


class SourcesField(forms.CharField):
    """Sources, one per line (web addresses or references); cleaned into a list."""

    widget = forms.Textarea

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 3000)
        super().__init__(**kwargs)
        self.widget.attrs["rows"] = 2

    def clean(self, value: Any) -> Any:
        text = super().clean(value)
        try:
            return services.sources_parse(text=text or "")
        except DomainError as error:
            raise forms.ValidationError(error.message) from None


@dataclass
class FieldRow:
    field: forms.BoundField
    suggestion: Suggestion | None = None


@dataclass
class FactGroup:
    """One fact in the form: its fields, its current provenance, new sources, "unverified"."""

    key: str
    label: Any
    rows: list[FieldRow]
    sources_row: FieldRow
    unverified_row: FieldRow
    current: Mapping[str, Any] = field(default_factory=dict)


class ProfileForm(ServiceModelForm[LabProfile]):
    model_validation: ClassVar[bool] = False

    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Why you change it, for the profile's history (optional)."),
    )

    class Meta:
        model = LabProfile
        formfield_callback = formfield
        fields = [name for name in services.VALUE_FIELDS if name != "methods"]

    def __init__(
        self,
        *args: Any,
        proposal: bool = False,
        labs: Iterable[Lab] = (),
        lab_required: bool = True,
        suggestions: Mapping[str, Suggestion] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.suggestions: dict[str, Suggestion] = dict(suggestions or {})
        self.proposal = proposal
        self.single_lab: Lab | None = None
        for facet in FACETS:
            if facet.multiple:
                self.fields[facet.field] = forms.MultipleChoiceField(
                    label=self.fields[facet.field].label,
                    choices=facet.choices,
                    required=False,
                    widget=forms.CheckboxSelectMultiple,
                )
        self.fields["methods"] = forms.ModelMultipleChoiceField(
            label=_("Methods of the method library"),
            queryset=by_title(Method.objects.filter(lab__isnull=True)),
            to_field_name="slug",
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        if self.instance.pk:
            self.initial.setdefault("methods", list(self.instance.methods.values_list("slug", flat=True)))
        for name, model_field in self.fields.items():
            if name.endswith(("_de", "_en")) and isinstance(model_field.widget, forms.Textarea):
                model_field.widget.attrs["rows"] = TEXT_ROWS
        self.fields["country"].help_text = _("Two letters (ISO 3166), e.g. DE, DK, GB.")
        for fact in FACTS:
            self.fields[f"sources_{fact}"] = SourcesField(
                label=_("New sources for this fact"),
                required=False,
                help_text=_("One web address or reference per line.")
                if not proposal
                else _("One web address or reference per line; if empty, the sources of the whole proposal."),
            )
            self.fields[f"unverified_{fact}"] = forms.BooleanField(label=_("not verified yet"), required=False)
        if proposal:
            self.fields["sources"] = SourcesField(
                label=_("Sources"),
                help_text=_("Where the proposed facts come from: one web address or reference per line."),
            )
            self.fields["sources"].widget.attrs["rows"] = 4
            self.fields["comment"].help_text = _("Anything the reviewers should know (optional).")
            labs = list(labs)
            # Staff of one lab propose on its behalf without being asked; staff of several labs
            # choose; a platform admin may name one of their labs or none.
            self.single_lab = labs[0] if len(labs) == 1 and lab_required else None
            if labs and self.single_lab is None:
                self.fields["lab"] = forms.ModelChoiceField(
                    label=_("On behalf of the lab"),
                    queryset=Lab.objects.filter(pk__in=[lab.pk for lab in labs]).order_by("name", "id"),
                    required=lab_required,
                )

    # --- Layout ------------------------------------------------------------------------------

    def proposal_rows(self) -> list[FieldRow]:
        """On whose behalf, the sources and the comment of a proposal (the comment alone otherwise)."""
        names = [name for name in ("lab", "sources", "comment") if name in self.fields]
        return [FieldRow(self[name]) for name in names]

    def identity_rows(self) -> list[FieldRow]:
        return [FieldRow(self[name], self.suggestions.get(name)) for name in IDENTITY_FIELDS]

    def fact_groups(self) -> list[FactGroup]:
        current = self.instance.facts or {} if self.instance.pk else {}
        return [
            FactGroup(
                key=fact,
                label=FACT_LABELS[fact],
                rows=[FieldRow(self[name], self.suggestions.get(name)) for name in fields],
                sources_row=FieldRow(self[f"sources_{fact}"]),
                unverified_row=FieldRow(self[f"unverified_{fact}"]),
                current=current.get(fact) or {},
            )
            for fact, fields in FACTS.items()
        ]

    # --- For the services -------------------------------------------------------------------

    def profile_data(self) -> dict[str, Any]:
        """The cleaned values as the services take them: fields, method slugs and per-fact provenance."""
        cleaned = self.cleaned_data
        data: dict[str, Any] = {name: cleaned[name] for name in services.VALUE_FIELDS if name != "methods"}
        data["methods"] = [method.slug for method in cleaned.get("methods") or []]
        facts: dict[str, dict[str, Any]] = {}
        for fact in FACTS:
            sources = cleaned.get(f"sources_{fact}") or []
            unverified = bool(cleaned.get(f"unverified_{fact}"))
            if sources or unverified:
                facts[fact] = {"sources": sources, "certainty": "unverified" if unverified else "confirmed"}
        data["facts"] = facts
        return data

    def sources_text(self) -> str:
        return "\n".join(self.cleaned_data.get("sources") or [])


def take_over(form: ProfileForm, data: Any, chosen: Iterable[str]) -> dict[str, Any]:
    """The values of a submitted form, with the chosen suggestions taken over (added to a list,
    written into an empty or single field), as the initial values of a new form: nothing is saved."""
    initial: dict[str, Any] = {}
    for name, bound in form.fields.items():
        initial[name] = bound.widget.value_from_datadict(data, form.files, form.add_prefix(name))
    for name in chosen:
        suggestion = form.suggestions.get(name)
        if suggestion is None or name not in form.fields:
            continue
        if isinstance(suggestion.value, list):
            present = list(initial.get(name) or [])
            initial[name] = present + [key for key in suggestion.value if key not in present]
        else:
            initial[name] = suggestion.value
    return initial


class AcceptForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the proposer (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)
    confirm_changed = forms.BooleanField(
        label=_("I have compared the current values with the proposed ones: write the proposed fields."),
        required=False,
    )


class RejectForm(forms.Form):
    note = forms.CharField(
        label=_("Why the proposal is not taken"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The proposer reads this in the mail about your decision."),
    )


class ProposalFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("all")), *ProposalStatus.choices], required=False)

    def status_or_default(self, default: str) -> str:
        if not self.is_bound:
            return default
        return self.cleaned_data.get("status", "") if self.is_valid() else default


class CheckFactsForm(forms.Form):
    facts = forms.MultipleChoiceField(
        label=_("Facts compared with their sources today"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, profile: LabProfile, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        facts_field = self.fields["facts"]
        assert isinstance(facts_field, forms.MultipleChoiceField)
        facts_field.choices = [(fact, FACT_LABELS[fact]) for fact in FACTS if fact in (profile.facts or {})]
