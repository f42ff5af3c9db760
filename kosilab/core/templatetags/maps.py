"""Maps on pages (docs/maps.md): ``{% place_map items label %}`` draws the items that have
coordinates, with the list of their places beside the map; ``{% map_picker form %}`` lets a form's
latitude and longitude be picked on a map. Both render nothing without a tile server."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms, template
from django.utils.translation import gettext as _

from kosilab.core.content_languages import localise
from kosilab.core.maps import map_point

register = template.Library()


def _place(item: Any) -> str:
    """The place as text: a room's location, an event's room or address, a lab's or idea's address."""
    room = getattr(item, "room", None) if getattr(item, "room_id", None) else None
    if room is not None:
        return f"{room.name}, {room.location}" if room.location else str(room.name)
    return str(getattr(item, "location", "") or getattr(item, "address", "") or "")


def _point(item: Any) -> dict[str, Any] | None:
    if getattr(item, "hidden", False) or getattr(item, "deleted", False):
        return None  # a hidden or deleted idea is not put on the map
    latitude, longitude = item.latitude, item.longitude
    room = getattr(item, "room", None) if getattr(item, "room_id", None) else None
    if latitude is None and room is not None:  # an event in a room is where its room is
        latitude, longitude = room.latitude, room.longitude
    if latitude is None or longitude is None:
        return None
    # A lab is named by its name; an event or idea by its title, in the reader's language if it has one.
    title = getattr(item, "name", None) or localise(item, "title").text
    return map_point(
        title=str(title), url=item.get_absolute_url(), place=_place(item), latitude=latitude, longitude=longitude
    )


@register.inclusion_tag("core/_place_map.html", takes_context=True)
def place_map(
    context: template.Context, items: Iterable[Any] | Any, label: str, map_id: str = "place-map"
) -> dict[str, Any]:
    config = context.get("map_config")
    if not isinstance(items, Iterable):
        items = [items]  # one object: the lab of a lab page
    points = [point for point in (_point(item) for item in items) if point] if config else []
    return {
        "map_config": config,
        "points": points,
        "label": label,
        "map_id": map_id,
        "data_id": f"{map_id}-data",
        "data": {"config": config, "points": points, "label": label},
    }


@register.inclusion_tag("core/_map_picker.html", takes_context=True)
def map_picker(context: template.Context, form: forms.BaseForm) -> dict[str, Any]:
    config = context.get("map_config")
    if not config or "latitude" not in form.fields or "longitude" not in form.fields:
        return {"map_config": None}
    latitude, longitude = form["latitude"], form["longitude"]
    return {
        "map_config": config,
        "latitude_id": latitude.auto_id,
        "longitude_id": longitude.auto_id,
        "data": {
            "config": config,
            "latitude": latitude.auto_id,
            "longitude": longitude.auto_id,
            "picked": _("Place set: latitude %(lat)s, longitude %(lng)s."),  # map.js fills in both
            "marker": _("The chosen place"),
        },
    }
