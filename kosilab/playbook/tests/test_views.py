"""The playbook pages: the happy paths, and bad input that gets a clear message and changes nothing."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from kosilab.core.tests.factories import UserFactory
from kosilab.labs.services import lab_team_set
from kosilab.playbook import services
from kosilab.playbook.models import Assessment, BlockState, ChecklistState
from kosilab.playbook.tests.factories import all_answers

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
URL = "/playbook/home-lab/"


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def staff(client, manager):
    client.force_login(manager)
    return manager


def _text(response) -> str:
    return response.content.decode()


def _radar(html: str) -> ET.Element:
    start = html.index('<svg xmlns="http://www.w3.org/2000/svg" class="chart"')
    end = html.index("</svg>", start) + len("</svg>")
    return ET.fromstring(html[start:end])  # noqa: S314 - our own output


def phase_data(**values) -> dict:
    """A phase page's form as a browser sends it untouched: every block "open", nothing ticked."""
    data = {}
    for theme in ("goals", "structure", "obstacles"):
        for name, value in (("notes", ""), ("status", "open"), ("responsible", ""), ("responsible_name", "")):
            data[f"{theme}-{name}"] = value
            data[f"initial-{theme}-{name}"] = value
    data.update(values)
    return data


def _series_points(svg: ET.Element) -> list[str]:
    return [g.find(f"{SVG}polygon").get("points") for g in svg.iter(f"{SVG}g") if g.get("class") == "chart-series"]


# --- Overview ----------------------------------------------------------------------------------


def test_an_empty_playbook_invites_the_first_assessment(client, staff):
    html = _text(client.get(URL))
    assert "Progress per phase" in html
    assert "0 of 4 done" in html
    assert "No self-assessment yet." in html
    assert 'class="chart"' not in html
    assert f'href="{URL}assessment/new/"' in html


def test_filling_part_of_the_playbook_shows_progress_and_changes_the_radar(client, staff):
    client.post(f"{URL}assessment/new/", all_answers(1))
    first = _series_points(_radar(_text(client.get(URL))))
    assert len(first) == 1  # one assessment: one series, nothing to compare yet

    client.post(
        f"{URL}goal_definition/",
        phase_data(
            **{"done": ["council_decision", "champion_named"], "goals-notes": "Mobilität", "goals-status": "done"}
        ),
    )
    client.post(f"{URL}assessment/new/", all_answers(3))
    html = _text(client.get(URL))
    assert "2 of 4 done" in html  # checklist
    assert "1 of 3 done" in html  # building blocks
    svg = _radar(html)
    earlier, latest = _series_points(svg)  # the latest is drawn last, on top
    assert earlier == first[0]
    assert latest != earlier
    assert "Latest assessment" in svg.find(f"{SVG}desc").text
    # The table says the same in numbers.
    assert '<td class="number">1.0</td>' in html
    assert '<td class="number">3.0</td>' in html
    assert '<td class="number">+2.0</td>' in html


# --- Phase page --------------------------------------------------------------------------------


def test_phase_page_shows_guiding_questions_blocks_and_checklist(client, staff, facilitator):
    services.block_update(
        lab=staff.lab_memberships.get().lab,
        block_key="concept_development.structure",
        by=staff,
        notes="Räume im Erdgeschoss",
        status="in_progress",
        responsible=facilitator,
    )
    html = _text(client.get(f"{URL}concept_development/"))
    assert "Phase 2: Concept development" in html
    assert "Which host organisation runs the lab, and what does the agreement with it say?" in html
    assert "Räume im Erdgeschoss" in html
    assert "Responsible: Fiete Facilitator" in html
    assert "A host organisation is chosen" in html
    # The team to choose from, in every block's form.
    assert html.count(f'<option value="{facilitator.pk}"') == 3
    assert 'id="id_goals-notes"' in html and 'id="id_obstacles-notes"' in html


def test_saving_the_phase_comes_back_to_the_section(client, staff, facilitator):
    response = client.post(
        f"{URL}first_implementation/",
        phase_data(
            **{
                "obstacles-notes": "<script>alert(1)</script>",
                "obstacles-status": "in_progress",
                "obstacles-responsible": str(facilitator.pk),
                "section": "block-obstacles",
            }
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == f"{URL}first_implementation/#block-obstacles"
    state = BlockState.objects.get()  # the untouched blocks get no row
    assert (state.block_key, state.status, state.responsible) == (
        "first_implementation.obstacles",
        "in_progress",
        facilitator,
    )
    html = _text(client.get(response["Location"]))
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "The phase has been saved." in html
    # A section that is not on the page is not followed.
    response = client.post(f"{URL}first_implementation/", phase_data(section="//evil.example.org"))
    assert response["Location"] == f"{URL}first_implementation/"
    assert "Nothing has changed." in _text(client.get(response["Location"]))


def test_two_people_on_different_blocks_do_not_overwrite_each_other(client, staff, facilitator):
    lab = staff.lab_memberships.get().lab
    # Both open the page while it is empty; the facilitator saves first.
    services.block_update(lab=lab, block_key="goal_definition.structure", by=facilitator, notes="Träger: Stadt")
    services.checklist_set(lab=lab, item_key="champion_named", done=True, by=facilitator)
    client.post(f"{URL}goal_definition/", phase_data(**{"goals-notes": "Ziel", "done": ["council_decision"]}))
    assert BlockState.objects.get(block_key="goal_definition.structure").notes == "Träger: Stadt"
    assert BlockState.objects.get(block_key="goal_definition.goals").notes == "Ziel"
    done = set(ChecklistState.objects.filter(done=True).values_list("item_key", flat=True))
    assert done == {"champion_named", "council_decision"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"goals-status": "finished"}, "Select a valid choice. finished is not one of the available choices."),
        ({"goals-status": ""}, "This field is required."),
        ({"goals-notes": "x" * 5001}, "Ensure this value has at most 5000 characters (it has 5001)."),
        ({"goals-responsible": "999999"}, "Select a valid choice. 999999 is not one of the available choices."),
        ({"done": ["funding_secured"]}, "Select a valid choice. funding_secured is not one of the available choices."),
    ],
)
def test_bad_input_on_the_phase_page_gets_a_clear_message_and_changes_nothing(client, staff, data, message):
    response = client.post(f"{URL}goal_definition/", phase_data(**{"structure-notes": "kept?", "done": [], **data}))
    assert response.status_code == 400
    html = _text(response)
    assert message in html
    assert "Nothing has been saved. Please correct the marked fields." in html
    assert "kept?" in html  # what was typed elsewhere is still on the page
    assert not BlockState.objects.exists()
    assert not ChecklistState.objects.exists()


