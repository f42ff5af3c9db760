"""Synthetic labs in bulk, for ``manage.py seed_scale`` (see kosilab/core/scale.py): each with the
default phase template, a team of ``STAFF_PER_LAB`` (the first people of the batch: one lab manager,
two facilitators), hosted by the organisation of the same index and partnered with organisations of
its city. Slugs are scale-lab-<N>, numbered on from earlier batches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from kosilab.accounts.models import User
from kosilab.accounts.scale import STAFF_PER_LAB
from kosilab.actors.models import Organisation
from kosilab.actors.scale import CITIES, DISTRICTS, host_city
from kosilab.core.scale import ScaleContext, explicit_timestamps, highest_number
from kosilab.labs.models import DEFAULT_PHASES, Lab, LabMembership, LabRole, PhaseTemplateStep

SLUG_PREFIX = "scale-lab-"
STREETS = [
    "Hauptstraße", "Bahnhofstraße", "Marktplatz", "Kirchstraße", "Schulstraße", "Gartenstraße",
    "Lindenallee", "Rathausplatz", "Friedrich-Ebert-Straße", "Königsallee", "Werkstraße", "Hafenweg",
]  # fmt: skip
LAB_FOCUS = [
    "Beschäftigung und Social Entrepreneurship", "Bürgerbeteiligung und Bürgerengagement",
    "Klimaschutz und Mobilität im Quartier", "Gesundes Altern in der Nachbarschaft", "Bildung und Übergänge",
    "Wohnen und Zusammenleben", "Kreislaufwirtschaft und Reparatur", "Digitale Teilhabe",
    "Integration und Vielfalt", "Lebendige Innenstadt",
]  # fmt: skip


@dataclass
class LabInfo:
    """A lab of the batch with its team and phase template, for the steps of the apps above."""

    lab: Lab
    manager: User
    facilitators: list[User]
    steps: list[PhaseTemplateStep]


def lab_offset() -> int:
    """Where the numbering of a new batch's labs continues: the highest scale-lab-<N> there is."""
    slugs = Lab.objects.filter(slug__startswith=SLUG_PREFIX).values_list("slug", flat=True)
    return highest_number(list(slugs), rf"{re.escape(SLUG_PREFIX)}(\d+)")


def labs(ctx: ScaleContext, organisations: list[Organisation], people: list[User]) -> list[LabInfo]:
    """``counts.labs`` labs; ``organisations`` starts with their hosts and ``people`` with their teams."""
    rng = ctx.rng
    objs: list[Lab] = []
    for index in range(ctx.counts.labs):
        number = ctx.lab_offset + index + 1
        city = host_city(ctx, index)
        round_ = (ctx.lab_offset + index) // len(CITIES)
        name = f"KoSI-Lab {city}" if round_ == 0 else f"KoSI-Lab {city}-{DISTRICTS[(round_ - 1) % len(DISTRICTS)]}"
        manager = people[index * STAFF_PER_LAB]
        created = ctx.moment(ctx.days_ago(400, 2500))
        objs.append(
            Lab(
                name=name,
                slug=f"{SLUG_PREFIX}{number}",
                city=city,
                host=organisations[index],
                focus=rng.choice(LAB_FOCUS),
                description=(
                    f"Das {name} bringt Verwaltung, Wirtschaft, Zivilgesellschaft und Wissenschaft "
                    f"zusammen, um Fragen der Stadt {city} gemeinsam zu bearbeiten."
                ),
                founded=rng.randint(2016, 2025),
                contact_name=manager.name,
                contact_email=manager.email,
                contact_phone=f"+49 {rng.randint(200, 299)} {rng.randint(100000, 9999999)}",
                address=f"{rng.choice(STREETS)} {rng.randint(1, 120)}, {rng.randint(40000, 59999)} {city}",
                website=f"https://{SLUG_PREFIX}{number}.example.org",
                is_public=rng.random() >= 0.04,
                created_at=created,
                updated_at=created,
            )
        )
    with explicit_timestamps(Lab, LabMembership):
        saved = ctx.bulk(Lab, objs)
        steps = ctx.bulk(
            PhaseTemplateStep,
            [
                PhaseTemplateStep(lab=lab, position=position, key=key)
                for lab in saved
                for position, (key, _label) in enumerate(DEFAULT_PHASES, 1)
            ],
        )
        memberships: list[LabMembership] = []
        for index, lab in enumerate(saved):
            team = people[index * STAFF_PER_LAB : (index + 1) * STAFF_PER_LAB]
            for position, user in enumerate(team):
                role = LabRole.MANAGER if position == 0 else LabRole.FACILITATOR
                memberships.append(
                    LabMembership(lab=lab, user=user, role=role, created_at=lab.created_at, updated_at=lab.created_at)
                )
        ctx.bulk(LabMembership, memberships)
    through = Lab.partners.through
    same_city: dict[str, list[Organisation]] = {}
    for organisation in organisations[ctx.counts.labs :]:
        same_city.setdefault(organisation.city, []).append(organisation)
    partners: list[Any] = []
    for lab in saved:
        candidates = same_city.get(lab.city) or organisations[ctx.counts.labs :] or organisations
        chosen = rng.sample(candidates, min(len(candidates), rng.randint(2, 6)))
        partners.extend(through(lab_id=lab.pk, organisation_id=org.pk) for org in chosen)
    ctx.bulk(through, partners)
    steps_by_lab: dict[int, list[PhaseTemplateStep]] = {}
    for step in steps:
        steps_by_lab.setdefault(step.lab_id, []).append(step)
    ctx.progress(f"{len(saved)} labs with {len(steps)} phase steps, {len(memberships)} team members")
    return [
        LabInfo(
            lab=lab,
            manager=people[index * STAFF_PER_LAB],
            facilitators=people[index * STAFF_PER_LAB + 1 : (index + 1) * STAFF_PER_LAB],
            steps=sorted(steps_by_lab[lab.pk], key=lambda s: s.position),
        )
        for index, lab in enumerate(saved)
    ]
