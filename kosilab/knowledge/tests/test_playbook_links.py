"""The playbook's readiness self-assessment links each dimension to the case studies that illustrate
it (``playbook.dimension_examples``, contributed by knowledge): one query for all dimensions."""

from __future__ import annotations

import pytest
from django.utils import translation

from kosilab.knowledge import selectors
from kosilab.knowledge.models import LabProfile
from kosilab.knowledge.tests.comparing import case_study, only_these_case_studies, own_profile
from kosilab.playbook import services as playbook_services
from kosilab.playbook.tests.factories import all_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def examples(lab):
    only_these_case_studies()
    case_study(
        "backed",
        "Backed Lab",
        illustrates={
            "political_backing": {"de": "Der Bürgermeister stand dahinter.", "en": "The mayor stood behind it."},
            "continuation": {"de": "Endete mit der Amtszeit.", "en": ""},
        },
    )
    case_study(
        "anchored",
        "Anchored Lab",
        illustrates={"administrative_anchoring": {"de": "", "en": "A unit of the ministry."}},
    )
    case_study("plain", "Plain Lab")
    # A hosted lab's profile is not a case study: never listed, whatever it says.
    own_profile(lab, illustrates={"political_backing": {"de": "x", "en": "Our own lab."}})


def test_the_case_studies_per_dimension_in_one_query(examples, django_assert_num_queries):
    with translation.override("en"), django_assert_num_queries(1):
        found = selectors.dimension_examples()
    assert {key: [(e.profile.name, e.note, e.language) for e in items] for key, items in found.items()} == {
        "political_backing": [("Backed Lab", "The mayor stood behind it.", "en")],
        "continuation": [("Backed Lab", "Endete mit der Amtszeit.", "de")],  # only in German: said so
        "administrative_anchoring": [("Anchored Lab", "A unit of the ministry.", "en")],
    }


def test_the_self_assessment_pages_show_them_under_each_dimension(client, lab, manager, examples):
    client.force_login(manager)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.get(f"/playbook/{lab.slug}/assessment/new/").content.decode()
    backing = page.index("Political backing")
    anchoring = page.index("Administrative anchoring")
    assert backing < page.index("The mayor stood behind it.") < anchoring < page.index("A unit of the ministry.")
    assert '<span lang="de">Endete mit der Amtszeit.</span>' in page
    assert LabProfile.objects.get(slug="backed").get_absolute_url() in page
    assert "Our own lab." not in page and "Plain Lab" not in page
    assessment = playbook_services.assessment_create(lab=lab, by=manager, answers=all_answers(2, as_int=True))
    detail = client.get(f"/playbook/{lab.slug}/assessments/{assessment.pk}/").content.decode()
    assert "The mayor stood behind it." in detail


def test_the_data_files_illustrate_every_dimension(db):
    """The case studies loaded from the data files give each dimension at least one example."""
    from kosilab.playbook.content import DIMENSIONS

    found = selectors.dimension_examples()
    assert {dimension.key for dimension in DIMENSIONS} <= set(found)
