"""kosilab.core.exports: CSV and XLSX downloads that never carry a live formula."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zoneinfo
from decimal import Decimal

import openpyxl
import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy

from kosilab.core.exports import csv_response, safe_cell, sheet_title_safe, xlsx_response

DANGEROUS = ["=1+2", "+49 231 1234", "-2+3", "@SUM(A1:A2)", "\t=cmd", "\r=cmd", '=HYPERLINK("http://x","y")']
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize("value", DANGEROUS)
def test_safe_cell_quotes_formula_starts(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Jürgen", "Jürgen"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (-3, -3),
        (2.5, 2.5),
        (Decimal("1.5"), Decimal("1.5")),
        (dt.date(2030, 1, 2), "2030-01-02"),
        (gettext_lazy("Confirmed"), "Confirmed"),
    ],
)
def test_safe_cell_keeps_harmless_values(value, expected):
    with translation.override("en"):
        assert safe_cell(value) == expected


def test_safe_cell_writes_aware_datetimes_in_local_time(settings):
    settings.TIME_ZONE = "Europe/Berlin"
    assert safe_cell(dt.datetime(2030, 6, 1, 8, 30, tzinfo=dt.UTC)) == "2030-06-01 10:30"


def test_safe_cell_booleans_as_words():
    with translation.override("en"):
        assert (safe_cell(True), safe_cell(False)) == ("yes", "no")


def _csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_csv_response():
    response = csv_response([["Jürgen Groß", "=1+2", 3], ["Ada", None, -1]], ["Name", "Note", "N"], "people.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="people.csv"'
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert b"\r\n" in response.content
    assert _csv_rows(response) == [["Name", "Note", "N"], ["Jürgen Groß", "'=1+2", "3"], ["Ada", "", "-1"]]


def test_csv_every_dangerous_value_is_quoted_also_in_the_header():
    response = csv_response([DANGEROUS], DANGEROUS, "x.csv")
    for row in _csv_rows(response):
        assert all(cell.startswith("'") for cell in row)


def test_csv_quotes_separators_and_newlines():
    response = csv_response([['a,b "c"\nd']], ["h"], "x.csv")
    assert _csv_rows(response)[1] == ['a,b "c"\nd']


def test_csv_delimiter_and_non_ascii_filename():
    response = csv_response([["a", "b"]], ["x", "y"], "Teilnehmende Straße.csv", delimiter=";")
    assert response.content.decode("utf-8-sig").splitlines()[1] == "a;b"
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''Teilnehmende%20Stra%C3%9Fe.csv"


def _workbook(response):
    return openpyxl.load_workbook(io.BytesIO(response.content))


def test_xlsx_never_contains_a_formula():
    response = xlsx_response([DANGEROUS, [*DANGEROUS[:2], 5]], DANGEROUS, "x.xlsx", "Sheet")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = _workbook(response).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert cells
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    # The text is kept (openpyxl without lxml lets XML turn a carriage return into a line feed; with
    # lxml, installed with django-allauth's SAML support, it is kept): a string cell is never evaluated.
    row = [cell.value for cell in next(sheet.iter_rows(min_row=2, max_row=2))]
    assert [value.replace("\r", "\n") for value in row] == [value.replace("\r", "\n") for value in DANGEROUS]
    assert b"<f>" not in response.content


def test_xlsx_values_types_and_layout(settings):
    settings.TIME_ZONE = "Europe/Berlin"
    row = ["Jürgen", 3, 2.5, dt.datetime(2030, 6, 1, 8, 30, tzinfo=dt.UTC), None, "bad\x01char", True]
    with translation.override("en"):
        response = xlsx_response([row], ["Name", "N", "F", "At", "Empty", "Text", "Flag"], "x.xlsx", "Attendees")
    sheet = _workbook(response).active
    assert sheet.title == "Attendees"
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold
    values = [cell.value for cell in next(sheet.iter_rows(min_row=2, max_row=2))]
    assert values == ["Jürgen", 3, 2.5, dt.datetime(2030, 6, 1, 10, 30), None, "badchar", "yes"]
    assert sheet["D2"].is_date


@pytest.mark.parametrize(
    ("title", "expected"),
    [("Attendees", "Attendees"), ("a[b]:c*?/\\d", "a_b__c____d"), ("x" * 40, "x" * 31), ("", "Sheet")],
)
def test_sheet_titles_excel_accepts(title, expected):
    assert sheet_title_safe(title) == expected


def test_xlsx_with_an_awkward_sheet_title_opens():
    response = xlsx_response([], ["a"], "x.xlsx", "Workshop: [Teil 1/2] – sehr langer Titel")
    assert _workbook(response).active.title == "Workshop_ _Teil 1_2_ – sehr lan"
