"""The map settings of the installation (docs/maps.md), checked when the settings load.

Only the standard library and ImproperlyConfigured: config/settings.py imports this module.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

DEFAULT_CENTER = (51.4, 7.3)  # the Ruhr and the Bergisches Land, where the demo labs are
DEFAULT_ZOOM = 11


def validate_tiles_url(url: str, *, production: bool) -> str:
    """The tile URL as configured, or ImproperlyConfigured with what is wrong (empty: no maps)."""
    url = url.strip()
    if not url:
        return ""
    missing = [part for part in ("{z}", "{x}", "{y}") if part not in url]
    if missing:
        raise ImproperlyConfigured(
            f"KOSILAB_MAP_TILES_URL must contain {{z}}, {{x}} and {{y}} (missing: {', '.join(missing)}), e.g. "
            "https://sgx.geodatenzentrum.de/wmts_basemapde/tile/1.0.0/de_basemapde_web_raster_farbe/default/"
            "GLOBAL_WEBMERCATOR/{z}/{y}/{x}.png"
        )
    parts = urlsplit(url.replace("{", "").replace("}", ""))
    if parts.scheme not in {"https", "http"} or not parts.hostname:
        raise ImproperlyConfigured("KOSILAB_MAP_TILES_URL must be a web address (https://host/…/{z}/{x}/{y}.png).")
    if production and parts.scheme != "https":
        raise ImproperlyConfigured(
            "KOSILAB_MAP_TILES_URL must start with https:// in production: the browser refuses plain http "
            "images on an https page, and the tile requests would be readable on the way."
        )
    return url


def validate_center(value: list[str]) -> tuple[float, float]:
    """``KOSILAB_MAP_CENTER`` as (latitude, longitude); ImproperlyConfigured when it is not one."""
    if not value:
        return DEFAULT_CENTER
    try:
        latitude, longitude = (float(item) for item in value)
    except ValueError:
        latitude = longitude = float("nan")
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ImproperlyConfigured(
            "KOSILAB_MAP_CENTER must be latitude,longitude in decimal degrees, e.g. 51.5136,7.4653."
        )
    return latitude, longitude


def validate_zoom(zoom: int) -> int:
    if not 1 <= zoom <= 19:
        raise ImproperlyConfigured("KOSILAB_MAP_ZOOM must be a zoom level from 1 to 19, e.g. 12.")
    return zoom


def tiles_origin(url: str) -> str:
    """The scheme and host (and port) of the tile URL, as the Content-Security-Policy names it."""
    if not url:
        return ""
    parts = urlsplit(url.replace("{", "").replace("}", ""))
    return f"{parts.scheme}://{parts.netloc}"
