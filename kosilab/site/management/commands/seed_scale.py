"""Synthetic data at scale, for load tests and benchmarks (see bench/README.md).

Each app writes its own models in bulk in its ``scale.py``, straight into the tables, not through
the service functions: no audit entries, no mails. This command only calls them in the order they
build on each other, one transaction per group, sharing one ``core.scale.ScaleContext`` (the
random generator, the counts, the clock, the rows written) and passing on what a step created that
a later one needs. The data follows the rules the services enforce (phases copied from the lab
template, one process per challenge, member sectors from the profiles, dates in order), so every
page works on it.
"""

from __future__ import annotations

import random
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from kosilab.accounts import scale as accounts
from kosilab.accounts.scale import EMAIL_DOMAIN, SCALE_PASSWORD, STAFF_PER_LAB
from kosilab.actors import scale as actors
from kosilab.challenges import scale as challenges
from kosilab.cocreation import scale as cocreation
from kosilab.continuation import scale as continuation
from kosilab.core.scale import Counts, ScaleContext
from kosilab.events import scale as events
from kosilab.impact import scale as impact
from kosilab.knowledge import scale as knowledge
from kosilab.labs import scale as labs
from kosilab.labs.scale import SLUG_PREFIX
from kosilab.methods import scale as methods
from kosilab.planning import scale as planning
from kosilab.playbook import scale as playbook
from kosilab.processes import scale as processes
from kosilab.results import scale as results
from kosilab.rooms import scale as rooms
from kosilab.search.services import index_rebuild
from kosilab.sustainability import scale as sustainability

# What scale 1 means.
BASE_COUNTS = {"labs": 50, "people": 20_000, "organisations": 2_000, "challenges": 5_000, "processes": 5_000}


def scaled_counts(scale: float) -> Counts:
    """The numbers of labs, people, organisations, challenges and processes for ``scale``."""
    lab_count = max(1, round(BASE_COUNTS["labs"] * scale))
    return Counts(
        labs=lab_count,
        # Enough people for the lab teams and a process team besides.
        people=max(round(BASE_COUNTS["people"] * scale), lab_count * STAFF_PER_LAB + 12),
        # Every lab has its own host; at least one organisation per sector.
        organisations=max(round(BASE_COUNTS["organisations"] * scale), lab_count + 4),
        challenges=round(BASE_COUNTS["challenges"] * scale),
        processes=round(BASE_COUNTS["processes"] * scale),
    )


def seed(ctx: ScaleContext) -> None:
    """One batch: every app's step in order, one transaction per group."""
    with transaction.atomic():
        organisations = actors.organisations(ctx)
    with transaction.atomic():
        people = accounts.users(ctx)
        actors.profiles(ctx, people, organisations)
    with transaction.atomic():
        batch_labs = labs.labs(ctx, organisations, people)
    with transaction.atomic():
        batch_challenges = challenges.challenges(ctx, batch_labs, people)
    with transaction.atomic():
        processes.processes(ctx, batch_labs, people, batch_challenges)
    with transaction.atomic():
        rooms.rooms(ctx, batch_labs)
        events.events(ctx, batch_labs, people)
    with transaction.atomic():
        methods.own_methods(ctx, batch_labs)
        planning.sessions(ctx, batch_labs)
        playbook.playbooks(ctx, batch_labs)
    with transaction.atomic():
        cocreation.ideas(ctx, batch_labs, people)
        batch_results = results.results(ctx, batch_labs)
        continuation.handovers(ctx, batch_labs, batch_results)
        impact.indicators(ctx, batch_labs)
    with transaction.atomic():
        knowledge.profiles(ctx, batch_labs)
    with transaction.atomic():
        sustainability.watch(ctx, batch_labs)
    # The steps write in bulk, which sends no signals: the search index is built afresh from every row.
    for kind, number in index_rebuild().items():
        ctx.created[f"search.Entry ({kind})"] = number


class Command(BaseCommand):
    help = (
        "Fill the database with synthetic data in bulk, for load tests and benchmarks. Scale 1 is 50 labs, "
        "20,000 people, 2,000 organisations, 5,000 challenges and 5,000 lab processes. Writes no audit entries. "
        f"Running it again ADDS A SECOND, DISTINCT BATCH: e-mail addresses (personN@{EMAIL_DOMAIN}) and lab "
        f"slugs ({SLUG_PREFIX}N) continue after the highest existing number. All synthetic accounts have the "
        f"password '{SCALE_PASSWORD}'. Refuses to run with KOSILAB_ENV=production unless --allow-production."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=float, default=1.0, help="1 = 50 labs, 20,000 people (default 1.0)")
        parser.add_argument("--seed", type=int, default=1, help="seed of the random generator (default 1)")
        parser.add_argument("--allow-production", action="store_true", help="also run when KOSILAB_ENV is production")

    def handle(self, *args: Any, **options: Any) -> None:
        scale: float = options["scale"]
        seed_number: int = options["seed"]
        if not scale > 0:
            raise CommandError("--scale must be greater than 0.")
        if getattr(settings, "PRODUCTION", False) and not options["allow_production"]:
            raise CommandError(
                "This is a production installation: seed_scale would add thousands of invented people. "
                "Pass --allow-production if you really mean it."
            )
        counts = scaled_counts(scale)
        lab_offset = labs.lab_offset()
        person_offset = accounts.person_offset()
        first_batch = lab_offset == 0 and person_offset == 0
        # The first batch is random.Random(seed); later batches mix in where they start, so they differ.
        rng = random.Random(seed_number if first_batch else f"{seed_number}/{lab_offset}/{person_offset}")
        self.stdout.write(
            f"Seeding scale {scale:g} (seed {seed_number}): {counts.labs} labs, {counts.people} people, "
            f"{counts.organisations} organisations, {counts.challenges} challenges, {counts.processes} processes"
            + ("" if first_batch else f"; a further batch after {SLUG_PREFIX}{lab_offset} and person{person_offset}")
        )
        ctx = ScaleContext(counts=counts, rng=rng, out=self.stdout, lab_offset=lab_offset, person_offset=person_offset)
        seed(ctx)
        elapsed = time.monotonic() - ctx.started
        self.stdout.write(self.style.SUCCESS(f"Done in {elapsed:.1f}s. Rows written:"))
        for label, number in ctx.created.items():
            self.stdout.write(f"  {label:<28} {number:>8}")
        self.stdout.write(f"Synthetic accounts: person{person_offset + 1}@{EMAIL_DOMAIN} … password '{SCALE_PASSWORD}'")
