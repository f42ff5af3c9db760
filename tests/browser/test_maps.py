"""Maps with a tile server stub started by the test (docs/maps.md): the rooms list draws its rooms
from the stub's tiles, with the list of places beside the map; no request goes to any other host;
a lab manager picks a room's place by clicking on the map and saves it.

``KOSILAB_SCREENSHOTS=docs/screenshots`` also writes docs/screenshots/map-en.png and map-de.png.
"""

from __future__ import annotations

import io
import os
import threading
from collections.abc import Iterator
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw

from kosilab.core.tests.factories import UserFactory
from kosilab.labs.services import lab_team_set, lab_update
from kosilab.rooms.models import Room
from kosilab.rooms.tests.factories import RoomFactory

pytestmark = pytest.mark.browser


def _tile() -> bytes:
    """A plain light green-grey tile with a faint edge, so the map reads as a map in screenshots."""
    image = Image.new("RGB", (256, 256), (226, 235, 221))
    ImageDraw.Draw(image).rectangle((0, 0, 255, 255), outline=(205, 216, 199))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


class TileServer:
    """A tiny tile server on a free port: a PNG for any /z/x/y.png, and the paths it was asked for."""

    def __init__(self) -> None:
        tile, requested = _tile(), []
        self.requested: list[str] = requested

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                requested.append(self.path)
                parts = self.path.strip("/").removesuffix(".png").split("/")
                if len(parts) != 3 or not all(part.isdigit() for part in parts):
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(len(tile)))
                self.end_headers()
                self.wfile.write(tile)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.url = self.origin + "/{z}/{x}/{y}.png"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def tiles(settings: Any) -> Iterator[TileServer]:
    server = TileServer()
    settings.KOSILAB_MAP_TILES_URL = server.url
    settings.KOSILAB_MAP_ATTRIBUTION = "© Kachel-Attrappe des Tests"
    settings.KOSILAB_MAP_CENTER = (51.5136, 7.4653)
    settings.KOSILAB_MAP_ZOOM = 14
    yield server
    server.stop()


class _Problems(list):
    """The UI's list of problems, except requests to the tile stub (which the page is allowed)."""

    def __init__(self, origin: str) -> None:
        super().__init__()
        self.origin = origin

    def append(self, problem: str) -> None:
        if not problem.startswith(f"request to another origin: {self.origin}/"):
            super().append(problem)


def with_tiles(ui: Any, tiles: TileServer) -> Any:
    ui.problems = _Problems(tiles.origin)
    foreign: list[str] = []
    ui.foreign = foreign
    ui.page.on(
        "request",
        lambda request: (
            foreign.append(request.url)
            if not request.url.startswith((ui.base_url + "/", tiles.origin + "/", "data:", "about:", "blob:"))
            else None
        ),
    )
    return ui


def wait_for_tiles(ui: Any, selector: str) -> None:
    ui.page.locator(f"{selector} img.leaflet-tile-loaded").first.wait_for()
    ui.page.wait_for_function(
        "s => !document.querySelector(s + ' img.leaflet-tile:not(.leaflet-tile-loaded)')", arg=selector
    )


@pytest.fixture
def rooms(lab: Any) -> Any:
    lab_update(
        lab=lab,
        by=None,
        address="Friedensplatz 1, 44135 Dortmund",
        latitude=Decimal("51.5128"),
        longitude=Decimal("7.4657"),
    )
    RoomFactory(
        lab=lab,
        name="Werkstatt",
        location="Erdgeschoss, Hofseite",
        latitude=Decimal("51.5140"),
        longitude=Decimal("7.4630"),
    )
    RoomFactory(
        lab=lab,
        name="Quartiersbüro",
        location="Ladenlokal, Münsterstraße 30",
        latitude=Decimal("51.5229"),
        longitude=Decimal("7.4588"),
    )
    RoomFactory(lab=lab, name="Seminarraum", location="1. Obergeschoss")  # no coordinates
    return lab


def test_rooms_on_a_map_from_the_configured_tile_server_only(new_ui, tiles, rooms):
    ui = with_tiles(new_ui(), tiles)
    ui.visit(f"/rooms/lab/{rooms.slug}/")
    wait_for_tiles(ui, "#rooms-map")
    ui.check_a11y()

    assert tiles.requested, "no tile was requested from the stub"
    assert all(path.endswith(".png") for path in tiles.requested)
    assert ui.foreign == [], f"requests to other hosts: {ui.foreign}"

    # The map has a label; its markers are focusable and titled; the list beside it names the places.
    assert ui.page.locator("#rooms-map").get_attribute("aria-label") == "Map: Rooms on the map"
    markers = ui.page.locator("#rooms-map .leaflet-marker-icon")
    assert markers.count() == 2
    assert sorted(markers.nth(i).get_attribute("title") for i in range(2)) == ["Quartiersbüro", "Werkstatt"]
    assert {markers.nth(i).get_attribute("tabindex") for i in range(2)} == {"0"}
    places = ui.page.locator(".place-map-places").inner_text()
    assert "Werkstatt" in places and "Erdgeschoss, Hofseite" in places and "Ladenlokal, Münsterstraße 30" in places
    assert "Seminarraum" not in places
    assert "© Kachel-Attrappe des Tests" in ui.page.locator("#rooms-map .leaflet-control-attribution").inner_text()

    # A marker is reached with the keyboard and opens its place.
    ui.page.locator("#rooms-map .leaflet-marker-icon[title='Werkstatt']").focus()
    ui.page.keyboard.press("Enter")
    ui.page.locator("#rooms-map .leaflet-popup-content a", has_text="Werkstatt").wait_for()
    ui.check_a11y()


