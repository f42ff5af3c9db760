"""kosilab.core.charts: valid, accessible SVG without scripts or inline styles."""

from __future__ import annotations

import datetime as dt
import math
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.safestring import SafeString

from kosilab.core.charts import (
    PRIMARY,
    SERIES_STYLES,
    bar_chart,
    date_ticks,
    format_number,
    line_chart,
    radar_chart,
    stacked_bars,
)

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


# --- Line chart over dates ------------------------------------------------------------------------

POINTS = [(dt.date(2024, 1, 15), 8.0), (dt.date(2024, 7, 1), 9.5), (dt.date(2025, 2, 1), 11.0)]


def _groups(root: ET.Element, name: str) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if g.get("class") == name]


def test_line_chart_is_accessible_svg_with_one_point_per_measurement_and_a_target():
    with translation.override("en"):
        svg = line_chart(
            [("Measured", POINTS)],
            target=(dt.date(2026, 6, 30), 15),
            baseline=8,
            unit="%",
            title="Share of cycling",
            description="",
            chart_id="line",
        )
    assert isinstance(svg, SafeString)
    assert "style=" not in svg and "<script" not in svg and "NaN" not in svg
    root = _parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "line-title line-desc"
    assert root.find(f"{SVG}title").text == "Share of cycling"
    assert root.find(f"{SVG}desc").text == (
        "Measured: 15 January 2024 8 %, 1 July 2024 9.5 %, 1 February 2025 11 %; "
        "Target: 15 % by 30 June 2026; Baseline: 8 %"
    )
    (series,) = _groups(root, "chart-series")
    assert len(series.find(f"{SVG}polyline").get("points").split()) == 3
    assert len(list(series.iter(f"{SVG}circle"))) == 3
    assert len(_groups(root, "chart-target")) == 2  # in the plot and in the legend
    assert [
        line.get("stroke-dasharray") for line in root.iter(f"{SVG}line") if line.get("class") == "chart-target-line"
    ]
    assert [line for line in root.iter(f"{SVG}line") if line.get("class") == "chart-baseline"]
    legend = ["".join(g.find(f"{SVG}text").itertext()) for g in _groups(root, "chart-legend")]
    assert legend == ["Measured", "Target: 15 % by 30 June 2026", "Baseline: 8 %"]
    ticks = [t.text for g in _groups(root, "chart-tick") for t in g.iter(f"{SVG}text")]
    assert "Jan 2025" in ticks and "%" in [t.text for t in root.iter(f"{SVG}text")]


def test_line_chart_points_rise_with_values_and_move_right_with_dates():
    root = _parse(line_chart([("s", POINTS)], title="t"))
    points = [tuple(float(n) for n in p.split(",")) for p in root.find(f".//{SVG}polyline").get("points").split()]
    assert [x for x, _y in points] == sorted(x for x, _y in points)
    assert points[0][1] > points[1][1] > points[2][1]  # higher values are drawn higher up


@pytest.mark.parametrize(
    "series",
    [[("s", [(dt.date(2024, 1, 1), 5.0)])], [("s", [(dt.date(2024, 1, 1), 0), (dt.date(2024, 6, 1), 0)])], [("s", [])]],
    ids=["one point", "all equal", "empty"],
)
def test_line_chart_without_nan_for_degenerate_data(series):
    svg = line_chart(series, title="t", unit="x")
    assert "NaN" not in svg and "inf" not in svg
    root = _parse(svg)
    for element in root.iter():
        for name in ("x", "y", "x1", "y1", "cx", "cy"):
            if element.get(name) is not None:
                assert math.isfinite(float(element.get(name)))


def test_line_chart_series_differ_in_colour_dash_and_marker_and_negative_values_work():
    root = _parse(
        line_chart([("a", POINTS), ("b", [(d, -v) for d, v in POINTS])], target=(None, 3), title="t", unit="t CO₂")
    )
    first, second = _groups(root, "chart-series")
    assert first.find(f"{SVG}polyline").get("stroke") != second.find(f"{SVG}polyline").get("stroke")
    assert first.find(f"{SVG}polyline").get("stroke-dasharray") != second.find(f"{SVG}polyline").get("stroke-dasharray")
    assert first.find(f"{SVG}circle") is not None and second.find(f"{SVG}rect") is not None
    assert len(_groups(root, "chart-target")) == 1  # a target without a date: in the legend only


def test_line_chart_escapes_and_refuses_nan():
    svg = line_chart([("<script>", POINTS)], title="<b>", unit="<i>")
    assert "<script>" not in svg and "<b>" not in svg and "<i>" not in svg
    with pytest.raises(ValueError, match="finite"):
        line_chart([("s", [(dt.date(2024, 1, 1), float("nan"))])], title="t")


def test_date_ticks_are_readable():
    assert date_ticks(dt.date(2024, 1, 10), dt.date(2024, 4, 20)) == [
        dt.date(2024, 2, 1),
        dt.date(2024, 3, 1),
        dt.date(2024, 4, 1),
    ]
    yearly = date_ticks(dt.date(2020, 1, 1), dt.date(2027, 1, 1))
    assert len(yearly) <= 7 and all(d.month == 1 for d in yearly)


def test_stacked_bars_columns_segments_totals_and_patterns():
    with translation.override("en"):
        svg = stacked_bars(["Q1", "Q2"], [("a", [1, 2]), ("b", [0, 3])], title="People", chart_id="st")
    root = _parse(svg)
    assert root.find(f"{SVG}desc").text == "a: Q1 1, Q2 2; b: Q1 0, Q2 3"
    columns = _groups(root, "chart-column")
    assert [len(list(c.iter(f"{SVG}rect"))) for c in columns] == [1, 2]
    assert [c.findall(f"{SVG}text")[0].text for c in columns] == ["1", "5"]
    fills = [r.get("fill") for r in columns[1].iter(f"{SVG}rect")]
    assert fills[0] == PRIMARY and fills[1] == "url(#st-pattern-1)"
    assert root.find(f".//{SVG}pattern").get("id") == "st-pattern-1"
    with pytest.raises(ValueError, match="2 values for 3 categories"):
        stacked_bars(["a", "b", "c"], [("s", [1, 2])], title="t")
