"""kosilab.core.ical: the file parses back with icalendar and carries what subscribers need."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import icalendar

from kosilab.core.ical import PRODID, CalendarItem, build_calendar, calendar_response

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def _item(**values) -> CalendarItem:
    defaults = {
        "uid": "1b4e28ba-2fa1-11d2-883f-0016d3cca427@kosilab",
        "summary": "Werkstatt: Straßen für alle",
        "starts_at": dt.datetime(2030, 5, 6, 18, 0, tzinfo=BERLIN),
        "ends_at": dt.datetime(2030, 5, 6, 20, 30, tzinfo=BERLIN),
    }
    defaults.update(values)
    return CalendarItem(**defaults)


def _parse(response) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(response.content)


def test_response_headers():
    response = calendar_response([_item()], name="Lab Dortmund", filename="lab-dortmund.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="lab-dortmund.ics"'


def test_filename_is_made_header_safe():
    response = calendar_response([], name="x", filename='Straße "1"\r\n.ics')
    assert response["Content-Disposition"] == 'attachment; filename="Stra_e__1___.ics"'


def test_calendar_properties():
    calendar = _parse(calendar_response([_item()], name="Lab Dortmund", filename="a.ics"))
    assert str(calendar["PRODID"]) == PRODID
    assert "KoSI-Lab" in PRODID
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["X-WR-CALNAME"]) == "Lab Dortmund"


def test_event_in_utc_with_all_fields():
    item = _item(
        description="Bring ideas.\nAnd coffee.",
        location="Raum 1, Rathaus",
        url="https://example.org/events/1/",
        sequence=3,
        last_modified=dt.datetime(2030, 4, 1, 12, 0, tzinfo=BERLIN),
    )
    calendar = _parse(calendar_response([item], name="n", filename="a.ics"))
    [event] = calendar.walk("VEVENT")
    assert str(event["UID"]) == item.uid
    assert str(event["SUMMARY"]) == "Werkstatt: Straßen für alle"
    assert event.decoded("DTSTART") == dt.datetime(2030, 5, 6, 16, 0, tzinfo=dt.UTC)
    assert event.decoded("DTSTART").utcoffset() == dt.timedelta(0)
    assert event.decoded("DTEND") == dt.datetime(2030, 5, 6, 18, 30, tzinfo=dt.UTC)
    assert event.decoded("LAST-MODIFIED") == dt.datetime(2030, 4, 1, 10, 0, tzinfo=dt.UTC)
    assert event.decoded("DTSTAMP").utcoffset() == dt.timedelta(0)
    assert str(event["DESCRIPTION"]) == "Bring ideas.\nAnd coffee."
    assert str(event["LOCATION"]) == "Raum 1, Rathaus"
    assert str(event["URL"]) == "https://example.org/events/1/"
    assert int(event["SEQUENCE"]) == 3
    assert str(event["STATUS"]) == "CONFIRMED"


def test_raw_text_uses_utc_suffix_and_crlf():
    raw = build_calendar([_item()], name="n")
    assert b"DTSTART:20300506T160000Z\r\n" in raw
    assert b"DTEND:20300506T183000Z\r\n" in raw


def test_cancelled_item():
    calendar = _parse(calendar_response([_item(cancelled=True, sequence=2)], name="n", filename="a.ics"))
    [event] = calendar.walk("VEVENT")
    assert str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) == 2


def test_optional_fields_left_out_when_empty():
    [event] = _parse(calendar_response([_item()], name="n", filename="a.ics")).walk("VEVENT")
    for prop in ("DESCRIPTION", "LOCATION", "URL", "LAST-MODIFIED"):
        assert prop not in event


def test_many_items_and_empty_calendar():
    items = [_item(uid=f"{n}@kosilab") for n in range(3)]
    calendar = _parse(calendar_response(items, name="n", filename="a.ics"))
    assert [str(e["UID"]) for e in calendar.walk("VEVENT")] == ["0@kosilab", "1@kosilab", "2@kosilab"]
    assert _parse(calendar_response([], name="n", filename="a.ics")).walk("VEVENT") == []


def test_long_and_special_text_round_trips():
    summary = "Ä, ö; ü\\ – " + "lang " * 40
    [event] = _parse(calendar_response([_item(summary=summary)], name="n", filename="a.ics")).walk("VEVENT")
    assert str(event["SUMMARY"]) == summary
    raw = build_calendar([_item(summary=summary)], name="n")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))


def test_naive_datetimes_are_taken_in_the_current_time_zone(settings):
    settings.TIME_ZONE = "Europe/Berlin"
    item = _item(starts_at=dt.datetime(2030, 1, 6, 18, 0), ends_at=dt.datetime(2030, 1, 6, 19, 0))
    [event] = _parse(calendar_response([item], name="n", filename="a.ics")).walk("VEVENT")
    assert event.decoded("DTSTART") == dt.datetime(2030, 1, 6, 17, 0, tzinfo=dt.UTC)


def test_long_text_with_umlauts_and_separators_is_folded_and_reads_back_the_same():
    import datetime as dt

    import icalendar
    from django.utils import timezone

    from kosilab.core.ical import CalendarItem, build_calendar

    text = "Grüße; Straße, „Zukunftswerkstatt“ – 🚲\nzweite Zeile\\" * 12
    start = timezone.now().replace(microsecond=0)
    data = build_calendar(
        [
            CalendarItem(
                uid="u-1", summary=text, starts_at=start, ends_at=start + dt.timedelta(hours=1), description=text
            )
        ],
        name=text,
    )
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    calendar = icalendar.Calendar.from_ical(data)
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == text
    assert str(event["DESCRIPTION"]) == text
    # An X- property is kept as is, on one line.
    assert str(calendar["X-WR-CALNAME"]) == " ".join(text.split())
    assert event.decoded("DTSTART") == start
