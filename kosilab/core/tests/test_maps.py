"""Map settings, the Content-Security-Policy with and without a tile server, and coordinates
(docs/maps.md)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from django.utils import translation

from kosilab.core.map_settings import tiles_origin, validate_center, validate_tiles_url, validate_zoom
from kosilab.core.maps import clean_coordinates, latitude_formfield, longitude_formfield
from kosilab.core.middleware import POLICY

BASEMAP = (
    "https://sgx.geodatenzentrum.de/wmts_basemapde/tile/1.0.0/de_basemapde_web_raster_farbe/default/"
    "GLOBAL_WEBMERCATOR/{z}/{y}/{x}.png"
)


def test_an_empty_tile_url_means_no_maps():
    assert validate_tiles_url("", production=True) == ""
    assert validate_tiles_url("  ", production=False) == ""


def test_the_basemap_de_example_is_accepted_in_production():
    assert validate_tiles_url(BASEMAP, production=True) == BASEMAP
    assert tiles_origin(BASEMAP) == "https://sgx.geodatenzentrum.de"


@pytest.mark.parametrize("url", ["https://tiles.example.org/{z}/{x}.png", "https://tiles.example.org/tile.png"])
def test_a_tile_url_without_z_x_and_y_is_refused(url):
    with pytest.raises(ImproperlyConfigured, match=r"must contain \{z\}, \{x\} and \{y\}"):
        validate_tiles_url(url, production=False)


def test_plain_http_tiles_are_refused_in_production_only():
    url = "http://127.0.0.1:8111/{z}/{x}/{y}.png"
    with pytest.raises(ImproperlyConfigured, match="must start with https:// in production"):
        validate_tiles_url(url, production=True)
    assert validate_tiles_url(url, production=False) == url
    assert tiles_origin(url) == "http://127.0.0.1:8111"


def test_a_tile_url_that_is_no_web_address_is_refused():
    with pytest.raises(ImproperlyConfigured, match="must be a web address"):
        validate_tiles_url("ftp://tiles/{z}/{x}/{y}.png", production=False)


def test_map_center_and_zoom_are_checked():
    assert validate_center([]) == (51.4, 7.3)
    assert validate_center(["51.5136", "7.4653"]) == (51.5136, 7.4653)
    for wrong in (["95", "7"], ["51"], ["north", "east"]):
        with pytest.raises(ImproperlyConfigured, match="KOSILAB_MAP_CENTER must be latitude,longitude"):
            validate_center(wrong)
    assert validate_zoom(12) == 12
    with pytest.raises(ImproperlyConfigured, match="KOSILAB_MAP_ZOOM"):
        validate_zoom(25)


@override_settings(KOSILAB_MAP_TILES_URL="")
def test_without_a_tile_server_the_policy_allows_no_other_image_host(client, db):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert policy == POLICY
    assert "img-src 'self' data:;" in policy


@override_settings(KOSILAB_MAP_TILES_URL=BASEMAP, KOSILAB_MAP_ATTRIBUTION="© GeoBasis-DE / BKG (2026) CC BY 4.0")
def test_with_a_tile_server_the_policy_allows_exactly_its_host_for_images(client, db):
    policy = client.get("/").headers["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split("; ")}
    assert directives["img-src"] == ["'self'", "data:", "https://sgx.geodatenzentrum.de"]
    # Nothing else changes: no scripts, styles or connections from the tile host.
    assert policy.replace(" https://sgx.geodatenzentrum.de", "") == POLICY
    assert policy.count("geodatenzentrum") == 1


class _PlaceForm(forms.Form):
    latitude = latitude_formfield()
    longitude = longitude_formfield()

    def clean(self):
        cleaned = super().clean() or {}
        clean_coordinates(self, cleaned)
        return cleaned


def test_coordinates_are_rounded_to_six_places_and_take_a_decimal_comma():
    form = _PlaceForm({"latitude": "51,51339999", "longitude": " 7.4653 "})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"latitude": Decimal("51.513400"), "longitude": Decimal("7.465300")}


def test_no_coordinates_are_fine():
    form = _PlaceForm({"latitude": "", "longitude": ""})
    assert form.is_valid()
    assert form.cleaned_data == {"latitude": None, "longitude": None}


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"latitude": "51.5", "longitude": ""}, "longitude", "Enter both latitude and longitude, or neither."),
        ({"latitude": "", "longitude": "7.4"}, "latitude", "Enter both latitude and longitude, or neither."),
        ({"latitude": "91", "longitude": "7.4"}, "latitude", "Ensure this value is less than or equal to 90."),
        ({"latitude": "51", "longitude": "-181"}, "longitude", "Ensure this value is greater than or equal to -180."),
        (
            {"latitude": "north", "longitude": "7.4"},
            "latitude",
            "Enter the coordinate as a number in decimal degrees, e.g. 51.513400.",
        ),
        ({"latitude": "NaN", "longitude": "7.4"}, "latitude", None),
    ],
)
def test_bad_coordinates_get_a_clear_message(data, field, message):
    form = _PlaceForm(data)
    with translation.override("en"):
        assert not form.is_valid()
        assert field in form.errors
        if message:
            assert form.errors[field] == [message]


def test_the_privacy_page_names_the_tile_server_only_when_there_is_one(client, db):
    with override_settings(
        KOSILAB_MAP_TILES_URL=BASEMAP, KOSILAB_MAP_ATTRIBUTION="© GeoBasis-DE / BKG (2026) CC BY 4.0"
    ):
        assert "sgx.geodatenzentrum.de" in client.get("/privacy/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    with override_settings(KOSILAB_MAP_TILES_URL=""):
        assert "geodatenzentrum" not in client.get("/privacy/").content.decode()
