"""kosilab.core.charts: valid, accessible SVG without scripts or inline styles."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.safestring import SafeString

from kosilab.core.charts import PRIMARY, SERIES_STYLES, bar_chart, format_number, radar_chart

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


# --- Radar chart ------------------------------------------------------------------------------

AXES = ["Political backing", "Resources (rooms, staff, money)", "Competences", "Continuation"]


def _series(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if g.get("class") == "chart-series"]


def _polygon_points(group: ET.Element) -> list[tuple[float, float]]:
    points = group.find(f"{SVG}polygon").get("points").split()
    return [tuple(float(n) for n in point.split(",")) for point in points]


def test_radar_is_accessible_svg_with_title_description_labels_and_legend():
    with translation.override("en"):
        svg = radar_chart(
            AXES,
            [("Latest", [3, 2.5, 4, 1]), ("First", [1, 1, 2, 0])],
            max_value=4,
            title="Readiness",
            description="",
            chart_id="radar",
        )
    assert isinstance(svg, SafeString)
    root = _parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "radar-title radar-desc"
    assert root.find(f"{SVG}title").text == "Readiness"
    assert root.find(f"{SVG}desc").text == (
        "Latest: Political backing 3, Resources (rooms, staff, money) 2.5, Competences 4, Continuation 1; "
        "First: Political backing 1, Resources (rooms, staff, money) 1, Competences 2, Continuation 0"
    )
    # Visible axis labels, long ones wrapped onto lines (tspans).
    labels = [
        " ".join(span.text for span in text.iter(f"{SVG}tspan"))
        for text in root.iter(f"{SVG}text")
        if text.get("class") == "chart-axis-label"
    ]
    assert labels == AXES
    legend = [g for g in root.iter(f"{SVG}g") if g.get("class") == "chart-legend"]
    assert ["".join(g.find(f"{SVG}text").itertext()) for g in legend] == ["Latest", "First"]


def test_radar_has_one_point_per_axis_and_series_differ_by_more_than_colour():
    root = _parse(
        radar_chart(AXES, [("a", [1, 2, 3, 4]), ("b", [4, 3, 2, 1]), ("c", [0, 0, 0, 0])], max_value=4, title="t")
    )
    groups = _series(root)
    assert len(groups) == 3
    for group in groups:
        assert len(_polygon_points(group)) == len(AXES)
        assert len(list(group)) == 1 + len(AXES)  # the line and one marker per axis
    assert len({g.find(f"{SVG}polygon").get("stroke") for g in groups}) == 3
    dashes = [g.find(f"{SVG}polygon").get("stroke-dasharray") for g in groups]
    assert len(set(dashes)) == 3  # a solid line (None) and two dash patterns
    # Drawn last to first, so that the first series lies on top: diamond, square, circle.
    marker_tags = [list(g)[1].tag for g in groups]
    assert marker_tags == [f"{SVG}polygon", f"{SVG}rect", f"{SVG}circle"]


def test_radar_geometry_first_axis_points_up_and_values_scale_to_max():
    root = _parse(radar_chart(["a", "b", "c", "d"], [("s", [4, 2, 0, 8])], max_value=4, title="t"))
    (top, right, centre, left) = _polygon_points(_series(root)[0])
    # The first axis points up, the second to the right (clockwise); 0 sits in the centre.
    assert top[0] == pytest.approx(centre[0]) and top[1] < centre[1]
    assert right[0] > centre[0] and right[1] == pytest.approx(centre[1])
    assert centre[1] - top[1] == pytest.approx(150.0)
    assert right[0] - centre[0] == pytest.approx(75.0)
    # A value above max_value stays at the rim.
    assert centre[0] - left[0] == pytest.approx(150.0)
    rings = [p for p in root.iter(f"{SVG}polygon") if p.get("class") == "chart-grid"]
    assert len(rings) == 4  # one per whole number up to 4


def test_radar_labels_are_escaped_and_without_script_or_style():
    svg = radar_chart(
        ["<script>x</script>", "b", "c"], [('"><img src=x>', [1, 2, 3])], max_value=3, title="<t>", description="d"
    )
    assert "<script>" not in svg and "<img" not in svg and "style=" not in svg
    root = _parse(svg)
    assert root.find(f"{SVG}desc").text == "d"
    assert root.find(f"{SVG}title").text == "<t>"


def test_radar_colours_have_enough_contrast():
    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    for colour, _dash, _shape in SERIES_STYLES:
        assert (1.05) / (luminance(colour) + 0.05) >= 4.5, colour


@pytest.mark.parametrize(
    ("axes", "series", "max_value", "message"),
    [
        (["a", "b"], [], 4, "at least three axes"),
        (["a", "b", "c"], [("s", [1, 2])], 4, "has 2 values for 3 axes"),
        (["a", "b", "c"], [("s", [1, 2, -1])], 4, "finite and not negative"),
        (["a", "b", "c"], [("s", [1, 2, float("nan")])], 4, "finite and not negative"),
        (["a", "b", "c"], [], 0, "greater than 0"),
    ],
)
def test_radar_refuses_bad_input(axes, series, max_value, message):
    with pytest.raises(ValueError, match=message):
        radar_chart(axes, series, max_value=max_value, title="t")


def test_radar_without_series_draws_the_grid_and_other_scales_get_quarters():
    root = _parse(radar_chart(["a", "b", "c"], [], max_value=100, title="Empty"))
    assert _series(root) == []
    assert len([p for p in root.iter(f"{SVG}polygon") if p.get("class") == "chart-grid"]) == 4
    assert [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "chart-scale"] == ["25", "50", "75", "100"]
