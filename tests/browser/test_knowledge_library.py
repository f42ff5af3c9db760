"""Search the case-study library by words and facets, read a lab's sources and versions, look at the world list and the timeline."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from kosilab.knowledge.models import LabProfile

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def library(transactional_db):
    # Migrations load the libraries, but transactional tests empty the tables after each test.
    call_command("load_method_library", verbosity=0)
    call_command("load_case_studies", verbosity=0)


def test_find_a_lab_by_words_and_facets_and_read_its_sources(ui):
    ui.visit("/knowledge/")
    assert LabProfile.objects.count() >= 24
    ui.fill({"#library-q": "Copenhagen"})
    ui.page.locator("details.facet summary", has_text="Status").click()
    ui.page.locator("input[name=status][value=ended]").check()
    ui.submit("#library-q")
    results = ui.page.locator("main .library-list").inner_text()
    assert "MindLab" in results and "CityLAB" not in results
    assert "status=ended" in ui.path
    ui.follow("main a[href='/knowledge/labs/mindlab/']")
    assert ui.page.locator("h1").inner_text() == "MindLab"
    facts = ui.page.locator("main .facts").inner_text()
    assert "Last checked" in facts and "Source" in facts
    ui.follow("main a[href='/knowledge/labs/mindlab/history/']")
    assert "data file" in ui.page.locator("main table").inner_text()
    ui.follow("main a[href='/knowledge/labs/mindlab/history/1/']")
    assert "The first version" in ui.page.locator("main").inner_text()


def test_the_world_list_and_the_timeline_keep_the_filters(ui):
    ui.visit("/knowledge/?country=DE")
    ui.follow("main .library-nav a[href='/knowledge/world/?country=DE']")
    assert "Germany" in ui.page.locator("main table").inner_text()
    ui.follow("main .library-nav a[href='/knowledge/timeline/?country=DE']")
    chart = ui.page.locator("main figure svg[role=img]")
    assert chart.count() == 1
    assert "CityLAB Berlin" in ui.page.locator("main .timeline-table").inner_text()
