"""Dates and times read the same way on every page of a language (kosilab/core/formats/).

The expected texts are written out here by hand, not computed with Django's formats, so a change of
a format module shows up as a failing test.
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import formats, translation

from kosilab.core.formats import CUSTOM_FORMATS
from kosilab.rooms.models import Booking
from kosilab.rooms.selectors import iso_week
from kosilab.rooms.tests.factories import RoomFactory, at, next_monday

MONTHS_DE = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
]
MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
WEEKDAYS_DE = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]
WEEKDAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

MOMENT = dt.datetime(2026, 12, 8, 23, 59)  # a Tuesday
EXPECTED = {
    "de": {
        "DATE_FORMAT": "8. Dezember 2026",
        "SHORT_DATE_FORMAT": "08.12.2026",
        "TIME_FORMAT": "23:59",
        "DATETIME_FORMAT": "8. Dezember 2026, 23:59",
        "SHORT_DATETIME_FORMAT": "08.12.2026, 23:59",
        "WEEKDAY_DATE_FORMAT": "Dienstag, 8. Dezember 2026",
        "WEEKDAY_DATETIME_FORMAT": "Dienstag, 8. Dezember 2026, 23:59",
        "SHORT_WEEKDAY_DATETIME_FORMAT": "Di, 08.12.2026, 23:59",
        "WEEKDAY_DAY_MONTH_FORMAT": "Dienstag, 8. Dezember",
        "SHORT_WEEKDAY_DAY_MONTH_FORMAT": "Di, 8.12.",
        "SHORT_YEAR_MONTH_FORMAT": "Dez. 2026",
    },
    "en": {
        "DATE_FORMAT": "8 December 2026",
        "SHORT_DATE_FORMAT": "8 Dec 2026",
        "TIME_FORMAT": "23:59",
        "DATETIME_FORMAT": "8 December 2026, 23:59",
        "SHORT_DATETIME_FORMAT": "8 Dec 2026, 23:59",
        "WEEKDAY_DATE_FORMAT": "Tuesday, 8 December 2026",
        "WEEKDAY_DATETIME_FORMAT": "Tuesday, 8 December 2026, 23:59",
        "SHORT_WEEKDAY_DATETIME_FORMAT": "Tue 8 Dec 2026, 23:59",
        "WEEKDAY_DAY_MONTH_FORMAT": "Tuesday, 8 December",
        "SHORT_WEEKDAY_DAY_MONTH_FORMAT": "Tue 8 Dec",
        "SHORT_YEAR_MONTH_FORMAT": "Dec 2026",
    },
}


@pytest.mark.parametrize("language", ["de", "en"])
def test_each_named_format_reads_as_decided(language):
    with translation.override(language):
        for name, text in EXPECTED[language].items():
            assert formats.date_format(MOMENT, name) == text, name


def test_every_language_defines_every_named_format():
    """A name missing from a language's module would be printed as format letters."""
    for code, _name in settings.LANGUAGES:
        module = importlib.import_module(f"kosilab.core.formats.{code}.formats")
        for name in CUSTOM_FORMATS:
            assert getattr(module, name, None), f"{code} lacks {name}"
        assert set(EXPECTED[code]) >= set(CUSTOM_FORMATS)


# --- Templates use only the named formats ---------------------------------------------------------

TEMPLATE_ROOTS = [Path(settings.BASE_DIR) / "kosilab"]
NAMED = {
    "DATE_FORMAT",
    "SHORT_DATE_FORMAT",
    "DATETIME_FORMAT",
    "SHORT_DATETIME_FORMAT",
    "TIME_FORMAT",
    "YEAR_MONTH_FORMAT",
    "MONTH_DAY_FORMAT",
    *CUSTOM_FORMATS,
}
# Formats for machines (<time datetime="…">, form values, links), allowed only inside an HTML attribute.
MACHINE = {"c", "Y-m-d", "H:i", "U"}
FILTER = re.compile(r"\|(date|time):([\"'])(?P<format>[^\"']*)\2")


