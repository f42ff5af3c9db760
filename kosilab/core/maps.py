"""Places on a map (docs/maps.md): the tile server the installation configures, coordinates of
labs, rooms, events and ideas, and what the map include gets to draw.

Without ``KOSILAB_MAP_TILES_URL`` there is no map and no request to another host; with it, the
Content-Security-Policy allows images from exactly that host (core/middleware.py).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

PLACES = Decimal("0.000001")  # six decimal places: about 10 cm, more than any address needs


def maps_enabled() -> bool:
    return bool(settings.KOSILAB_MAP_TILES_URL)


def context(request: HttpRequest) -> dict[str, Any]:
    """Template context processor: ``map_config`` (None without a tile server)."""
    if not maps_enabled():
        return {"map_config": None}
    latitude, longitude = settings.KOSILAB_MAP_CENTER
    return {
        "map_config": {
            "tiles": settings.KOSILAB_MAP_TILES_URL,
            "host": urlsplit(settings.KOSILAB_MAP_TILES_URL.replace("{", "").replace("}", "")).hostname,
            "attribution": settings.KOSILAB_MAP_ATTRIBUTION,
            "center": [latitude, longitude],
            "zoom": settings.KOSILAB_MAP_ZOOM,
        }
    }


# --- Coordinates on models -------------------------------------------------------------------


def latitude_field() -> models.DecimalField[Any, Any]:
    return models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-90)), MaxValueValidator(Decimal(90))],
    )


def longitude_field() -> models.DecimalField[Any, Any]:
    return models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-180)), MaxValueValidator(Decimal(180))],
    )


BOTH_OR_NEITHER = _("Enter both latitude and longitude, or neither.")


def coordinates_constraint(name: str) -> models.CheckConstraint:
    """Both coordinates or neither, in their ranges: the database holds it for every writer."""
    return models.CheckConstraint(
        condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
        | (
            Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180)
            & Q(latitude__isnull=False, longitude__isnull=False)
        ),
        name=name,
        violation_error_message=BOTH_OR_NEITHER,
    )


# --- Coordinates in forms --------------------------------------------------------------------


class CoordinateField(forms.DecimalField):
    """Decimal degrees, rounded to six places (a click on the map or a pasted value may have more)."""

    def __init__(self, *, label: Any, limit: int, help_text: Any) -> None:
        super().__init__(
            label=label,
            required=False,
            min_value=Decimal(-limit),
            max_value=Decimal(limit),
            help_text=help_text,
            localize=False,
            widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
            error_messages={
                "invalid": _("Enter the coordinate as a number in decimal degrees, e.g. 51.513400."),
            },
        )

    def to_python(self, value: Any) -> Any:  # a Decimal or None (the stubs say int, after IntegerField)
        if isinstance(value, str):
            value = value.strip().replace(",", ".")  # German decimal comma
        number = super().to_python(value)
        if number is None or not number.is_finite():
            return number
        return number.quantize(PLACES, rounding=ROUND_HALF_UP)


def latitude_formfield() -> CoordinateField:
    return CoordinateField(
        label=_("Latitude"), limit=90, help_text=_("Decimal degrees from -90 to 90, e.g. 51.513400 (optional).")
    )


def longitude_formfield() -> CoordinateField:
    return CoordinateField(
        label=_("Longitude"), limit=180, help_text=_("Decimal degrees from -180 to 180, e.g. 7.465300 (optional).")
    )


def clean_coordinates(form: forms.BaseForm, cleaned: dict[str, Any]) -> None:
    """Both coordinates or neither: the missing one gets the error (call from the form's clean)."""
    if "latitude" not in cleaned or "longitude" not in cleaned:
        return  # one of them has its own error already
    latitude, longitude = cleaned["latitude"], cleaned["longitude"]
    if (latitude is None) != (longitude is None):
        form.add_error("longitude" if longitude is None else "latitude", BOTH_OR_NEITHER)


# --- What a map draws ------------------------------------------------------------------------


def map_point(
    *, title: str, url: str, place: str, latitude: Decimal | None, longitude: Decimal | None
) -> dict[str, Any]:
    return {
        "title": title,
        "url": url,
        "place": place,
        "lat": float(latitude) if latitude is not None else None,
        "lng": float(longitude) if longitude is not None else None,
    }
