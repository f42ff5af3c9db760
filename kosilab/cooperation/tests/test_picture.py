"""The network picture: accessible, a shape per sector, names escaped; the page in German."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.utils import translation

from kosilab.cooperation import analysis
from kosilab.cooperation.svg import DrawnEdge, DrawnNode, network_svg
from kosilab.cooperation.tests.factories import small_network
from kosilab.core.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def node(key, sector, x, y, label="A", degree=1, labelled=False):
    return DrawnNode(key=key, label=label, sector=sector, x=x, y=y, degree=degree, labelled=labelled)


def test_each_sector_has_its_own_shape_and_the_picture_is_named_and_described():
    nodes = [
        node("o:1", "public", 0.0, 0.0, "City", 3, True),
        node("o:2", "business", 1.0, 0.0),
        node("o:3", "civil_society", 0.0, 1.0),
        node("o:4", "science", 1.0, 1.0),
        node("o:5", "", 0.5, 0.5),
    ]
    with translation.override("en"):
        svg = network_svg(nodes, [DrawnEdge("o:1", "o:2", 3)], title="The network", description="Five nodes.")

    assert svg.startswith("<svg") and 'role="img"' in svg
    assert re.search(r'aria-labelledby="(network-\d+)-title \1-desc"', svg)
    assert "<title" in svg and ">The network</title>" in svg and ">Five nodes.</desc>" in svg
    for shape in ("<circle", "<rect", "<polygon"):
        assert shape in svg
    assert svg.count('stroke-width="2"></circle>') == 2  # the open circle of the unknown sector, in the legend too
    assert "Public administration and politics" in svg and "Sector unknown" in svg  # the legend
    assert ">City</text>" in svg  # the labelled node
    assert svg.count("<line") == 1


def test_names_are_escaped():
    svg = network_svg(
        [node("o:1", "public", 0.5, 0.5, '<script>alert("x")</script>', labelled=True)],
        [],
        title="<b>",
        description="&",
    )

    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "<b>" not in svg


def test_a_layout_lies_in_the_unit_square_and_is_the_same_each_time(lab):
    small_network(lab)
    payload = analysis.analyse(analysis.Scope(lab_id=lab.pk))
    again = analysis.analyse(analysis.Scope(lab_id=lab.pk))

    places = [(n["x"], n["y"]) for n in payload["nodes"]]
    assert all(0.0 <= x <= 1.0 and 0.0 <= y <= 1.0 for x, y in places)
    assert places == [(n["x"], n["y"]) for n in again["nodes"]]


def test_a_lab_too_large_for_the_page_is_analysed_in_the_background(
    client, lab, monkeypatch, django_capture_on_commit_callbacks
):
    from kosilab.cooperation import selectors

    cache.clear()
    small_network(lab)
    monkeypatch.setattr(selectors, "INLINE_LIMIT", 0)

    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):
        first = client.get(f"/cooperation/lab/{lab.slug}/", headers={"accept-language": "en"}).content.decode()
    assert 'id="network-progress"' in first

    html = client.get(f"/cooperation/lab/{lab.slug}/").content.decode()
    assert 'id="network-progress"' not in html and "network-picture" in html


def test_the_page_in_german(client, lab):
    cache.clear()
    small_network(lab)
    OrganisationFactory(name="Allein", sector="science")
    client.cookies["django_language"] = "de"

    response = client.get(f"/cooperation/lab/{lab.slug}/", headers={"accept-language": "de"})

    assert response.status_code == 200
    assert '<html lang="de"' in response.content.decode()
