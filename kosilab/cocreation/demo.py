"""Demo ideas for the demo labs "dortmund" and "wuppertal" (loaded in order by kosilab/site/demo.py).

``load_cocreation_demo()`` is idempotent: it adds what is missing and does nothing without the labs.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from kosilab.accounts.models import User
from kosilab.challenges.models import Challenge
from kosilab.cocreation import services
from kosilab.cocreation.models import Comment, Idea, IdeaStatus
from kosilab.processes.models import Process

NORDSTADT = "Wie finden Menschen ohne Arbeit Zugang zu Sozialunternehmen in der Nordstadt?"
GARAGES = "Fahrradgaragen im Quartier"

# (place, author, title, text, address, comments [(author, text, reply (author, text) or None)], supporters)
IDEAS: list[tuple[str, str, str, str, str, list[tuple[str, str, tuple[str, str] | None]], list[str]]] = [
    (
        NORDSTADT,
        "teilnahme@kosilab.example.org",
        "Schnuppertage in Sozialunternehmen",
        "Ein Tag zum Mitarbeiten, ohne Bewerbung: Wer arbeitslos ist, lernt ein Sozialunternehmen von innen "
        "kennen, und das Unternehmen lernt die Person kennen.",
        "Nordmarkt, Dortmund",
        [
            (
                "sozialunternehmen@kosilab.example.org",
                "Wir wären dabei – zwei Plätze pro Monat sind bei uns möglich.",
                ("verwaltung@kosilab.example.org", "Das Jobcenter könnte die Fahrtkosten übernehmen."),
            )
        ],
        [
            "sozialunternehmen@kosilab.example.org",
            "verwaltung@kosilab.example.org",
            "nachbarschaft@kosilab.example.org",
        ],
    ),
    (
        NORDSTADT,
        "nachbarschaft@kosilab.example.org",
        "Sprechstunde im Quartierstreff",
        "Einmal in der Woche beraten Sozialunternehmen und Jobcenter gemeinsam im Quartierstreff – dort, wo "
        "die Menschen ohnehin hinkommen.",
        "",
        [("wissenschaft@kosilab.example.org", "Gute Idee; wir könnten die Wirkung begleitend auswerten.", None)],
        ["teilnahme@kosilab.example.org"],
    ),
    (
        GARAGES,
        "nachbarschaft@kosilab.example.org",
        "Fahrradgarage im Innenhof der Schule",
        "Der Innenhof der Grundschule ist abends leer. Eine abschließbare Garage dort würde vielen Familien "
        "im Viertel helfen.",
        "Friedrich-Ebert-Straße, Wuppertal",
        [
            (
                "unternehmen@kosilab.example.org",
                "Wir könnten die Schließtechnik über eine App liefern.",
                ("teilnahme@kosilab.example.org", "Bitte auch mit Schlüssel – nicht alle haben ein Smartphone."),
            )
        ],
        ["teilnahme@kosilab.example.org", "unternehmen@kosilab.example.org"],
    ),
]

# Where the ideas with a place are, for the maps (docs/maps.md).
COORDINATES = {
    "Schnuppertage in Sozialunternehmen": (Decimal("51.525300"), Decimal("7.459300")),  # Nordmarkt
    "Fahrradgarage im Innenhof der Schule": (Decimal("51.256700"), Decimal("7.136300")),
}

ANSWER = (
    GARAGES,
    "Fahrradgarage im Innenhof der Schule",
    "leitung.wuppertal@kosilab.example.org",
    IdeaStatus.PROTOTYPE,
    "Wir haben mit der Schule gesprochen: Der Innenhof wird Standort der zweiten Probe-Garage.",
)


def _place(key: str) -> Any:
    if key == NORDSTADT:
        return Challenge.objects.filter(lab__slug="dortmund", title=key).select_related("lab").first()
    process = Process.objects.filter(lab__slug="wuppertal", title=key).select_related("lab", "current_phase").first()
    if process is None or process.current_phase is None:
        return None
    phase = process.current_phase
    phase.process = process
    return phase


@transaction.atomic
def load_cocreation_demo() -> int:
    """Add the demo ideas that are missing. Returns how many ideas were added."""
    people = {user.email: user for user in User.objects.filter(email__endswith="@kosilab.example.org")}
    added = 0
    for key, author, title, text, address, comments, supporters in IDEAS:
        place = _place(key)
        if place is None or author not in people:
            continue
        field = "challenge" if isinstance(place, Challenge) else "phase"
        if Idea.objects.filter(**{field: place, "title": title}).exists():
            continue
        if not place.contributions_open:
            services.place_set_open(place=place, is_open=True, by=None)
        latitude, longitude = COORDINATES.get(title, (None, None))
        idea = services.idea_create(
            place=place,
            author=people[author],
            title=title,
            text=text,
            address=address,
            latitude=latitude,
            longitude=longitude,
        )
        for commenter, comment_text, reply in comments:
            top = services.comment_create(idea=idea, author=people[commenter], text=comment_text)
            if reply:
                services.comment_create(idea=idea, author=people[reply[0]], text=reply[1], parent=top)
        for email in supporters:
            if email in people:
                services.idea_support(idea=idea, user=people[email])
        added += 1
    key, title, by, status, answer = ANSWER
    place = _place(key)
    if place is not None:
        field = "challenge" if isinstance(place, Challenge) else "phase"
        unanswered = Idea.objects.filter(**{field: place, "title": title}, official_answer="").first()
        if unanswered is not None:
            services.idea_answer(idea=unanswered, by=people.get(by), status=status, answer=answer)
    if added:
        _report_a_comment(people)
    return added


def _report_a_comment(people: dict[str, User]) -> None:
    """One open report in Dortmund's moderation queue, so the cockpit shows what moderation looks like."""
    comment = (
        Comment.objects.filter(idea__lab__slug="dortmund", parent__isnull=True, deleted=False)
        .select_related("idea")
        .order_by("pk")
        .first()
    )
    reporter = people.get("teilnahme@kosilab.example.org")
    if comment is None or reporter is None:
        return
    services.report_create(
        idea=comment.idea,
        comment=comment,
        reporter=reporter,
        reason="Der Kommentar nennt eine private Telefonnummer – bitte prüfen.",
    )