def test_somebody_outside_the_team_cannot_be_made_responsible(client, staff):
    lab = staff.lab_memberships.get().lab
    outsider = UserFactory()
    # Even if the choice was offered (the outsider had been in the team when the page was shown).
    lab_team_set(lab=lab, user=outsider, role="facilitator", by=None)
    html = _text(client.get(f"{URL}goal_definition/"))
    assert f'<option value="{outsider.pk}"' in html
    lab.memberships.filter(user=outsider).delete()
    response = client.post(f"{URL}goal_definition/", phase_data(**{"goals-responsible": str(outsider.pk)}))
    assert response.status_code == 400
    assert "Select a valid choice." in _text(response)
    assert not BlockState.objects.exists()


def test_checklist_ticks_and_unticks(client, staff):
    response = client.post(f"{URL}goal_definition/", phase_data(done=["council_decision"], section="checklist"))
    assert response["Location"] == f"{URL}goal_definition/#checklist"
    assert list(ChecklistState.objects.filter(done=True).values_list("item_key", flat=True)) == ["council_decision"]
    html = _text(client.get(f"{URL}goal_definition/"))
    assert 'value="council_decision" id="id_done_3" checked' in html
    assert "ticked on" in html
    client.post(f"{URL}goal_definition/", phase_data(**{"initial-done": ["council_decision"]}))
    assert not ChecklistState.objects.filter(done=True).exists()


def test_unknown_phase_and_wrong_method(client, staff):
    assert client.get(f"{URL}phase_five/").status_code == 404
    assert client.post(f"{URL}phase_five/", phase_data()).status_code == 404
    assert client.put(f"{URL}goal_definition/").status_code == 405


# --- Self-assessment ---------------------------------------------------------------------------


def test_assessment_form_has_a_fieldset_per_dimension_and_radio_groups(client, staff):
    html = _text(client.get(f"{URL}assessment/new/"))
    assert html.count('<fieldset class="playbook-dimension">') == 6
    assert html.count('<fieldset class="playbook-scale"') == 19
    assert "<legend>Political backing</legend>" in html
    assert html.count('type="radio"') == 19 * 5


def test_taking_an_assessment(client, staff):
    response = client.post(f"{URL}assessment/new/", {**all_answers(2, backing_decision="4"), "note": "Klausur"})
    assessment = Assessment.objects.get()
    assert response["Location"] == f"{URL}assessments/{assessment.pk}/"
    html = _text(client.get(response["Location"]))
    assert "Thank you. The assessment has been saved." in html
    assert "first self-assessment." in html
    assert "Klausur" in html
    assert len(_series_points(_radar(html))) == 1


def test_an_incomplete_assessment_says_what_is_missing_and_saves_nothing(client, staff):
    answers = all_answers(2)
    del answers["backing_decision"]
    answers["resources_money"] = "7"
    response = client.post(f"{URL}assessment/new/", answers)
    assert response.status_code == 400
    html = _text(response)
    assert "Please answer every question: 2 questions are not answered yet." in html
    assert "Please answer this question." in html
    assert "Please choose a score from 0 to 4." in html
    assert 'aria-describedby="id_backing_decision_error"' in html
    # What was answered stays chosen.
    assert 'id="id_backing_champion_2" checked' in html
    assert not Assessment.objects.exists()


def test_smuggled_fields_are_ignored(client, staff, other_lab):
    client.post(
        f"{URL}assessment/new/", {**all_answers(2), "lab": other_lab.pk, "taken_at": "2001-01-01", "playbook": 9}
    )
    assessment = Assessment.objects.get()
    assert assessment.playbook.lab.slug == "home-lab"
    assert assessment.taken_at.year > 2001


def test_history_lists_every_assessment_with_scores_per_dimension(client, staff):
    services.assessment_create(lab=staff.lab_memberships.get().lab, by=staff, answers=all_answers(1, as_int=True))
    services.assessment_create(lab=staff.lab_memberships.get().lab, by=None, answers=all_answers(4, as_int=True))
    html = _text(client.get(f"{URL}assessments/"))
    assert html.count("<tr>") == 3  # header and two rows
    assert "Partners from all four sectors" in html
    assert "4.0" in html and "1.0" in html
    assert "a deleted account" in html
    assert "Mara Manager" in html


def test_detail_compares_with_the_assessment_before(client, staff):
    lab = staff.lab_memberships.get().lab
    first = services.assessment_create(lab=lab, by=staff, answers=all_answers(1, as_int=True))
    second = services.assessment_create(lab=lab, by=staff, answers=all_answers(2, as_int=True))
    html = _text(client.get(f"{URL}assessments/{second.pk}/"))
    assert "Compared with the assessment before" in html
    assert f'href="{URL}assessments/{first.pk}/"' in html
    assert len(_series_points(_radar(html))) == 2
    assert client.get(f"{URL}assessments/999999/").status_code == 404
