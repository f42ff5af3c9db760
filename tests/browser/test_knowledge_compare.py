"""A lab manager compares the lab with case studies and names a role model; the network of labs.
axe-core checks every page (see conftest.py)."""

from __future__ import annotations

import pytest

from kosilab.core.tests.factories import UserFactory
from kosilab.knowledge.models import LabRelation
from kosilab.knowledge.tests.comparing import OWN_FACETS, case_study, only_these_case_studies, own_profile
from kosilab.labs.services import lab_team_set

pytestmark = pytest.mark.browser


@pytest.fixture
def compared(lab):
    only_these_case_studies()
    own_profile(lab, **OWN_FACETS)
    case_study("twin", "Twin Lab", city="Kraków", country="PL", **{**OWN_FACETS, "funding": ["core_budget"]})
    case_study("edge", "Edge Lab", positions=["edge"], themes=["mobility"], website="https://edge.example.org")
    case_study(
        "inside", "Inside Lab", positions=["inside"], levels=["national"], status="ended", ended=2018, end_mode="closed"
    )
    manager = UserFactory(name="Mara Manager", email="mara@example.org")
    lab_team_set(lab=lab, user=manager, role="manager", by=None)
    return lab


def test_a_manager_finds_labs_like_theirs_and_compares_two_side_by_side(ui, compared):
    lab = compared
    ui.log_in("mara@example.org")
    ui.visit(f"/labs/{lab.slug}/")
    ui.follow(f"main a[href='/knowledge/compare/{lab.slug}/']")
    matches = ui.page.locator("ol.compare-matches > li h2")
    assert matches.all_inner_texts() == ["Twin Lab", "Edge Lab", "Inside Lab"]
    assert "Both sit on the edge of government" in ui.page.locator("ol.compare-matches > li").first.inner_text()

    ui.page.get_by_label("Compare Twin Lab side by side").check()
    ui.page.get_by_label("Compare Inside Lab side by side").check()
    ui.submit("#with-twin")
    assert ui.path.startswith(f"/knowledge/compare/{lab.slug}/side-by-side/?with=twin&with=inside")
    table = ui.page.locator("table.compare-table")
    headers = table.locator("thead th").all_inner_texts()
    assert headers[2:] == ["Twin Lab", "Inside Lab"]
    funding = table.locator("tr", has=ui.page.locator("th", has_text="Funding model"))
    assert "differs" in funding.locator("td").nth(1).inner_text()
    assert table.locator("td.differs").count() >= 3
    assert ui.page.locator("button[data-print]").is_visible()  # the print script shows the button
    assert ui.page.locator("a", has_text="Download as PDF").get_attribute("href").endswith("?with=twin&with=inside")

    # Choose again: search for another lab and swap one.
    ui.fill({"#id_q": "edge"})
    ui.page.get_by_label("Inside Lab", exact=False).uncheck()
    ui.submit("#id_q")
    ui.page.get_by_label("Edge Lab", exact=False).check()
    ui.submit("#id_q")
    assert ui.page.locator("table.compare-table thead th").all_inner_texts()[2:] == ["Twin Lab", "Edge Lab"]

    # Too many: a clear message, no table.
    ui.visit(f"/knowledge/compare/{lab.slug}/side-by-side/?with=twin&with=edge&with=inside&with=nope", status=400)
    assert "Choose at most three labs" in ui.page.locator("#form-errors").inner_text()
    assert ui.page.locator("table.compare-table").count() == 0


def test_a_manager_names_a_role_model_and_the_network_shows_it(ui, new_ui, compared):
    lab = compared
    ui.log_in("mara@example.org")
    ui.visit(f"/knowledge/network/{lab.slug}/")
    ui.page.locator("#id_target").select_option("edge")
    ui.page.get_by_role("radio", name="role model").check()
    ui.fill({"#id_note": "Their open data work"})
    ui.submit("#id_note")
    assert LabRelation.objects.filter(lab=lab, target__slug="edge", kind="role_model").exists()
    assert "Edge Lab is now marked as role model." in ui.page.locator(".messages").inner_text()
    assert "Their open data work" in ui.page.locator("#role_model-heading + ul").inner_text()

    visitor = new_ui()
    visitor.visit("/knowledge/network/")
    card = visitor.page.locator("ul.network-labs > li", has_text=lab.name)
    assert "Edge Lab" in card.inner_text()
    row = visitor.page.locator("table tr", has_text="Edge Lab")
    assert lab.name in row.inner_text()
    visitor.visit(f"/knowledge/network/{lab.slug}/")
    assert visitor.page.locator("form button", has_text="Remove").count() == 0
