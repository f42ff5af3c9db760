"""Demo playbooks: Dortmund part-way (phase 1 done, phase 2 in progress, two self-assessments),
Wuppertal further along (phases 1–3 done, phase 4 in progress, three self-assessments).

Written through the services, with German notes (the demo is German). Loading twice changes
nothing: block and checklist saves are idempotent, and a lab that already has assessments gets
none added. Nothing happens when the demo labs or their managers are missing.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from kosilab.accounts.models import User
from kosilab.labs.models import Lab
from kosilab.playbook.content import DIMENSIONS, PHASE_BY_KEY
from kosilab.playbook.models import Assessment, BlockStatus
from kosilab.playbook.services import assessment_create, block_update, checklist_set

DONE, IN_PROGRESS = BlockStatus.DONE, BlockStatus.IN_PROGRESS

# block key: (status, responsible is the lab manager, responsible in free text, notes)
DORTMUND_BLOCKS: dict[str, tuple[str, bool, str, str]] = {
    "goal_definition.goals": (
        DONE,
        True,
        "",
        "Erste Fragestellung: Wie können Menschen in der Nordstadt mit sozialunternehmerischen Ideen "
        "Arbeitsplätze im Quartier schaffen?\n"
        "Ziel in drei Jahren: ein Zentrum sozialer Innovation, in dem Lab-Ansätze zusammenfinden.\n"
        "Nicht unsere Aufgabe: Einzelförderung von Unternehmen – dafür gibt es die Gründungsberatung.",
    ),
    "goal_definition.structure": (
        DONE,
        False,
        "Dezernat für Wirtschaft, Büro des Dezernenten",
        "Träger: Wirtschaftsförderung Dortmund. Politisch getragen vom Wirtschaftsdezernat; "
        "die Sozialforschungsstelle der TU begleitet wissenschaftlich.",
    ),
    "goal_definition.obstacles": (
        DONE,
        True,
        "",
        "Skepsis in Teilen der Verwaltung („noch ein Modellprojekt“). Chance: Förderung durch das BMBF "
        "im Programm „Kommunen innovativ“ und die Strategie zur Nordstadt.",
    ),
    "concept_development.goals": (
        IN_PROGRESS,
        True,
        "",
        "Formate: monatliche Lab-Werkstatt, offene Sprechstunde für Gründungsideen, zwei Laborprozesse "
        "im Jahr. Themenauswahl durch einen Beirat aus allen vier Sektoren – Geschäftsordnung im Entwurf.",
    ),
    "concept_development.structure": (
        IN_PROGRESS,
        False,
        "Herr Yılmaz, Liegenschaftsamt",
        "Räume: Werkstattraum im Erdgeschoss zugesagt, barrierefreier Zugang wird geprüft. "
        "Team: 1,5 Stellen, Moderation extern bis zur Besetzung.",
    ),
}
DORTMUND_CHECKLIST = [
    "problem_described",
    "champion_named",
    "stakeholders_heard",
    "council_decision",
    "host_chosen",
    "rooms_secured",
]

WUPPERTAL_BLOCKS: dict[str, tuple[str, bool, str, str]] = {
    "goal_definition.goals": (
        DONE,
        True,
        "",
        "Das Lab greift Initiativen aus der Bürgerschaft auf. Erste Fragestellung: klimafreundliche "
        "Mobilität im Quartier – wo stellen Menschen ihre Räder sicher ab?",
    ),
    "goal_definition.structure": (
        DONE,
        False,
        "Stabsstelle Bürgerbeteiligung und Bürgerengagement",
        "Träger: Zentrum für gute Taten e.V. (Freiwilligenagentur), in enger Abstimmung mit der Stadt.",
    ),
    "goal_definition.obstacles": (
        DONE,
        True,
        "",
        "Risiko: Ehrenamt allein trägt nicht auf Dauer. Chance: viele aktive Nachbarschaftsvereine.",
    ),
    "concept_development.goals": (
        DONE,
        True,
        "",
        "Formate: Quartierswerkstätten, offene Ideensprechstunde, Laborprozesse mit Prototypen.",
    ),
    "concept_development.structure": (
        DONE,
        True,
        "",
        "Räume der Freiwilligenagentur und ein Ladenlokal am Ölberg. Moderationstraining für das Team.",
    ),
    "concept_development.obstacles": (
        DONE,
        False,
        "Vorstand Zentrum für gute Taten",
        "Unabhängigkeit gesichert durch den Träger aus der Zivilgesellschaft.",
    ),
    "first_implementation.goals": (
        DONE,
        True,
        "",
        "Erster Laborprozess: Fahrradgaragen im Quartier. Ergebnis: Geschäftsmodell für eine "
        "Quartiersgarage, getragen von einer Genossenschaft.",
    ),
    "first_implementation.structure": (
        DONE,
        True,
        "",
        "Moderation im Wechsel, Dokumentation mit Business Model Canvas. Kleines Budget für den Prototyp.",
    ),
    "first_implementation.obstacles": (
        DONE,
        True,
        "",
        "Die Wirtschaft war schwer zu erreichen – gelungen über die Quartiersrad eG.",
    ),
    "establishment.goals": (
        IN_PROGRESS,
        True,
        "",
        "Die Quartiersgarage soll von der Quartiersrad eG weitergeführt werden. Erfahrungen teilen wir "
        "mit dem Dortmunder Lab und im Netzwerk der Labore.",
    ),
    "establishment.structure": (
        IN_PROGRESS,
        False,
        "Kämmerei, Frau Nowak",
        "Finanzierung ab dem nächsten Jahr: Gespräche mit Stadt und Stiftungen laufen.",
    ),
}
WUPPERTAL_CHECKLIST = [
    *(item.key for key in ("goal_definition", "concept_development", "first_implementation")
      for item in PHASE_BY_KEY[key].checklist),
    "handover_rules",
    "result_handed_over",
]  # fmt: skip

# Scores per dimension (every question of a dimension gets the same score, except where listed).
DORTMUND_ASSESSMENTS: list[tuple[int, dict[str, int], str]] = [
    (
        300,
        {
            "political_backing": 2,
            "administrative_anchoring": 1,
            "four_sectors": 1,
            "resources": 1,
            "competences": 1,
            "continuation": 0,
        },
        "Erste Einschätzung im Lab-Team, vor dem Ratsbeschluss.",
    ),
    (
        30,
        {
            "political_backing": 4,
            "administrative_anchoring": 2,
            "four_sectors": 2,
            "resources": 2,
            "competences": 2,
            "continuation": 1,
        },
        "Nach dem Ratsbeschluss und der Zusage der Räume.",
    ),
]
WUPPERTAL_ASSESSMENTS: list[tuple[int, dict[str, int], str]] = [
    (
        720,
        {
            "political_backing": 1,
            "administrative_anchoring": 1,
            "four_sectors": 2,
            "resources": 1,
            "competences": 2,
            "continuation": 0,
        },
        "Start mit der Freiwilligenagentur.",
    ),
    (
        360,
        {
            "political_backing": 2,
            "administrative_anchoring": 2,
            "four_sectors": 3,
            "resources": 2,
            "competences": 3,
            "continuation": 1,
        },
        "Nach dem ersten Laborprozess.",
    ),
    (
        45,
        {
            "political_backing": 3,
            "administrative_anchoring": 3,
            "four_sectors": 4,
            "resources": 3,
            "competences": 4,
            "continuation": 2,
        },
        "Die Quartiersgarage läuft; die Übergabe an die Genossenschaft ist vereinbart.",
    ),
]


def _answers(per_dimension: dict[str, int]) -> dict[str, int]:
    answers = {}
    for dimension in DIMENSIONS:
        base = per_dimension[dimension.key]
        for index, question in enumerate(dimension.questions):
            # A little variation within a dimension, so the answers look like real ones.
            answers[question.key] = max(0, min(4, base + (1 if index == 1 and base < 4 else 0)))
    return answers


def _load(
    lab: Lab,
    manager: User,
    blocks: dict[str, tuple[str, bool, str, str]],
    checklist: list[str],
    assessments: list[tuple[int, dict[str, int], str]],
) -> None:
    for key, (status, by_manager, name, notes) in blocks.items():
        block_update(
            lab=lab,
            block_key=key,
            by=manager,
            status=status,
            notes=notes,
            responsible=manager if by_manager else None,
            responsible_name=name,
        )
    for item_key in checklist:
        checklist_set(lab=lab, item_key=item_key, done=True, by=manager)
    if Assessment.objects.filter(playbook__lab=lab).exists():
        return
    now = timezone.now()
    for days_ago, scores, note in assessments:
        assessment_create(
            lab=lab,
            by=manager,
            answers=_answers(scores),
            note=note,
            taken_at=now - datetime.timedelta(days=days_ago),
        )


@transaction.atomic
def load_playbook_demo() -> bool:
    """Load the demo playbooks of Dortmund and Wuppertal; False if the demo labs are missing."""
    labs = {lab.slug: lab for lab in Lab.objects.filter(slug__in=["dortmund", "wuppertal"])}
    managers: dict[str, Any] = {
        user.email: user
        for user in User.objects.filter(
            email__in=["leitung.dortmund@kosilab.example.org", "leitung.wuppertal@kosilab.example.org"]
        )
    }
    if len(labs) != 2 or len(managers) != 2:
        return False
    _load(
        labs["dortmund"],
        managers["leitung.dortmund@kosilab.example.org"],
        DORTMUND_BLOCKS,
        DORTMUND_CHECKLIST,
        DORTMUND_ASSESSMENTS,
    )
    _load(
        labs["wuppertal"],
        managers["leitung.wuppertal@kosilab.example.org"],
        WUPPERTAL_BLOCKS,
        WUPPERTAL_CHECKLIST,
        WUPPERTAL_ASSESSMENTS,
    )
    return True
