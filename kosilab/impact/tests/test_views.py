"""Impact pages: grouped indicators, the chart and its table, forms with clear messages, exports."""

from __future__ import annotations

import csv
import datetime
import io
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from kosilab.core.tests.factories import ProcessFactory, UserFactory
from kosilab.impact.models import Indicator, Level, Measurement
from kosilab.impact.tests.factories import make_indicator, measure
from kosilab.processes.services import member_add

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def process(lab):
    return ProcessFactory(lab=lab, title="Bicycle garages")


@pytest.fixture
def indicator(process):
    return make_indicator(process=process)


def _svg(html: str) -> ET.Element:
    start = html.index('<svg xmlns="http://www.w3.org/2000/svg" class="chart"')
    end = html.index("</svg>", start) + len("</svg>")
    return ET.fromstring(html[start:end])  # noqa: S314 - our own output


def test_process_page_groups_indicators_in_chain_order(client, process, indicator):
    make_indicator(process=process, name="Garage places", unit="places", level=Level.OUTPUT)
    measure(indicator, datetime.date(2024, 1, 1), "11.5")
    html = client.get(f"/impact/process/{process.pk}/").content.decode()
    assert html.index("Input") < html.index("Output") < html.index("Garage places") < html.index("Outcome")
    assert html.index("Outcome") < html.index("Share of cycling") < html.index(">Impact<")
    assert "11.5 %" in html
    assert "50 % of the way from the baseline to the target." in html
    assert "Add an indicator" not in html


def test_indicator_page_has_chart_table_and_no_form_for_visitors(client, indicator):
    for day, value in [(datetime.date(2023, 1, 1), "8"), (datetime.date(2024, 1, 1), "9.5")]:
        measure(indicator, day, value)
    html = client.get(f"/impact/indicator/{indicator.pk}/").content.decode()
    root = _svg(html)
    assert root.find(f"{SVG}title").text == "Share of cycling over time"
    series = [g for g in root.iter(f"{SVG}g") if g.get("class") == "chart-series"]
    assert len(list(series[0].iter(f"{SVG}circle"))) == 2
    assert "<caption>Measured values of “Share of cycling”</caption>" in html
    assert "Add a measured value" not in html


def test_staff_add_a_value_and_see_it(client, manager, indicator):
    client.force_login(manager)
    response = client.post(
        f"/impact/indicator/{indicator.pk}/measurements/",
        {"measured_on": "2024-05-02", "value": "9.25", "source": "Count at three points"},
    )
    assert response.status_code == 302
    page = client.get(f"/impact/indicator/{indicator.pk}/").content.decode()
    assert "Count at three points" in page and "9.25" in page
    assert Measurement.objects.get().value == Decimal("9.25")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"measured_on": "2024-05-02", "value": "abc"}, "Enter a number."),
        ({"measured_on": "2024-05-02", "value": "1000000000001"}, "Enter a number between"),
        ({"measured_on": "1850-01-01", "value": "1"}, "Please enter a date between 1 January 1900 and"),
        ({"measured_on": "", "value": "1"}, "This field is required."),
        ({"measured_on": "2024-01-15", "value": "1"}, "There is already a value for 15 January 2024."),
    ],
)
def test_bad_values_give_a_clear_message_and_change_nothing(client, manager, indicator, data, message):
    measure(indicator, datetime.date(2024, 1, 15), "9")
    client.force_login(manager)
    response = client.post(f"/impact/indicator/{indicator.pk}/measurements/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert list(Measurement.objects.values_list("value", flat=True)) == [Decimal(9)]


def test_indicator_form_refuses_bad_input(client, manager, process):
    client.force_login(manager)
    response = client.post(
        f"/impact/process/{process.pk}/new/", {"name": "<script>x</script>", "unit": "x" * 31, "level": "output"}
    )
    assert response.status_code == 400
    assert "Ensure this value has at most 30 characters" in response.content.decode()
    assert not Indicator.objects.exists()


def test_lead_sees_the_form_and_edits(client, process, indicator):
    lead = UserFactory(profile={"sector": "public"})
    member_add(process=process, user=lead, role="lead", by=None)
    client.force_login(lead)
    assert "Add a measured value" in client.get(f"/impact/indicator/{indicator.pk}/").content.decode()
    data = {"name": "Cycling", "unit": "%", "level": "impact", "baseline": "7.5", "sdg": "11"}
    assert client.post(f"/impact/indicator/{indicator.pk}/edit/", data).status_code == 302
    indicator.refresh_from_db()
    assert (indicator.name, indicator.level, indicator.baseline, indicator.sdg) == (
        "Cycling",
        "impact",
        Decimal("7.5"),
        11,
    )
    assert indicator.target is None  # an emptied field is emptied


def test_dashboard_shows_phases_sectors_and_indicators(client, lab, process, indicator):
    member_add(process=process, user=UserFactory(profile={"sector": "science"}), role="expert", by=None)
    make_indicator(lab=lab, name="Workshop guests", unit="people")
    ProcessFactory(lab=lab, visibility="internal", title="Secret")
    html = client.get(f"/impact/lab/{lab.slug}/").content.decode()
    assert "Running lab processes per phase" in html
    assert "Workshop guests" in html and "Share of cycling" in html
    assert "Secret" not in html
    assert html.count('role="img"') == 2
    assert '<td class="number">1</td>' in html


FORMULA = '=HYPERLINK("http://evil.example","click")'


def test_exports_keep_formulas_as_text(client, lab, indicator):
    measure(indicator, datetime.date(2024, 1, 15), "9", source=FORMULA)
    make_indicator(lab=lab, name="No values yet", unit="people")
    response = client.get(f"/impact/lab/{lab.slug}/indicators.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Lab process", "Indicator", "Unit"]
    assert rows[1][:2] == ["Whole lab", "No values yet"]
    cycling = rows[2]
    assert cycling[1:4] == ["Share of cycling", "%", "Outcome"]
    assert cycling[8:11] == ["2024-01-15", "9.0000", "'" + FORMULA]

    response = client.get(f"/impact/process/{indicator.process_id}/indicators.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = next(iter(sheet.iter_rows(min_row=2, max_row=2)))
    assert cells[1].value == "Share of cycling"
    assert (cells[10].value, cells[10].data_type) == (FORMULA, "s")
