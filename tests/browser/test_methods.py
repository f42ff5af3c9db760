"""Find a method by its facets, read it, print its card; a lab adapts a copy."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from kosilab.core.tests.factories import UserFactory
from kosilab.labs.services import lab_team_set
from kosilab.methods.models import Method

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def library(transactional_db):
    # Migration 0002 loads the library, but transactional tests empty the tables after each test.
    call_command("load_method_library", verbosity=0)


def test_find_a_method_by_filters_and_open_its_card(ui):
    ui.visit("/methods/")
    assert Method.objects.filter(lab=None).count() >= 40
    ui.page.locator("input[name=phase][value=proposals]").check()
    ui.fill({"#id_people": "40", "#id_minutes": "90", "#id_q": "Tisch"})
    ui.page.locator("input[name=setting][value=online]").check()
    ui.submit("#id_q")
    results = ui.page.locator("main .cards").inner_text()
    assert "World Café" in results
    assert "Planning cell" not in results and "Planungszelle" not in results
    ui.follow("main a[href='/methods/world-cafe/']")
    assert ui.page.locator("h1").inner_text() == "World Café"
    ui.follow("main a[href='/methods/world-cafe/card/']")
    assert "Juanita Brown" in ui.page.locator("main").inner_text()


def test_a_facilitator_adapts_a_copy_for_the_lab(ui, lab):
    facilitator = UserFactory(email="fina@example.org")
    lab_team_set(lab=lab, user=facilitator, role="facilitator", by=None)
    ui.log_in("fina@example.org")
    ui.visit("/methods/fishbowl/")
    ui.submit(f"main form[action='/methods/fishbowl/adapt/{lab.slug}/'] button")
    copy = Method.objects.get(lab=lab)
    assert copy.based_on.slug == "fishbowl"
    assert ui.path.startswith(f"/methods/{copy.slug}/")
