"""Synthetic accounts in bulk, for ``manage.py seed_scale`` (see kosilab/core/scale.py).

The first ``STAFF_PER_LAB`` people per lab of a batch become the lab teams (kosilab/labs/scale.py);
they are always active. Every account has the password ``SCALE_PASSWORD``.
"""

from __future__ import annotations

import datetime
import re

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password

from kosilab.accounts.models import User
from kosilab.core.scale import ScaleContext, highest_number

EMAIL_DOMAIN = "scale.example.org"
SCALE_PASSWORD = "kosilab-scale"  # noqa: S105 - documented password of the synthetic accounts
STAFF_PER_LAB = 3  # one lab manager, two facilitators

FIRST_NAMES = [
    "Anna", "Ben", "Clara", "David", "Elif", "Felix", "Greta", "Hannah", "Ilias", "Jana", "Jonas", "Karin",
    "Leon", "Lena", "Mehmet", "Mia", "Noah", "Olga", "Paul", "Petra", "Rania", "Sven", "Sophie", "Thomas",
    "Ursula", "Vera", "Wolfgang", "Yusuf", "Zoe", "Andreas", "Birgit", "Christian", "Dilara", "Emma",
    "Frank", "Gabriele", "Heike", "Ivana", "Jan", "Katharina", "Lukas", "Marie", "Nils", "Oliver", "Pia",
    "Ralf", "Sabine", "Tobias", "Ute", "Volker", "Aylin", "Bernd", "Carla", "Dirk", "Ewa", "Fatma",
    "Gregor", "Helga", "Ingo", "Julia",
]  # fmt: skip
LAST_NAMES = [
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
    "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann",
    "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner", "Schmitz", "Krause", "Meier",
    "Lehmann", "Schmid", "Schulze", "Maier", "Köhler", "Herrmann", "König", "Walter", "Mayer", "Huber",
    "Kaiser", "Fuchs", "Peters", "Lang", "Scholz", "Möller", "Weiß", "Jung", "Hahn", "Schubert", "Yılmaz",
    "Kaya", "Demir", "Nowak", "Kowalski", "Özdemir", "Wójcik", "Papadopoulos", "Rossi", "Ivanović",
]  # fmt: skip


def person_offset() -> int:
    """Where the numbering of a new batch's people continues: the highest person<N> there is."""
    emails = User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").values_list("email", flat=True)
    return highest_number(list(emails), rf"person(\d+)@{re.escape(EMAIL_DOMAIN)}")


def staff_count(ctx: ScaleContext) -> int:
    """How many people of the batch, from the first on, are lab teams."""
    return ctx.counts.labs * STAFF_PER_LAB


def users(ctx: ScaleContext) -> list[User]:
    """``counts.people`` accounts, person<N>@scale.example.org, numbered on from earlier batches."""
    rng = ctx.rng
    password = make_password(SCALE_PASSWORD)  # hashed once, shared by every synthetic account
    staff = staff_count(ctx)
    objs: list[User] = []
    for index in range(ctx.counts.people):
        joined = ctx.moment(ctx.days_ago(1, 1100))
        active = index < staff or rng.random() < 0.97
        objs.append(
            User(
                email=f"person{ctx.person_offset + index + 1}@{EMAIL_DOMAIN}",
                name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                language="en" if rng.random() < 0.15 else "de",
                password=password,
                is_active=active,
                date_joined=joined,
                email_confirmed_at=min(joined + datetime.timedelta(minutes=rng.randint(2, 600)), ctx.now)
                if active
                else None,
            )
        )
    created = ctx.bulk(User, objs)
    ctx.bulk(
        EmailAddress,
        [EmailAddress(user=u, email=u.email, primary=True, verified=u.email_confirmed_at is not None) for u in created],
    )
    ctx.progress(f"{len(created)} users")
    return created
