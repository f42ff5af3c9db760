"""The form renderer: Django's own widget templates in their Jinja2 version, everything else as before.

Rendering a form field means rendering its widget's templates, one per ``<option>`` of a select.
With Django's template language that was a quarter of the time of a page with a filter form (the
method library's search: 54 options); the same templates in Jinja2, which Django ships next to the
others (``django/forms/jinja2``), render the same HTML several times faster. A template without a
Jinja2 version (the admin's widgets, the platform's own autocomplete) is rendered by Django's engine.
"""

from __future__ import annotations

from typing import Any

from django.forms.renderers import BaseRenderer, DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist


class FormRenderer(BaseRenderer):
    def __init__(self) -> None:
        self.jinja2 = Jinja2()
        self.django = DjangoTemplates()
        self._not_in_jinja2: set[str] = set()  # looked up once: Jinja2 does not remember a miss

    def get_template(self, template_name: str) -> Any:
        if template_name not in self._not_in_jinja2:
            try:
                return self.jinja2.get_template(template_name)
            except TemplateDoesNotExist:
                self._not_in_jinja2.add(template_name)
        return self.django.get_template(template_name)
