"""How fields are rendered: the form renderer (core/forms_renderer.py) and ``{% form_field %}``."""

from __future__ import annotations

import jinja2
import pytest
from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.forms.renderers import get_default_renderer
from django.template import engines
from django.utils import translation

from kosilab.core.forms_renderer import FormRenderer
from kosilab.core.widgets import AutocompleteWidget


class ExampleForm(forms.Form):
    name = forms.CharField(label="Name <b>", help_text="Wie im Ausweis & sonst", max_length=10)
    kind = forms.ChoiceField(
        label="Art", choices=[("a", "Alpha"), ("b", "Beta & Co")], widget=forms.RadioSelect, required=False
    )
    tags = forms.MultipleChoiceField(
        label="Schlagworte", choices=[("x", "X"), ("y", "Y")], widget=forms.CheckboxSelectMultiple
    )
    agree = forms.BooleanField(label="Einverstanden")
    sector = forms.ChoiceField(label="Sektor", choices=[("", "–"), ("civil", "Zivilgesellschaft")])


def _field(form: forms.Form, name: str) -> str:
    return engines["django"].from_string("{% load kosilab %}{% form_field field %}").render({"field": form[name]})


def test_django_widgets_are_rendered_by_jinja2_and_the_others_by_django():
    renderer = get_default_renderer()
    assert isinstance(renderer, FormRenderer)
    assert isinstance(renderer.get_template("django/forms/widgets/select.html").template, jinja2.Template)
    # No Jinja2 version: the platform's own widget and the admin's are Django templates.
    for name in (AutocompleteWidget.template_name, AdminDateWidget.template_name):
        assert not isinstance(getattr(renderer.get_template(name), "template", None), jinja2.Template)
    assert "data-autocomplete" in AutocompleteWidget(url="/x/").render("person", None)


def test_a_field_shows_label_required_help_and_widget_with_the_ids_that_tie_them():
    html = _field(ExampleForm(), "name")
    assert html.startswith('<div class="field">')
    assert '<label for="id_name">Name &lt;b&gt;:</label> <span class="required">(Pflichtfeld)</span>' in html
    assert 'aria-describedby="id_name_helptext"' in html
    assert '<p class="help" id="id_name_helptext">Wie im Ausweis &amp; sonst</p>' in html


@pytest.mark.parametrize(("language", "word"), [("de", "Pflichtfeld"), ("en", "required")])
def test_required_is_said_in_the_readers_language(language, word):
    with translation.override(language):
        assert f'<span class="required">({word})</span>' in _field(ExampleForm(), "name")


def test_choices_are_a_fieldset_with_a_legend_and_a_checkbox_has_its_label_after_it():
    radios = _field(ExampleForm(), "kind")
    assert radios.startswith('<div class="field"><fieldset><legend>Art</legend>')
    assert "Beta &amp; Co" in radios
    assert '<span class="required">' not in radios
    checkboxes = _field(ExampleForm(), "tags")
    assert '<legend>Schlagworte <span class="required">(Pflichtfeld)</span></legend>' in checkboxes
    agree = _field(ExampleForm(), "agree")
    assert agree.index('type="checkbox"') < agree.index('<label for="id_agree">')


def test_errors_are_shown_in_the_field_and_tied_to_the_widget():
    form = ExampleForm({"name": "x" * 11, "sector": "civil"})
    assert not form.is_valid()
    html = _field(form, "name")
    assert html.startswith('<div class="field field-error">')
    assert '<div class="error" id="id_name_error"><p>' in html
    assert 'aria-invalid="true"' in html
    assert html.count("<p>") == len(form.errors["name"])
    assert '<option value="civil" selected>Zivilgesellschaft</option>' in _field(form, "sector")
