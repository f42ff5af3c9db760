"""Demo continuation (German): the bicycle garages handed over to an invented mobility station, and the
Social Innovation Center continued by the Wirtschaftsförderung Dortmund. Needs the results demo."""

from __future__ import annotations

import datetime

from django.db import transaction

from kosilab.actors.models import Organisation
from kosilab.actors.services import organisation_create
from kosilab.continuation.models import (
    ContinuationForm,
    FollowUp,
    Handover,
    HandoverStatus,
    TakerKind,
)
from kosilab.continuation.services import followup_add, handover_create, handover_status_set
from kosilab.core.demo_dates import DemoCalendar
from kosilab.core.sectors import Sector
from kosilab.results.models import Result

MOBILITY_STATION = ("Mobilstation Wuppertal (Demo)", "Wuppertal")


@transaction.atomic
def load_continuation_demo() -> bool:
    """Add the demo handovers. Returns False when the results are missing or the handovers were there."""
    garages = Result.objects.filter(process__lab__slug="wuppertal", title="Geschäftsmodell Fahrradgaragen").first()
    sic = Result.objects.filter(process__lab__slug="dortmund", title="Konzept Social Innovation Center").first()
    if garages is None or sic is None:
        return False
    if Handover.objects.filter(result__in=[garages, sic]).exists():
        return False
    name, city = MOBILITY_STATION
    station = Organisation.objects.filter(name=name, city=city).first() or organisation_create(
        by=None,
        name=name,
        sector=Sector.BUSINESS,
        city=city,
        description="Erfundene Mobilstation für die Demo: Leihräder, Lastenräder und Fahrradgaragen.",
    )
    cal = DemoCalendar.now()
    garage_handover = handover_create(
        result=garages,
        by=None,
        taker_kind=TakerKind.ORGANISATION,
        taker_organisation=station,
        form=ContinuationForm.REGULAR_SERVICE,
        funding="Stellplatzmieten; Anschubfinanzierung aus dem Klimaschutzprogramm der Stadt für zwei Jahre",
        decision="Kooperationsvereinbarung zwischen Stadt Wuppertal und Mobilstation",
        decision_on=cal.workday_ago(30),
        commitments=(
            "Die Mobilstation betreibt die erste Garage weiter und stellt bis Jahresende zwei weitere auf; "
            "die Stadt stellt die Flächen; das Lab begleitet die Übergabe bis zur Auswertung."
        ),
    )
    handover_status_set(
        handover=garage_handover, by=None, status=HandoverStatus.HANDING_OVER, note="Schlüsselverwaltung übergeben."
    )
    followup_add(
        handover=garage_handover,
        by=None,
        due_on=cal.days(45),
        note="Auslastung der Garagen und Warteliste mit der Mobilstation auswerten.",
    )
    FollowUp.objects.create(
        handover=garage_handover,
        due_on=cal.workday_ago(10),
        note="Übergabegespräch mit der Mobilstation geführt.",
        done_at=cal.at(cal.workday_ago(10), 15, 30),
    )
    wf = Organisation.objects.filter(name="Wirtschaftsförderung Dortmund").first()
    sic_handover = handover_create(
        result=sic,
        by=None,
        taker_kind=TakerKind.ADMINISTRATION,
        taker_organisation=wf,
        taker_name="" if wf else "Wirtschaftsförderung Dortmund",
        form=ContinuationForm.ADMINISTRATIVE_STRUCTURE,
        funding="kommunaler Haushalt",
        decision="Ratsbeschluss zur Einrichtung des Social Innovation Center",
        decision_on=datetime.date(2019, 12, 12),
        commitments="Zwei Stellen in der Wirtschaftsförderung; Räume in der Innenstadt; jährlicher Bericht an den Rat.",
    )
    handover_status_set(
        handover=sic_handover, by=None, status=HandoverStatus.CONTINUED, note="Ratsbeschluss umgesetzt."
    )
    return True
