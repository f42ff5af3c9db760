"""Places on a map (docs/maps.md): the lab page, the rooms list, the events list and the ideas list
of a challenge show a map of their items with coordinates and, beside it, the list of their places;
without a tile server there is no map at all. Forms take coordinates typed or picked on the map."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from kosilab.cocreation.tests.factories import idea, open_challenge
from kosilab.core.tests.queries import count
from kosilab.events.tests.factories import EventFactory
from kosilab.labs.services import lab_update
from kosilab.rooms.tests.factories import RoomFactory

pytestmark = pytest.mark.django_db

TILES = "https://tiles.example.org/{z}/{x}/{y}.png"
MAPS_ON = override_settings(KOSILAB_MAP_TILES_URL=TILES, KOSILAB_MAP_ATTRIBUTION="© Example tiles")
MAPS_OFF = override_settings(KOSILAB_MAP_TILES_URL="", KOSILAB_MAP_ATTRIBUTION="")
DORTMUND = {"latitude": Decimal("51.513400"), "longitude": Decimal("7.465300")}


def map_points(response, map_id):
    html = response.content.decode()
    start = html.index(f'<script id="{map_id}-data" type="application/json">') + len(
        f'<script id="{map_id}-data" type="application/json">'
    )
    return json.loads(html[start : html.index("</script>", start)])["points"]


@pytest.fixture
def places(lab):
    lab_update(lab=lab, by=None, address="Rathausplatz 1, Dortmund", **DORTMUND)
    RoomFactory(
        lab=lab, name="Werkstatt", location="Hofseite", latitude=Decimal("51.5140"), longitude=Decimal("7.4660")
    )
    RoomFactory(lab=lab, name="Seminarraum", location="1. OG")  # no coordinates: not on the map
    return lab


def pages(lab):
    challenge = open_challenge(lab)
    idea(challenge, title="Benches at the river", address="Ufer", latitude=Decimal("51.5"), longitude=Decimal("7.4"))
    idea(challenge, title="No place")
    room = lab.rooms.get(name="Werkstatt")
    EventFactory(lab=lab, title="In the workshop", room=room, address="")
    EventFactory(
        lab=lab, title="In the park", address="Westfalenpark", latitude=Decimal("51.49"), longitude=Decimal("7.47")
    )
    return [
        ("/labs/", "labs-map", ["Home Lab"]),
        (f"/labs/{lab.slug}/", "lab-map", ["Home Lab"]),
        (f"/rooms/lab/{lab.slug}/", "rooms-map", ["Werkstatt"]),
        ("/events/", "events-map", ["In the workshop", "In the park"]),
        (f"/ideas/challenge/{challenge.pk}/", "ideas-map", ["Benches at the river"]),
    ]


def test_each_page_shows_a_map_of_its_places_and_the_list_beside_it(client, places):
    with MAPS_ON:
        for url, map_id, titles in pages(places):
            response = client.get(url)
            html = response.content.decode()
            points = map_points(response, map_id)
            assert sorted(point["title"] for point in points) == sorted(titles), url
            assert f'id="{map_id}" role="region" aria-label="Map: ' in html or 'aria-label="Karte: ' in html
            assert "/static/leaflet/leaflet.js" in html and "/static/core/map.js" in html
            for title in titles:  # the accessible list beside the map
                assert f">{title}</a><br>" in html or f">{title}</a></li>" in html, (url, title)
            assert "tiles.example.org" in response.headers["Content-Security-Policy"]


def test_an_event_in_a_room_is_placed_where_its_room_is(client, places):
    with MAPS_ON:
        pages(places)
        points = {point["title"]: point for point in map_points(client.get("/events/"), "events-map")}
    assert (points["In the workshop"]["lat"], points["In the workshop"]["lng"]) == (51.514, 7.466)
    assert points["In the workshop"]["place"] == "Werkstatt, Hofseite"
    assert points["In the park"]["place"] == "Westfalenpark"


def test_without_a_tile_server_no_page_has_a_map_or_leaflet(client, places):
    with MAPS_OFF:
        for url, map_id, _titles in pages(places):
            html = client.get(url).content.decode()
            assert map_id not in html and "leaflet" not in html and "map.js" not in html, url


def test_hidden_ideas_are_not_on_the_map(client, lab):
    from kosilab.cocreation import services

    challenge = open_challenge(lab)
    hidden = idea(challenge, title="Secret spot", latitude=Decimal("51.5"), longitude=Decimal("7.4"))
    services.item_moderate(item=hidden, by=None, hidden=True, reason="Off topic")
    with MAPS_ON:
        html = client.get(f"/ideas/challenge/{challenge.pk}/").content.decode()
    assert "ideas-map" not in html and "51.5" not in html


@pytest.mark.parametrize("as_manager", [False, True], ids=["anonymous", "manager"])
def test_maps_cost_no_query(client, places, manager, as_manager):
    """The pinned query counts hold with maps on: the points come from the rows the page loads."""
    if as_manager:
        client.force_login(manager)
    urls = [url for url, _map, _titles in pages(places)]
    with MAPS_OFF:
        off = [count(client, url) for url in urls]
    with MAPS_ON:
        on = [count(client, url) for url in urls]
    assert on == off


def test_the_lab_form_saves_typed_coordinates(client, lab, manager):
    client.force_login(manager)
    with MAPS_ON:
        form = client.get(f"/labs/{lab.slug}/edit/").content.decode()
        assert 'data-map-picker="map-picker-data"' in form and 'id="id_latitude"' in form
        data = {"name": lab.name, "city": lab.city, "host": lab.host_id, "is_public": "on"}
        response = client.post(f"/labs/{lab.slug}/edit/", {**data, "latitude": "51,5134", "longitude": "7.4653"})
    assert response.status_code == 302
    lab.refresh_from_db()
    assert (lab.latitude, lab.longitude) == (Decimal("51.513400"), Decimal("7.465300"))


@pytest.mark.parametrize(
    "coordinates",
    [{"latitude": "51.5", "longitude": ""}, {"latitude": "100", "longitude": "7"}, {"latitude": "x", "longitude": "7"}],
)
def test_bad_coordinates_change_nothing(client, places, manager, coordinates):
    client.force_login(manager)
    room = places.rooms.get(name="Werkstatt")
    data = {
        "name": "Renamed",
        "capacity": 5,
        "location": "Hof",
        "opens_at": "08:00",
        "closes_at": "20:00",
        "is_active": "on",
    }
    response = client.post(f"/rooms/{room.pk}/edit/", {**data, **coordinates})
    assert response.status_code in {200, 400}  # the form again, with the message at the field
    assert 'class="field field-error"' in response.content.decode()
    assert (
        'id="id_latitude_error"' in response.content.decode() or 'id="id_longitude_error"' in response.content.decode()
    )
    room.refresh_from_db()
    assert (room.name, room.latitude, room.longitude) == ("Werkstatt", Decimal("51.514000"), Decimal("7.466000"))


def test_the_database_refuses_half_a_place(lab):
    lab.latitude, lab.longitude = Decimal("51.5"), None
    with pytest.raises(ValidationError) as refused:
        lab.full_clean()
    assert "Enter both latitude and longitude, or neither." in str(refused.value) or "Breiten" in str(refused.value)


def test_a_deleted_idea_forgets_its_place(lab):
    from kosilab.cocreation import services

    challenge = open_challenge(lab)
    mine = idea(challenge, latitude=Decimal("51.5"), longitude=Decimal("7.4"))
    services.idea_delete(idea=mine, by=None)
    mine.refresh_from_db()
    assert (mine.latitude, mine.longitude) == (None, None)
