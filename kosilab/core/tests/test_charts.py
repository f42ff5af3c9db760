"""kosilab.core.charts: valid, accessible SVG without scripts or inline styles."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.safestring import SafeString

from kosilab.core.charts import PRIMARY, bar_chart, format_number

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output


def test_accessible_svg_with_title_description_and_labels():
    with translation.override("en"):
        svg = bar_chart([("1 star", 2), ("2 stars", 0), ("5 stars", 7)], title="Ratings", chart_id="r")
    assert isinstance(svg, SafeString)
    root = _parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "r-title r-desc"
    assert root.find(f"{SVG}title").text == "Ratings"
    assert root.find(f"{SVG}title").get("id") == "r-title"
    assert root.find(f"{SVG}desc").text == "1 star: 2; 2 stars: 0; 5 stars: 7"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts == ["1 star", "2", "2 stars", "0", "5 stars", "7"]


def test_bars_scale_to_the_largest_value_or_to_max_value():
    root = _parse(bar_chart([("a", 1), ("b", 4)], title="t"))
    widths = [float(r.get("width")) for r in root.iter(f"{SVG}rect")]
    assert widths == [80.0, 320.0]
    root = _parse(bar_chart([("a", 1), ("b", 4)], title="t", max_value=8))
    assert [float(r.get("width")) for r in root.iter(f"{SVG}rect")] == [40.0, 160.0]
    # A value above max_value does not overflow the plot.
    root = _parse(bar_chart([("a", 10)], title="t", max_value=5))
    assert [float(r.get("width")) for r in root.iter(f"{SVG}rect")] == [320.0]


def test_all_zero_and_empty_charts_render():
    root = _parse(bar_chart([("a", 0), ("b", 0)], title="t"))
    assert [float(r.get("width")) for r in root.iter(f"{SVG}rect")] == [0.0, 0.0]
    root = _parse(bar_chart([], title="Nothing yet"))
    assert root.find(f"{SVG}title").text == "Nothing yet"
    assert list(root.iter(f"{SVG}rect")) == []


def test_labels_and_title_are_escaped():
    svg = bar_chart([("<script>alert(1)</script>", 1)], title='"><img src=x>', description="<b>d</b>")
    assert "<script>" not in svg
    assert "<img" not in svg
    assert "<b>" not in svg
    root = _parse(svg)
    assert root.find(f"{SVG}title").text == '"><img src=x>'
    assert root.find(f"{SVG}desc").text == "<b>d</b>"


def test_no_script_no_inline_style_and_colours_as_attributes():
    svg = bar_chart([("a", 1)], title="t")
    assert "<script" not in svg
    assert "style=" not in svg
    assert " on" not in svg.replace(" one", "")  # no event handler attributes
    assert f'fill="{PRIMARY}"' in svg


def test_each_chart_gets_its_own_ids():
    first, second = _parse(bar_chart([], title="a")), _parse(bar_chart([], title="b"))
    assert first.get("aria-labelledby") != second.get("aria-labelledby")


@pytest.mark.parametrize("value", [-1, float("nan"), float("inf")])
def test_negative_or_infinite_values_are_refused(value):
    with pytest.raises(ValueError, match="finite and not negative"):
        bar_chart([("a", value)], title="t")


def test_numbers_follow_the_language():
    with translation.override("de"):
        assert format_number(Decimal("3.25")) == "3,2"
        assert format_number(4.0) == "4"
        assert format_number(12) == "12"
    with translation.override("en"):
        assert format_number(3.5) == "3.5"
        svg = bar_chart([("a", 3.5)], title="t")
    # Coordinates are never localised (no "22,0" in attributes).
    root = _parse(svg)
    assert all("," not in (r.get("y") or "") for r in root.iter(f"{SVG}rect"))
