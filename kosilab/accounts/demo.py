"""Demo accounts: the invented people of the demo labs in Dortmund and Wuppertal.

``load_accounts_demo()`` adds the accounts that are missing, with a confirmed address and the
password ``DEMO_PASSWORD``; their profiles and organisations are ``kosilab.actors.demo``'s. The
whole demo is loaded in order by ``kosilab.site.demo``.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from kosilab.accounts.models import User

DEMO_PASSWORD = "kosilab-demo"  # noqa: S105 - documented demo password, only for the demo accounts
DEMO_DOMAIN = "kosilab.example.org"

# email, name, platform administrator
ACCOUNTS = [
    ("admin@kosilab.example.org", "Alex Admin", True),
    ("leitung.dortmund@kosilab.example.org", "Dana Dortmund", False),
    ("moderation.dortmund@kosilab.example.org", "Fritz Faber", False),
    ("leitung.wuppertal@kosilab.example.org", "Wiebke Wupper", False),
    ("moderation.wuppertal@kosilab.example.org", "Mo Moderat", False),
    ("teilnahme@kosilab.example.org", "Pat Beispiel", False),
    ("verwaltung@kosilab.example.org", "Vera Verwaltung", False),
    ("unternehmen@kosilab.example.org", "Ulf Unternehmer", False),
    ("wissenschaft@kosilab.example.org", "Wanda Wissen", False),
    ("sozialunternehmen@kosilab.example.org", "Sami Sozial", False),
    ("nachbarschaft@kosilab.example.org", "Nina Nachbar", False),
]


def demo_people() -> dict[str, User]:
    """The demo accounts that exist, by e-mail address."""
    return {user.email: user for user in User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}")}


def accounts_present(emails: Iterable[str]) -> set[str]:
    """Which of ``emails`` have an account."""
    return set(User.objects.filter(email__in=list(emails)).values_list("email", flat=True))


@transaction.atomic
def load_accounts_demo() -> bool:
    """Add the demo accounts that are missing. Returns False when they were all there."""
    added = False
    for email, name, is_admin in ACCOUNTS:
        if User.objects.filter(email=email).exists():
            continue
        make = User.objects.create_superuser if is_admin else User.objects.create_user
        make(email=email, password=DEMO_PASSWORD, name=name, email_confirmed_at=timezone.now())
        added = True
    return added
