"""The form protocol of the views (core/forms.py): ModelForms validate a copy of their instance, and
a form page answers 400 to a submission it did not save."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.forms.models import model_to_dict
from django.test import RequestFactory

import kosilab
from kosilab.core.forms import ServiceModelForm, form_status
from kosilab.core.tests.factories import LabFactory
from kosilab.labs.forms import LabForm
from kosilab.labs.models import Lab

pytestmark = pytest.mark.django_db


def _model_forms() -> list[type[forms.BaseModelForm]]:
    found = []
    for module_info in pkgutil.iter_modules(kosilab.__path__):
        try:
            module = importlib.import_module(f"kosilab.{module_info.name}.forms")
        except ModuleNotFoundError:
            continue
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and issubclass(value, forms.BaseModelForm)
                and value.__module__ == module.__name__
            ):
                found.append(value)
    return found


def test_every_model_form_is_a_service_model_form():
    model_forms = _model_forms()
    assert len(model_forms) > 10
    assert [form for form in model_forms if not issubclass(form, ServiceModelForm)] == []


def test_the_form_validates_a_copy_and_leaves_the_instance_alone():
    lab = LabFactory(name="Stadtlabor")
    data = {key: value for key, value in model_to_dict(lab, LabForm._meta.fields).items() if value is not None}
    form = LabForm({**data, "name": "Neuer Name"}, instance=lab)
    assert form.is_valid(), form.errors
    assert form.instance is not lab
    assert form.instance.name == "Neuer Name"  # model validation ran on the copy
    assert lab.name == "Stadtlabor"
    assert Lab.objects.get(pk=lab.pk).name == "Stadtlabor"


def test_model_validation_can_be_left_to_the_service():
    class Unchecked(ServiceModelForm[Lab]):
        model_validation = False

        class Meta:
            model = Lab
            fields = ["name"]

    lab = LabFactory(name="Stadtlabor")
    form = Unchecked({"name": "Neuer Name"}, instance=lab)
    assert form.is_valid(), form.errors
    assert form.instance.name == "Stadtlabor"  # nothing copied into the instance, nothing validated there


@pytest.mark.parametrize(("method", "status"), [("get", 200), ("head", 200), ("post", 400)])
def test_form_status(method, status):
    assert form_status(getattr(RequestFactory(), method)("/")) == status