def _template_files() -> list[Path]:
    files: list[Path] = []
    for root in TEMPLATE_ROOTS:
        for path in root.glob("**/templates/**/*"):
            if path.is_file() and path.suffix in {".html", ".txt", ".ics", ".xml"}:
                files.append(path)
    return files


def test_templates_use_no_date_format_of_their_own():
    offending = []
    for path in _template_files():
        text = path.read_text(encoding="utf-8")
        for match in FILTER.finditer(text):
            fmt = match["format"]
            if fmt in NAMED:
                continue
            in_attribute = re.search(r'=\s*"[^"]*$', text[: match.start()]) is not None
            if fmt in MACHINE and in_attribute:
                continue
            line = text.count("\n", 0, match.start()) + 1
            offending.append(f"{path.relative_to(settings.BASE_DIR)}:{line}: {match.group(0)}")
    assert not offending, "Use a named format (kosilab/core/formats/):\n" + "\n".join(offending)


def test_the_check_finds_a_format_of_its_own(tmp_path):
    """The check above is not blind: a literal in text is found, one in an attribute is allowed."""
    bad = '<p>{{ x|date:"j M Y" }}</p><time datetime="{{ x|date:\'c\' }}">{{ x|date:"c" }}</time>'
    found = [m["format"] for m in FILTER.finditer(bad)]
    assert found == ["j M Y", "c", "c"]
    allowed = [
        m["format"] in NAMED or (m["format"] in MACHINE and re.search(r'=\s*"[^"]*$', bad[: m.start()]) is not None)
        for m in FILTER.finditer(bad)
    ]
    assert allowed == [False, True, False]


# --- Representative pages in both languages -----------------------------------------------------


@pytest.fixture
def booking(db, query_setting):
    room = RoomFactory(lab=query_setting["lab"], name="Werkstatt")
    monday = next_monday()
    tuesday = monday + dt.timedelta(days=1)
    booking = Booking.objects.create(
        lab=query_setting["lab"],
        room=room,
        purpose="Zukunftswerkstatt",
        starts_at=at(tuesday, 9, 30),
        ends_at=at(tuesday, 17),
        booked_by=query_setting["manager"],
    )
    return {**query_setting, "booking": booking, "room": room, "monday": monday, "day": tuesday}


def _long(day: dt.date, language: str) -> str:
    if language == "de":
        return f"{day.day}. {MONTHS_DE[day.month - 1]} {day.year}"
    return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"


def _weekday(day: dt.date, language: str) -> str:
    return (WEEKDAYS_DE if language == "de" else WEEKDAYS_EN)[day.weekday()]


@pytest.mark.parametrize("language", ["de", "en"])
def test_a_booking_page_shows_the_languages_date_and_time(client, booking, language):
    client.force_login(booking["manager"])
    html = client.get(f"/rooms/bookings/{booking['booking'].pk}/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    day = booking["day"]
    assert f"{_weekday(day, language)}, {_long(day, language)}, 09:30–17:00" in html
    assert "a.m." not in html and "p.m." not in html


@pytest.mark.parametrize("language", ["de", "en"])
def test_a_rooms_week_shows_the_languages_dates(client, booking, language):
    client.force_login(booking["manager"])
    monday, sunday = booking["monday"], booking["monday"] + dt.timedelta(days=6)
    url = f"/rooms/{booking['room'].pk}/?week={iso_week(monday)}"
    html = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f"{_long(monday, language)}" in html and f"{_long(sunday, language)}" in html
    day = booking["day"]
    month = (MONTHS_DE if language == "de" else MONTHS_EN)[day.month - 1]
    separator = ". " if language == "de" else " "
    assert f"{_weekday(day, language)}, {day.day}{separator}{month}<" in html
    own, other = (MONTHS_DE, MONTHS_EN) if language == "de" else (MONTHS_EN, MONTHS_DE)
    assert not [name for name in other if name not in own and re.search(rf"\b{name} \d{{4}}", html)]
