"""A world for the research export's tests: people and organisations whose names, e-mail addresses
and texts carry unmistakable markers (Latin, Turkish, Polish, Cyrillic, Greek and Arabic script),
in a lab with processes, a challenge, events, ideas, comments, feedback and indicators, and a second,
private lab whose data must stay out of the first lab's export."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from kosilab.actors.services import profile_update
from kosilab.challenges.services import participation_join
from kosilab.cocreation import services as cocreation
from kosilab.core.tests.factories import ChallengeFactory, LabFactory, OrganisationFactory, ProcessFactory, UserFactory
from kosilab.events.models import Event, Feedback, Registration, RegistrationStatus
from kosilab.events.services import question_add, registration_create
from kosilab.events.tests.factories import EventFactory
from kosilab.impact.services import indicator_create, measurement_add
from kosilab.labs.models import LabRole
from kosilab.labs.services import lab_team_set
from kosilab.processes.services import member_add

NAMES = [
    "Zyxwina Quellmarkerova",
    "İlknur Şahinmarkeroğlu",
    "Przemysława Żółćmarkerska",
    "Всеволод Маркеровский",
    "Ξενοφών Μαρκερίδης",
    "مرقس علاماتيون",
]
EMAILS = [f"marker.person{i}@mark-example.org" for i in range(len(NAMES))]
GUEST_NAME = "Gwendolyn Gastmarkerling"
GUEST_EMAIL = "gwen.guestmarker@mark-example.org"
ORGANISATIONS = [("Quorxbau Werkstattmarker GmbH", "public"), ("Zentrum Blitzmarker e.V.", "business")]
# Texts people wrote: never in an export, not even with free text.
PERSONAL_TEXTS = [
    "BIOMARKERTEXT about me",
    "IDEAMARKERTEXT for the river",
    "COMMENTMARKERTEXT yes indeed",
    "MESSAGEMARKERTEXT count me in",
    "FEEDBACKMARKERTEXT it was fun",
    "ANSWERMARKERTEXT vegetarian",
]
# Texts the lab wrote: only with free text, and then without names.
SUMMARY = f"SUMMARYMARKER led by {NAMES[0]} ({EMAILS[0]}) with {ORGANISATIONS[0][0]}; ask {NAMES[3]}."
NOTE = f"NOTEMARKER counted by {EMAILS[1]}, checked by Şahinmarkeroğlu"
TITLE_WITH_NAME = f"Radwege mit {NAMES[4].split()[0]}"


def markers() -> list[str]:
    """Every string that must not appear in an export: names (whole and each part), e-mail
    addresses, organisations' names and what people wrote."""
    found = [*NAMES, GUEST_NAME, *EMAILS, GUEST_EMAIL, *(name for name, _ in ORGANISATIONS), *PERSONAL_TEXTS]
    for name in [*NAMES, GUEST_NAME]:
        found += name.split()
    return found


def build() -> dict:
    now = timezone.now()
    lab = LabFactory(slug="rlab", name="Research Lab")
    other = LabFactory(slug="rother", name="Other Lab", is_public=False)
    manager, other_manager = UserFactory(), UserFactory()
    lab_team_set(lab=lab, user=manager, role=LabRole.MANAGER, by=None)
    lab_team_set(lab=other, user=other_manager, role=LabRole.MANAGER, by=None)
    organisations = [OrganisationFactory(name=name, sector=sector) for name, sector in ORGANISATIONS]
    # Three people of the public sector (one organisation), one each of business, science, civil society.
    sectors = ["public", "public", "public", "business", "science", "civil_society"]
    people = []
    for i, (name, email, sector) in enumerate(zip(NAMES, EMAILS, sectors, strict=True)):
        organisation = organisations[0] if sector == "public" else (organisations[1] if sector == "business" else None)
        person = UserFactory(name=name, email=email, profile={"sector": sector, "organisation": organisation})
        profile_update(profile=person.profile, by=person, sector=sector, bio=PERSONAL_TEXTS[0] + f" {i}")
        people.append(person)

    challenge = ChallengeFactory(lab=lab, status="open", contributions_open=True, title="How do we park bicycles?")
    for person in people[:4]:
        participation_join(challenge=challenge, user=person, kind="joined", message=PERSONAL_TEXTS[3])
    idea = cocreation.idea_create(place=challenge, author=people[0], title="River", text=PERSONAL_TEXTS[1])
    cocreation.comment_create(idea=idea, author=people[1], text=PERSONAL_TEXTS[2])

    big = ProcessFactory(
        lab=lab,
        challenge=challenge,
        title="Fahrradgaragen",
        summary=SUMMARY,
        started_on=now.date() - dt.timedelta(days=90),
    )
    for person in people:
        member_add(process=big, user=person, role="co_creator", by=None)
    small = ProcessFactory(lab=lab, title=TITLE_WITH_NAME, started_on=now.date() - dt.timedelta(days=30))
    for person in people[:2]:
        member_add(process=small, user=person, role="co_creator", by=None)
    hidden = ProcessFactory(lab=other, title="Hidden matter", started_on=now.date() - dt.timedelta(days=30))
    member_add(process=hidden, user=people[5], role="co_creator", by=None)

    past = EventFactory(lab=lab, title="Werkstatt Fahrrad", description=f"EVENTDESCMARKER with {NAMES[2]}", capacity=20)
    question = question_add(event=past, by=manager, label="Food?", kind="text")
    registrations = [registration_create(event=past, user=people[0], answers={question.pk: PERSONAL_TEXTS[5]})]
    registrations += [registration_create(event=past, user=person) for person in people[1:4]]
    # Then it took place ten days ago.
    Event.objects.filter(pk=past.pk).update(
        starts_at=now - dt.timedelta(days=10), ends_at=now - dt.timedelta(days=10) + dt.timedelta(hours=3)
    )
    past.refresh_from_db()
    for registration in registrations[:2]:
        Registration.objects.filter(pk=registration.pk).update(attended_at=past.starts_at)
    Feedback.objects.create(
        registration=registrations[0], event=past, rating=5, usefulness=4, recommend=True, comment=PERSONAL_TEXTS[4]
    )
    Registration.objects.create(
        event=past, name=GUEST_NAME, email=GUEST_EMAIL, status=RegistrationStatus.CONFIRMED, attended_at=past.starts_at
    )
    EventFactory(
        lab=other,
        title="Hidden event",
        starts_at=now - dt.timedelta(days=5),
        ends_at=now - dt.timedelta(days=5, hours=-1),
    )

    indicator = indicator_create(
        lab=lab,
        process=big,
        by=manager,
        name="Garages built",
        unit="garages",
        description=f"INDDESCMARKER by {NAMES[1]}",
    )
    measurement_add(
        indicator=indicator,
        by=manager,
        measured_on=now.date() - dt.timedelta(days=20),
        value=Decimal("12.5"),
        note=NOTE,
    )
    return {
        "lab": lab,
        "other": other,
        "manager": manager,
        "other_manager": other_manager,
        "people": people,
        "organisations": organisations,
        "big": big,
        "small": small,
        "hidden": hidden,
        "event": past,
    }
