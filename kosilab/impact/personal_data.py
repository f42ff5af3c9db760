"""What the impact app stores about a person (see kosilab/core/personal_data.py).

``Indicator.name`` names what is measured, not a person.
"""

from __future__ import annotations

from typing import Any

from kosilab.accounts.types import User
from kosilab.core.personal_data import Erasure, declare, iso


def _export_indicators(user: User) -> list[dict[str, Any]]:
    from kosilab.impact.models import Indicator

    return [
        {"indicator": i.name, "lab": i.lab.name, "created_at": iso(i.created_at)}
        for i in Indicator.objects.filter(created_by=user).select_related("lab").order_by("created_at", "pk")
    ]


def _export_measurements(user: User) -> list[dict[str, Any]]:
    from kosilab.impact.models import Measurement

    return [
        {"indicator": m.indicator.name, "measured_on": iso(m.measured_on), "value": str(m.value), "note": m.note}
        for m in Measurement.objects.filter(created_by=user).select_related("indicator").order_by("measured_on", "pk")
    ]


declare(
    "impact.Indicator",
    fields=["created_by"],
    erasure=Erasure.KEPT,
    what="Impact indicators the person defined.",
    export_key="indicators",
    export=_export_indicators,
)
declare(
    "impact.Measurement",
    fields=["created_by"],
    erasure=Erasure.KEPT,
    what="Measurements the person entered.",
    export_key="measurements",
    export=_export_measurements,
)