def test_a_manager_picks_a_rooms_place_on_the_map(new_ui, tiles, rooms):
    manager = UserFactory(name="Mara Manager", email="mara@example.org")
    lab_team_set(lab=rooms, user=manager, role="manager", by=None)
    room = Room.objects.get(name="Seminarraum")
    ui = with_tiles(new_ui(), tiles)
    ui.log_in("mara@example.org")
    ui.visit(f"/rooms/{room.pk}/edit/")
    wait_for_tiles(ui, "#map-picker")
    assert ui.page.input_value("#id_latitude") == ""

    ui.page.locator("#map-picker").click(position={"x": 150, "y": 90})
    latitude, longitude = ui.page.input_value("#id_latitude"), ui.page.input_value("#id_longitude")
    assert latitude and longitude
    assert abs(float(latitude) - 51.5136) < 0.05 and abs(float(longitude) - 7.4653) < 0.05  # near the map's centre
    assert "Place set: latitude" in ui.page.locator("#map-picker-status").inner_text()
    assert ui.page.locator("#map-picker .leaflet-marker-icon").get_attribute("title") == "The chosen place"
    ui.check_a11y()
    ui.submit("#id_latitude")

    room.refresh_from_db()
    assert (room.latitude, room.longitude) == (Decimal(latitude), Decimal(longitude))
    # The room is now on the rooms list's map too.
    ui.visit(f"/rooms/lab/{rooms.slug}/")
    assert ui.page.locator("#rooms-map .leaflet-marker-icon[title='Seminarraum']").count() == 1
    # The other forms with a place offer the same picker.
    for path in (f"/labs/{rooms.slug}/edit/", f"/events/new/{rooms.slug}/"):
        ui.visit(path)
        wait_for_tiles(ui, "#map-picker")
        ui.check_a11y()
    assert ui.foreign == []


def test_the_lab_page_events_rooms_and_ideas_show_their_maps(new_ui, tiles, rooms):
    from kosilab.cocreation.tests.factories import idea, open_challenge
    from kosilab.events.tests.factories import EventFactory

    werkstatt = Room.objects.get(name="Werkstatt")
    event = EventFactory(lab=rooms, title="Werkstatt-Abend", room=werkstatt, address="")
    challenge = open_challenge(rooms)
    idea(
        challenge,
        title="Bänke am Ufer",
        address="Phoenix-See",
        latitude=Decimal("51.4890"),
        longitude=Decimal("7.5100"),
    )
    ui = with_tiles(new_ui(), tiles)
    for path, map_id, title in [
        (f"/labs/{rooms.slug}/", "lab-map", rooms.name),
        ("/labs/", "labs-map", rooms.name),
        ("/events/", "events-map", "Werkstatt-Abend"),
        (f"/ideas/challenge/{challenge.pk}/", "ideas-map", "Bänke am Ufer"),
        (event.get_absolute_url(), "event-map", "Werkstatt-Abend"),  # where its room is
        (werkstatt.get_absolute_url(), "room-map", "Werkstatt"),
    ]:
        ui.visit(path)
        wait_for_tiles(ui, f"#{map_id}")
        assert ui.page.locator(f"#{map_id} .leaflet-marker-icon[title='{title}']").count() == 1, path
        assert title in ui.page.locator(f"#{map_id} ~ .place-map-places").inner_text(), path
        ui.check_a11y()
    assert ui.foreign == []


def test_no_map_and_no_tile_request_without_a_tile_server(ui, rooms, settings):
    settings.KOSILAB_MAP_TILES_URL = ""
    ui.visit(f"/rooms/lab/{rooms.slug}/")
    assert ui.page.locator(".place-map, .leaflet-container").count() == 0
    assert "Werkstatt" in ui.page.locator("main").inner_text()


@pytest.mark.skipif(not os.environ.get("KOSILAB_SCREENSHOTS"), reason="set KOSILAB_SCREENSHOTS=docs/screenshots")
@pytest.mark.parametrize("language", ["de", "en"])
def test_screenshot_of_the_lab_page_with_its_map(new_ui, tiles, rooms, language):
    folder = Path(os.environ["KOSILAB_SCREENSHOTS"])
    folder.mkdir(parents=True, exist_ok=True)
    ui = with_tiles(new_ui(language=language, locale="de-DE" if language == "de" else "en-GB"), tiles)
    ui.visit(f"/rooms/lab/{rooms.slug}/")
    wait_for_tiles(ui, "#rooms-map")
    ui.page.screenshot(path=str(folder / f"map-{language}.png"), full_page=True)
    ui.check_a11y()
