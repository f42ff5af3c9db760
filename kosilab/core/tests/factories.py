"""factory_boy factories. Objects with rules (labs, processes) are made through the services."""

from __future__ import annotations

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.utils import timezone

from kosilab.accounts.models import User
from kosilab.actors.models import Organisation, Profile
from kosilab.challenges.models import Challenge
from kosilab.core.sectors import Sector
from kosilab.labs.models import Lab
from kosilab.labs.services import lab_create
from kosilab.processes.services import process_start

PASSWORD = "correct-horse-battery-staple"
# The secret of the authenticator app (TOTP) of the platform admins made here: platform admins must
# log in with a second factor (kosilab/accounts/two_factor.py); tests compute its codes with pyotp.
TOTP_SECRET = "KOSILABTESTSECRETKOSILABTESTSECR"


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    sector = Sector.CIVIL_SOCIETY
    city = "Dortmund"


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Sequence(lambda n: f"Person {n}")
    email_confirmed_at = factory.LazyFunction(timezone.now)
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def profile(obj: User, create: bool, extracted: dict | None, **kwargs: object) -> None:  # type: ignore[misc]
        if create:
            Profile.objects.create(user=obj, **(extracted or {}))

    @factory.post_generation
    def address(obj: User, create: bool, extracted: object, **kwargs: object) -> None:  # type: ignore[misc]
        """django-allauth's record of the address (only a confirmed one may log in)."""
        if create:
            EmailAddress.objects.create(
                user=obj, email=obj.email, primary=True, verified=obj.email_confirmed_at is not None
            )

    @factory.post_generation
    def second_factor(obj: User, create: bool, extracted: bool | None, **kwargs: object) -> None:  # type: ignore[misc]
        """An authenticator app for platform admins (they must have a second factor), or for anyone
        with ``second_factor=True``; ``second_factor=False`` makes an admin without one."""
        if create and (obj.is_superuser if extracted is None else extracted):
            Authenticator.objects.create(user=obj, type=Authenticator.Type.TOTP, data={"secret": TOTP_SECRET})


def LabFactory(**values: object) -> Lab:
    defaults: dict[str, object] = {
        "name": "Lab",
        "slug": "lab",
        "city": "Dortmund",
        "host": values.pop("host", None) or OrganisationFactory(sector=Sector.PUBLIC),
    }
    defaults.update(values)
    return lab_create(by=None, **defaults)


class ChallengeFactory(factory.django.DjangoModelFactory[Challenge]):
    class Meta:
        model = Challenge

    title = factory.Sequence(lambda n: f"How can we solve question {n}?")
    summary = "A concrete question of the city."
    status = "open"


def ProcessFactory(*, lab: Lab, challenge: Challenge | None = None, **values: object):
    return process_start(lab=lab, challenge=challenge, by=None, title=values.pop("title", "A lab process"), **values)  # type: ignore[arg-type]
