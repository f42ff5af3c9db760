"""Demo results (German): the Wuppertal bicycle-garage business model and test report, and the
Dortmund concept of the Social Innovation Center. Needs kosilab.processes.demo; safe to run again."""

from __future__ import annotations

from django.db import transaction

from kosilab.processes.models import Process
from kosilab.results.models import Result, ResultKind, ResultVisibility
from kosilab.results.services import result_create

GARAGE_CANVAS = {
    "key_partners": "Stadt Wuppertal (Flächen), Wohnungsgenossenschaften, Fahrradhandel, Mobilstation",
    "key_activities": "Garagen aufstellen, Stellplätze vermieten, Wartung, Schlüssel- und App-Verwaltung",
    "key_resources": "Fahrradgaragen mit je zwölf Stellplätzen, Flächen im Straßenraum, Buchungssystem",
    "value_propositions": "Sichere, wettergeschützte Stellplätze für Fahrräder und Pedelecs direkt vor der Haustür",
    "customer_relationships": "Nachbarschaftstreffen, feste Ansprechperson im Quartier, Warteliste",
    "channels": "Quartiersbüro, Aushänge, Website der Mobilstation, Mieterzeitungen",
    "customer_segments": "Haushalte in Gründerzeitvierteln ohne Keller oder Hof, Pendelnde mit Pedelec",
    "cost_structure": "Anschaffung und Aufstellung der Garagen, Wartung, Versicherung, Verwaltung",
    "revenue_streams": "Monatsmiete je Stellplatz, Zuschuss aus dem Klimaschutzprogramm, Sponsoring",
}
GARAGE_TOC = {
    "problem": "Fahrräder und Pedelecs können im Quartier nicht sicher abgestellt werden; viele lassen das Rad stehen.",
    "vision": "Mehr Wege im Quartier werden klimafreundlich mit dem Rad zurückgelegt.",
    "audience": "Bewohnerinnen und Bewohner der Gründerzeitviertel, Wohnungswirtschaft, Stadtverwaltung",
    "steps": (
        "Bedarf erheben, Geschäftsmodell entwickeln, erste Garage erproben, Betrieb an eine Mobilstation übergeben"
    ),
    "assumptions": "Genügend Haushalte zahlen eine Monatsmiete; die Stadt stellt Flächen im Straßenraum bereit.",
}


def _add(process: Process, phase_key: str, **values: object) -> Result:
    existing = Result.objects.filter(process=process, title=values["title"]).first()
    if existing is not None:
        return existing
    phase = process.phases.filter(key=phase_key).first()
    return result_create(process=process, by=None, phase=phase, **values)  # type: ignore[arg-type]


@transaction.atomic
def load_results_demo() -> bool:
    """Add the demo results. Returns False when the demo processes are missing or the results were there."""
    garages = Process.objects.filter(lab__slug="wuppertal", title="Fahrradgaragen im Quartier").first()
    sic = Process.objects.filter(lab__slug="dortmund", title="Social Innovation Center Dortmund").first()
    if garages is None or sic is None:
        return False
    if Result.objects.filter(process__in=[garages, sic]).exists():
        return False
    phases = {p.position: p.key for p in garages.phases.all()}
    ideas, trial = phases.get(1, ""), phases.get(2, "")
    _add(
        garages,
        ideas,
        kind=ResultKind.BUSINESS_MODEL,
        title="Geschäftsmodell Fahrradgaragen",
        summary="Das gemeinsam entwickelte Geschäftsmodell für Fahrradgaragen im Quartier.",
        title_en="Business model for bicycle garages",
        summary_en="The business model for bicycle garages in the neighbourhood, developed together.",
        visibility=ResultVisibility.PUBLIC,
        canvas=GARAGE_CANVAS,
    )
    _add(
        garages,
        ideas,
        kind=ResultKind.THEORY_OF_CHANGE,
        title="Wirkungslogik Fahrradgaragen",
        summary="Wie sichere Stellplätze zu mehr Radverkehr im Quartier führen sollen.",
        title_en="Theory of change for bicycle garages",
        summary_en="How safe parking is meant to lead to more cycling in the neighbourhood.",
        visibility=ResultVisibility.PUBLIC,
        canvas=GARAGE_TOC,
    )
    _add(
        garages,
        trial,
        kind=ResultKind.TEST_REPORT,
        title="Testbericht: erste Fahrradgarage",
        summary=(
            "Drei Monate Probebetrieb der ersten Garage am Ölberg: alle zwölf Stellplätze vermietet, "
            "Warteliste mit 30 Haushalten, zwei Schäden durch Vandalismus, Schlüsselverwaltung aufwendig."
        ),
        title_en="Test report: the first bicycle garage",
        summary_en=(
            "Three months' trial of the first garage at the Ölberg: all twelve places let, a waiting list of "
            "30 households, two cases of vandalism, handing out keys took much work."
        ),
        visibility=ResultVisibility.PUBLIC,
    )
    sic_phases = {p.position: p.key for p in sic.phases.all()}
    _add(
        sic,
        sic_phases.get(2, ""),
        kind=ResultKind.DECISION,
        title="Konzept Social Innovation Center",
        summary=(
            "Ein Zentrum sozialer Innovation in der Wirtschaftsförderung: Beratung für Sozialunternehmen, "
            "Räume für Lab-Prozesse, ein Netzwerk aus Verwaltung, Wirtschaft, Zivilgesellschaft und Wissenschaft."
        ),
        visibility=ResultVisibility.PUBLIC,
    )
    return True
