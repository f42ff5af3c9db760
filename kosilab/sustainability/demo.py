"""Demo sustainability watch (German): how the two demo labs are mandated, carried and funded, with
ends inside the warning window of the demo's day, so that the watch shows what it is for.

Dortmund: a council decision tied to the council's term of office, which ends within months; the
city's budget through the Wirtschaftsförderung and a federal grant (BMBF) that ends soon. Wuppertal:
a cooperation agreement whose renewal is pending, and ESF Plus money that carries most of the lab
and ends within weeks. Every date comes from ``core.demo_dates.DemoCalendar``. Needs the labs demo.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from kosilab.actors.models import Organisation
from kosilab.core.demo_dates import DemoCalendar
from kosilab.labs.models import Lab
from kosilab.sustainability.models import Mandate
from kosilab.sustainability.services import decision_create, funding_create, mandate_create, sponsor_create


def _organisation(name: str) -> Organisation | None:
    return Organisation.objects.filter(name=name).first()


def _dortmund(lab: Lab, cal: DemoCalendar) -> None:
    mandate_create(
        lab=lab,
        by=None,
        title="Ratsbeschluss zur Einrichtung des Labors",
        issued_by="Rat der Stadt Dortmund",
        kind="council_decision",
        starts_on=cal.days(-3 * 365),
        tied_to_term=True,
        term_ends_on=cal.days(120),
        reporting_line="Ausschuss für Wirtschafts-, Beschäftigungsförderung, Europa, Wissenschaft und Forschung",
        document_reference="Drucksache (Demo)",
        note="Jährlicher Bericht an den Ausschuss. Nach der Kommunalwahl muss der neue Rat das Labor bestätigen.",
    )
    host = _organisation("Wirtschaftsförderung Dortmund")
    sponsor_create(
        lab=lab, by=None, organisation=host, label="" if host else "Wirtschaftsförderung Dortmund", role="host"
    )
    sponsor_create(lab=lab, by=None, label="Büro des Oberbürgermeisters", role="political", since=cal.days(-3 * 365))
    funding_create(
        lab=lab,
        by=None,
        funder_organisation=host,
        funder="" if host else "Wirtschaftsförderung Dortmund",
        programme="Kommunaler Haushalt, Personal- und Raumkosten",
        amount_per_year=Decimal("180000"),
        budget_share=Decimal("55"),
        starts_on=cal.days(-3 * 365),
    )
    bmbf = _organisation("Bundesministerium für Bildung und Forschung (BMBF)")
    grant = funding_create(
        lab=lab,
        by=None,
        funder_organisation=bmbf,
        funder="" if bmbf else "Bundesministerium für Bildung und Forschung (BMBF)",
        programme="Kommunen innovativ (Demo)",
        amount_per_year=Decimal("150000"),
        budget_share=Decimal("45"),
        starts_on=cal.days(-3 * 365),
        ends_on=cal.days(75 - 183),
        note="Projektförderung; eine weitere Verlängerung ist nicht vorgesehen.",
    )
    decision_create(
        record=grant,
        by=None,
        decided_on=cal.days(-400),
        decided_by="Projektträger",
        outcome="extended",
        new_ends_on=cal.days(75),
        note="Kostenneutrale Verlängerung um sechs Monate.",
    )


def _wuppertal(lab: Lab, cal: DemoCalendar) -> None:
    agreement = mandate_create(
        lab=lab,
        by=None,
        title="Kooperationsvereinbarung zum Labor",
        issued_by="Stadt Wuppertal, Stabsstelle Bürgerbeteiligung und Bürgerengagement",
        kind="contract",
        starts_on=cal.days(-2 * 365),
        ends_on=cal.days(150),
        reporting_line="Stabsstelle Bürgerbeteiligung",
        document_reference="Kooperationsvertrag (Demo)",
    )
    decision_create(
        record=agreement,
        by=None,
        decided_on=cal.days(-14),
        decided_by="Stadt Wuppertal",
        outcome="pending",
        note="Verlängerung um drei Jahre beantragt; Entscheidung im Haushaltsverfahren.",
    )
    host = _organisation("Zentrum für gute Taten e.V.")
    sponsor_create(
        lab=lab, by=None, organisation=host, label="" if host else "Zentrum für gute Taten e.V.", role="host"
    )
    funding_create(
        lab=lab,
        by=None,
        funder="Europäischer Sozialfonds Plus (ESF Plus)",
        programme="Förderaufruf soziale Innovation (Demo)",
        amount_per_year=Decimal("240000"),
        starts_on=cal.days(-2 * 365),
        ends_on=cal.days(25),
        note="Eigenanteil über die Stadt; ein Folgeantrag ist in Vorbereitung.",
    )
    funding_create(
        lab=lab,
        by=None,
        funder="Stadt Wuppertal",
        programme="Eigenanteil",
        amount_per_year=Decimal("60000"),
        starts_on=cal.days(-2 * 365),
    )


@transaction.atomic
def load_sustainability_demo() -> bool:
    """Add the demo records. Returns False when the labs are missing or have their records already."""
    labs = {lab.slug: lab for lab in Lab.objects.filter(slug__in=["dortmund", "wuppertal"])}
    if len(labs) < 2 or Mandate.objects.filter(lab__in=labs.values()).exists():
        return False
    cal = DemoCalendar.now()
    _dortmund(labs["dortmund"], cal)
    _wuppertal(labs["wuppertal"], cal)
    return True
