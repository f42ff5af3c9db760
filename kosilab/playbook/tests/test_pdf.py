"""The PDF of the whole playbook: every phase, block, note, responsible person, tick and score."""

from __future__ import annotations

import pytest
from django.utils import translation

from kosilab.core.tests.pdf import NAMES, assert_names_drawn
from kosilab.playbook import selectors, services
from kosilab.playbook.pdf import render_playbook
from kosilab.playbook.tests.factories import all_answers, page_count, pdf_content_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


def test_the_pdf_holds_the_whole_state(client, lab, manager, facilitator):
    services.block_update(
        lab=lab,
        block_key="goal_definition.structure",
        by=manager,
        notes="Träger: Wirtschaftsförderung\nZweite Zeile",
        status="done",
        responsible=facilitator,
        responsible_name="Herr Yılmaz, Liegenschaftsamt",
    )
    services.checklist_set(lab=lab, item_key="council_decision", done=True, by=manager)
    services.assessment_create(lab=lab, by=manager, answers=all_answers(1, as_int=True))
    services.assessment_create(lab=lab, by=manager, answers=all_answers(3, as_int=True, backing_decision=4))
    client.force_login(manager)
    response = client.get("/playbook/home-lab/playbook.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="playbook-home-lab-')
    assert "no-store" in response["Cache-Control"]
    content = response.content
    assert content.startswith(b"%PDF")
    text = pdf_content_text(content)
    for expected in (
        "Playbook of Home Lab",
        "Progress",
        "1. Goal definition: checklist 1 of 4, building blocks done 1 of 3",
        "Readiness self-assessment",
        "Political backing",
        "3.3",
        "Phase 1: Goal definition",
        "Phase 4: Establishment and continuation",
        "Structure, resources and competences",
        "Who in the administration carries the lab politically?",
        "Status: done",
        "Träger: Wirtschaftsförderung",
        "Zweite Zeile",
        "Responsible: Fiete Facilitator, Herr Yılmaz, Liegenschaftsamt",
        "Council or administration board has decided to set up the lab",
        "Funding for the next two years is secured",
        "Page 1 of",
    ):
        assert expected in text, expected
    assert page_count(content) == 5  # the summary and one section per phase


def test_an_empty_playbook_renders(lab):
    content = render_playbook(
        lab,
        progress=selectors.lab_progress(lab),
        blocks={},
        checklist={},
        latest=None,
        earlier=None,
        compress=False,
    )
    text = pdf_content_text(content)
    assert "No assessment yet." in text
    assert "No notes yet." in text
    assert "Responsible: nobody named yet" in text


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_pdf_prints_every_name(lab, manager, facilitator, language):
    """Names in every script: the lab's name in the title, responsible people, notes, who ticked."""
    lab.name = f"Labor {NAMES[1]}"
    lab.save(update_fields=["name"])
    manager.name = NAMES[9]
    manager.save(update_fields=["name"])
    services.block_update(
        lab=lab,
        block_key="goal_definition.structure",
        by=manager,
        notes="\n".join(NAMES),
        status="done",
        responsible=None,
        responsible_name=NAMES[4],
    )
    services.checklist_set(lab=lab, item_key="council_decision", done=True, by=manager)
    with translation.override(language):
        content = render_playbook(
            lab,
            progress=selectors.lab_progress(lab),
            blocks=selectors.block_states(lab),
            checklist=selectors.checklist_states(lab),
            latest=None,
            earlier=None,
        )
    assert_names_drawn(content, (*NAMES, lab.name))
    responsible = "Verantwortlich" if language == "de" else "Responsible"
    assert f"{responsible}: {NAMES[4]}" in pdf_content_text(content)


def test_characters_the_font_lacks_do_not_break_the_pdf(lab, manager):
    services.block_update(lab=lab, block_key="establishment.goals", by=manager, notes="Łódź → 東京 ✓ Dvořák")
    content = render_playbook(
        lab,
        progress=selectors.lab_progress(lab),
        blocks=selectors.block_states(lab),
        checklist={},
        latest=None,
        earlier=None,
    )
    assert "Łódź → ?? ✓ Dvořák" in pdf_content_text(content)
