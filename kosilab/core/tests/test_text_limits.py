"""A text's max_length holds in services' full_clean, not only in forms (core/text_limits.py)."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import translation

from kosilab.cocreation import services
from kosilab.cocreation.models import Comment
from kosilab.cocreation.tests.factories import idea, open_challenge
from kosilab.core.tests.factories import UserFactory


def test_every_text_field_with_a_limit_validates_it():
    limited = [
        field
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.TextField) and field.max_length
    ]
    assert len(limited) > 50
    missing = [
        f"{field.model._meta.label}.{field.name}"
        for field in limited
        if not any(isinstance(v, MaxLengthValidator) and v.limit_value == field.max_length for v in field.validators)
    ]
    assert missing == []


@pytest.mark.django_db
def test_a_comment_one_character_too_long_is_refused_by_the_service_and_nothing_is_saved(lab):
    the_idea = idea(open_challenge(lab))
    author = UserFactory()
    with translation.override("de"), pytest.raises(ValidationError) as refused:
        services.comment_create(idea=the_idea, author=author, text="x" * 3001)
    assert refused.value.message_dict["text"] == [
        "Bitte sicherstellen, dass der Wert aus höchstens 3000 Zeichen besteht. (Er besteht aus 3001 Zeichen.)"
    ]
    assert not Comment.objects.exists()
    the_idea.refresh_from_db()
    assert the_idea.comment_count == 0
    assert services.comment_create(idea=the_idea, author=author, text="x" * 3000).text == "x" * 3000
