"""Demo indicators for the demo labs (see kosilab/labs/demo.py): the share of cycling in the
Wuppertal bicycle-garage process, and the Dortmund process that led to the Social Innovation Center.

Idempotent: an indicator that is already there (same lab, process and name) is left alone. Does
nothing without the demo labs and processes.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from kosilab.accounts.types import User
from kosilab.impact.models import SDG, Indicator, Level
from kosilab.impact.services import indicator_create, measurement_add
from kosilab.labs.models import Lab
from kosilab.processes.models import Process

GARAGES = "Fahrradgaragen im Quartier"
SIC = "Social Innovation Center Dortmund"


def _indicator(
    *,
    lab: Lab,
    process: Process | None,
    by: User | None,
    values: list[tuple[int, str, str]],
    **fields: Any,
) -> bool:
    """Create the indicator with its values (days ago, value, source) unless it exists."""
    if Indicator.objects.filter(lab=lab, process=process, name=fields["name"]).exists():
        return False
    indicator = indicator_create(lab=lab, process=process, by=by, **fields)
    today = timezone.localdate()
    for days_ago, value, source in values:
        measurement_add(
            indicator=indicator,
            by=by,
            measured_on=today - datetime.timedelta(days=days_ago),
            value=Decimal(value),
            source=source,
        )
    return True


@transaction.atomic
def load_impact_demo() -> bool:
    """Load the demo indicators once. Returns False when there was nothing (more) to load."""
    labs = {lab.slug: lab for lab in Lab.objects.filter(slug__in=["dortmund", "wuppertal"])}
    garages = Process.objects.filter(lab__slug="wuppertal", title=GARAGES).first()
    sic = Process.objects.filter(lab__slug="dortmund", title=SIC).first()
    if len(labs) < 2 or garages is None or sic is None:
        return False
    users = get_user_model().objects
    lead_wu = users.filter(email="leitung.wuppertal@kosilab.example.org").first()
    lead_do = users.filter(email="leitung.dortmund@kosilab.example.org").first()
    today = timezone.localdate()
    created = [
        _indicator(
            lab=labs["wuppertal"],
            process=garages,
            by=lead_wu,
            name="Anteil des Radverkehrs im Quartier",
            unit="%",
            level=Level.OUTCOME,
            description="Anteil der Wege im Quartier, die mit dem Fahrrad oder Pedelec zurückgelegt werden.",
            baseline=Decimal(8),
            target=Decimal(15),
            target_date=today.replace(day=1) + datetime.timedelta(days=730),
            sdg=SDG.SUSTAINABLE_CITIES,
            values=[
                (720, "8", "Zählung an drei Querschnitten"),
                (540, "8.4", "Zählung an drei Querschnitten"),
                (360, "9.1", "Haushaltsbefragung im Quartier"),
                (200, "9.6", "Zählung an drei Querschnitten"),
                (90, "10.8", "Zählung an drei Querschnitten"),
                (20, "11.5", "Zählung an drei Querschnitten"),
            ],
        ),
        _indicator(
            lab=labs["wuppertal"],
            process=garages,
            by=lead_wu,
            name="Stellplätze in Fahrradgaragen",
            unit="Stellplätze",
            level=Level.OUTPUT,
            description="Abschließbare Stellplätze für Fahrräder und Pedelecs in den Garagen im Quartier.",
            baseline=Decimal(0),
            target=Decimal(60),
            target_date=today.replace(day=1) + datetime.timedelta(days=365),
            sdg=SDG.SUSTAINABLE_CITIES,
            values=[
                (150, "0", "Bestandsaufnahme des Lab-Teams"),
                (60, "12", "Übergabeprotokoll der ersten Garage"),
                (10, "24", "Übergabeprotokoll der zweiten Garage"),
            ],
        ),
        _indicator(
            lab=labs["dortmund"],
            process=sic,
            by=lead_do,
            name="Beratene Sozialunternehmen",
            unit="Unternehmen",
            level=Level.OUTPUT,
            baseline=Decimal(0),
            target=Decimal(40),
            target_date=today.replace(day=1) + datetime.timedelta(days=365),
            sdg=SDG.DECENT_WORK,
            values=[
                (330, "4", "Beratungsstatistik der Wirtschaftsförderung"),
                (240, "11", "Beratungsstatistik der Wirtschaftsförderung"),
                (150, "17", "Beratungsstatistik der Wirtschaftsförderung"),
                (60, "26", "Beratungsstatistik der Wirtschaftsförderung"),
            ],
        ),
        _indicator(
            lab=labs["dortmund"],
            process=sic,
            by=lead_do,
            name="Neu gegründete Sozialunternehmen",
            unit="Gründungen",
            level=Level.OUTCOME,
            baseline=Decimal(0),
            target=Decimal(8),
            target_date=today.replace(day=1) + datetime.timedelta(days=730),
            sdg=SDG.DECENT_WORK,
            values=[
                (240, "1", "Gewerbeanmeldungen, ausgewertet vom Lab-Team"),
                (60, "3", "Gewerbeanmeldungen, ausgewertet vom Lab-Team"),
            ],
        ),
        _indicator(
            lab=labs["dortmund"],
            process=None,
            by=lead_do,
            name="Menschen in Lab-Werkstätten",
            unit="Personen",
            level=Level.OUTPUT,
            description="Teilnehmende an allen Werkstätten des Labs, je Halbjahr gezählt.",
            baseline=Decimal(0),
            target=Decimal(200),
            target_date=today.replace(day=1) + datetime.timedelta(days=365),
            sdg=SDG.PARTNERSHIPS,
            values=[
                (300, "45", "Teilnahmelisten der Werkstätten"),
                (120, "95", "Teilnahmelisten der Werkstätten"),
            ],
        ),
    ]
    return any(created)
