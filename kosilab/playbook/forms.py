"""Forms of the playbook pages. They parse; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kosilab.accounts.models import User
from kosilab.playbook.content import DIMENSIONS, SCALE, Phase
from kosilab.playbook.models import NAME_MAX, NOTES_MAX, BlockState, BlockStatus
from kosilab.playbook.services import NOTE_MAX


class BlockForm(forms.Form):
    """Notes, responsible person and status of one building block.

    The responsible person is chosen from ``team`` (loaded once for all blocks of a page); a
    person who has left the team but is still responsible stays selectable.
    """

    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=NOTES_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Answers to the guiding questions, decisions, open points."),
    )
    responsible = forms.TypedChoiceField(label=_("Responsible person from the lab team"), required=False, coerce=int)
    responsible_name = forms.CharField(
        label=_("Or responsible person without an account"),
        required=False,
        max_length=NAME_MAX,
        help_text=_("For example a person in the administration: name and office."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=BlockStatus.choices)

    def __init__(self, *args: Any, team: list[User], state: BlockState | None = None, **kwargs: Any) -> None:
        if state is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "notes": state.notes,
                "responsible": state.responsible_id or "",
                "responsible_name": state.responsible_name,
                "status": state.status,
            }
        super().__init__(*args, **kwargs)
        people = {user.pk: user for user in team}
        if state is not None and state.responsible is not None:
            people.setdefault(state.responsible.pk, state.responsible)
        self.people = people
        field = self.fields["responsible"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", _("nobody chosen")), *((pk, user.name or user.email) for pk, user in people.items())]
        # The values the person saw go along as hidden inputs: a save writes only the blocks they
        # changed, so two people working on different blocks of one phase do not overwrite each other.
        for name in self.fields:
            self.fields[name].show_hidden_initial = True

    def clean_responsible(self) -> User | None:
        value = self.cleaned_data.get("responsible")
        return self.people.get(value) if value not in (None, "") else None


class ChecklistForm(forms.Form):
    done = forms.MultipleChoiceField(
        label=_("Checklist"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick what is done, untick what is not, then save."),
    )

    def __init__(self, *args: Any, phase: Phase, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["done"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(item.key, item.text) for item in phase.checklist]
        field.show_hidden_initial = True

    def seen_done(self) -> set[str]:
        """The items that were ticked when the page was shown (from the hidden inputs)."""
        bound = self["done"]
        value = self.fields["done"].hidden_widget().value_from_datadict(self.data, self.files, bound.html_initial_name)
        return {str(key) for key in value or []}

    def ticked(self) -> set[str]:
        return set(self.cleaned_data["done"]) - self.seen_done()

    def unticked(self) -> set[str]:
        return self.seen_done() - set(self.cleaned_data["done"])


class AssessmentForm(forms.Form):
    """One radio group (0–4) per question, all required; grouped by dimension in the template."""

    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional: who took part in the assessment, what stood out."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for dimension in DIMENSIONS:
            for question in dimension.questions:
                self.fields[question.key] = forms.TypedChoiceField(
                    label=question.text,
                    choices=SCALE,
                    coerce=int,
                    widget=forms.RadioSelect,
                    error_messages={
                        "required": _("Please answer this question."),
                        "invalid_choice": _("Please choose a score from 0 to 4."),
                    },
                )

    def groups(self) -> list[tuple[Any, list[forms.BoundField]]]:
        """The question fields, per dimension: (dimension, bound fields)."""
        return [(dimension, [self[question.key] for question in dimension.questions]) for dimension in DIMENSIONS]

    def answers(self) -> dict[str, int]:
        return {question.key: self.cleaned_data[question.key] for d in DIMENSIONS for question in d.questions}

    def question_errors(self) -> int:
        return sum(1 for d in DIMENSIONS for q in d.questions if q.key in self.errors)
