"""Compare your lab: "labs like yours", the side-by-side table and its PDF, bad input."""

from __future__ import annotations

import pytest

from kosilab.core.tests.factories import LabFactory
from kosilab.core.tests.pdf import NAMES, assert_names_drawn, pdf_content_text
from kosilab.knowledge import selectors
from kosilab.knowledge.tests.comparing import OWN_FACETS, case_study, only_these_case_studies, own_profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(lab):
    only_these_case_studies()
    return {
        "twin": case_study("twin", "Twin Lab", **{**OWN_FACETS, "founded": 2017}),
        "edge": case_study("edge", "Edge Lab", positions=["edge"], themes=["mobility"], funding=["eu_grant"]),
        "inside": case_study(
            "inside",
            "Inside Lab",
            positions=["inside"],
            levels=["national"],
            status="ended",
            ended=2018,
            end_mode="closed",
        ),
    }


@pytest.fixture
def as_manager(client, manager):
    client.force_login(manager)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_labs_like_yours_ranks_the_case_studies_with_the_reasons(as_manager, lab, cases):
    own_profile(lab, **OWN_FACETS)
    response = as_manager.get(f"/knowledge/compare/{lab.slug}/")
    assert response.status_code == 200
    names = [match.profile.name for match in response.context["matches"]]
    assert names == ["Twin Lab", "Edge Lab", "Inside Lab"]
    page = response.content.decode()
    assert page.index("Twin Lab") < page.index("Edge Lab") < page.index("Inside Lab")
    assert "Both sit on the edge of government" in page
    assert "Both work on ageing and care; mobility" in page
    assert "Fill in your lab" not in page


def test_a_nearly_empty_profile_gets_a_note_with_the_link_to_its_edit_page(as_manager, lab, cases):
    response = as_manager.get(f"/knowledge/compare/{lab.slug}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "so this ranking says" in page
    assert f'href="{selectors.own_profile_edit_url(lab)}"' in page


def test_labs_like_yours_shows_at_most_ten(as_manager, lab):
    only_these_case_studies()
    for number in range(12):
        case_study(f"case-{number}", positions=["edge"])
    own_profile(lab, positions=["edge"])
    response = as_manager.get(f"/knowledge/compare/{lab.slug}/")
    assert len(response.context["matches"]) == 10


def test_side_by_side_shows_the_table_with_the_differences_marked(as_manager, lab, cases):
    own_profile(lab, **OWN_FACETS)
    response = as_manager.get(f"/knowledge/compare/{lab.slug}/side-by-side/?with=edge&with=inside")
    assert response.status_code == 200
    assert [profile.slug for profile in response.context["chosen"]] == ["edge", "inside"]
    page = response.content.decode()
    assert '<table class="compare-table">' in page and "<caption>" in page
    assert '<th scope="row">Position relative to government</th>' in page
    assert 'class="differs"' in page and "differs</strong>" in page
    assert "side-by-side.pdf?with=edge&amp;with=inside" in page
    assert "data-print hidden" in page
    # The choose form offers the chosen labs ticked, and the labs most like this one.
    options = {option.profile.slug: option.checked for option in response.context["options"]}
    assert options == {"edge": True, "inside": True, "twin": False}


def test_side_by_side_can_compare_with_another_hosted_lab_that_is_seen(as_manager, lab, cases):
    other = LabFactory(slug="elsewhere", name="Elsewhere")
    other_profile = own_profile(other, positions=["inside"])
    response = as_manager.get(f"/knowledge/compare/{lab.slug}/side-by-side/?with={other_profile.slug}")
    assert response.status_code == 200
    assert response.context["chosen"] == [other_profile]


def test_the_search_offers_more_labs(as_manager, lab, cases):
    case_study("far-away", "Laboratorio Lejano", city="Bogotá", country="CO")
    response = as_manager.get(f"/knowledge/compare/{lab.slug}/side-by-side/?q=bogot")
    assert response.status_code == 200
    assert "far-away" in [option.profile.slug for option in response.context["options"]]
    assert response.context["rows"] == []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("with=nope", "No lab with the short name “nope” was found."),
        ("with=a&with=b&with=c&with=d", "Choose at most three labs to compare with your lab."),
        ("with=home-lab-profile", "This is your own lab: choose other labs to compare it with."),
        ("with=hidden-profile", "No lab with the short name “hidden-profile” was found."),
        ("with=%3Cscript%3E", "“&lt;script&gt;” is not the short name of a lab."),
    ],
)
def test_bad_choices_get_a_clear_message_and_no_table(as_manager, lab, cases, query, message):
    own_profile(lab, **OWN_FACETS)
    hidden = LabFactory(slug="hidden", name="Hidden", is_public=False)
    own_profile(hidden)
    response = as_manager.get(f"/knowledge/compare/{lab.slug}/side-by-side/?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()
    assert response.context["rows"] == []
    pdf = as_manager.get(f"/knowledge/compare/{lab.slug}/side-by-side.pdf?{query}")
    assert pdf.status_code == 400
    assert message in pdf.content.decode()


def test_the_pdf_without_a_choice_says_what_to_do(as_manager, lab, cases):
    response = as_manager.get(f"/knowledge/compare/{lab.slug}/side-by-side.pdf")
    assert response.status_code == 400
    assert "Choose one to three labs to compare with your lab." in response.content.decode()


def test_the_pdf_draws_every_name_as_written(as_manager, lab):
    only_these_case_studies()
    first, second, third = NAMES[0], NAMES[9], NAMES[3]
    case_study("a", f"Лабораторія {first}", city="Київ", country="UA", positions=["edge"], themes=["mobility"])
    case_study("b", second, city="عمّان", country="JO", positions=["inside"])
    case_study("c", third, city="Kraków", country="PL", positions=["edge"], has_space=True)
    own_profile(lab, name="Labor Groß-Gerau", **OWN_FACETS)
    response = as_manager.get(
        f"/knowledge/compare/{lab.slug}/side-by-side.pdf?with=a&with=b&with=c", HTTP_ACCEPT_LANGUAGE="de"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    content = response.content
    assert_names_drawn(content, (first, second, third, "Київ", "Kraków"))
    text = pdf_content_text(content)
    assert "Home Lab" in text
    assert "≠" in text


def test_a_lab_without_a_profile_compares_from_nothing(as_manager, lab, cases):
    response = as_manager.get(f"/knowledge/compare/{lab.slug}/side-by-side/?with=twin")
    assert response.status_code == 200
    assert response.context["nearly_empty"]
    assert not any(cell.differs for row in response.context["rows"] for cell in row.cells)
