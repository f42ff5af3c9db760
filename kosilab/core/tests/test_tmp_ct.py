import pytest
from django.utils import translation

from kosilab.challenges.models import Challenge
from kosilab.core.content_languages import localise, translation_field_names, untranslated
from kosilab.core.tests.factories import ChallengeFactory, LabFactory


@pytest.mark.django_db
def test_it():
    c = ChallengeFactory(lab=LabFactory(), title="Wie wohnen wir", summary="Kurz")
    c.title_en = "How do we live"
    c.save()
    c = Challenge.objects.get(pk=c.pk)
    assert c.i18n == {"title_en": "How do we live"}
    assert localise(c, "title", "en").text == "How do we live"
    assert localise(c, "summary", "en").language == "de"
    assert untranslated(c, "en") == ["summary"]
    assert translation_field_names(Challenge) == ("title_en", "summary_en", "context_en", "goals_en")
    assert Challenge.objects.filter(title_i18n__icontains="live").count() == 0
    with translation.override("en"):
        assert Challenge.objects.filter(title_i18n__icontains="live").count() == 1
        assert Challenge.objects.filter(summary_i18n__icontains="kurz").count() == 1
    c.full_clean()
