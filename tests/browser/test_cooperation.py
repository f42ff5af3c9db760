"""The network of cooperation: a visitor opens a lab's network from the lab page, the lab's manager
switches to people, and the network of all labs appears once its background analysis is done; axe-core
checks each page."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from kosilab.cooperation.tests.factories import small_network
from kosilab.core.tests.factories import UserFactory
from kosilab.labs.services import lab_team_set

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_the_network_of_a_lab_and_of_all_labs(ui, new_ui, lab):
    small_network(lab)
    manager = UserFactory(name="Mara Manager", email="mara@example.org")
    lab_team_set(lab=lab, user=manager, role="manager", by=None)

    ui.visit(f"/labs/{lab.slug}/")
    ui.follow(f"main a[href='/cooperation/lab/{lab.slug}/']")
    picture = ui.page.locator("svg.network-picture[role=img]")
    assert (picture.locator("title").first.text_content() or "").startswith("Network of cooperation")
    assert "City office" in ui.page.locator("table", has_text="Every node with its ties").inner_text()
    assert "Neighbourhood Association" not in ui.page.content()  # internal work: not for the public

    # A bad filter: a message, and the network without it.
    ui.fill({"#id_start": "2025-05-01", "#id_end": "2024-01-01"})
    ui.submit("#id_start")
    assert "The end must not lie before the start." in ui.page.content()

    team = new_ui()
    team.log_in("mara@example.org")
    team.visit(f"/cooperation/lab/{lab.slug}/")
    team.page.locator("input[name=nodes][value=person]").check()
    team.submit("#id_start")
    html = team.page.content()
    assert "Greta Public" in html and "Pia Private" not in html

    # All labs: queued, the progress polls the page and reloads it when the analysis is done.
    ui.visit("/cooperation/")
    ui.page.locator("#picture-heading").wait_for(timeout=15_000)
    ui.check_a11y()
    assert "The labs compared" in ui.page.content()
