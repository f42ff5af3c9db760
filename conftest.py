"""Shared fixtures: factories for every domain object, and users in every role."""

from __future__ import annotations

import pytest
from django.utils import translation

from kosilab.core.tests.factories import (
    ChallengeFactory,
    LabFactory,
    OrganisationFactory,
    UserFactory,
)
from kosilab.labs.models import LabRole
from kosilab.labs.services import lab_team_set


@pytest.fixture(autouse=True)
def _media_and_mail(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    yield
    # A request in another language leaves that language active in the thread: start afresh.
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the cache, which outlives a test: every test starts from zero."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def lab(db):
    return LabFactory(slug="home-lab", name="Home Lab")


@pytest.fixture
def other_lab(db):
    return LabFactory(slug="other-lab", name="Other Lab")


@pytest.fixture
def manager(lab):
    user = UserFactory(name="Mara Manager")
    lab_team_set(lab=lab, user=user, role=LabRole.MANAGER, by=None)
    return user


@pytest.fixture
def facilitator(lab):
    user = UserFactory(name="Fiete Facilitator")
    lab_team_set(lab=lab, user=user, role=LabRole.FACILITATOR, by=None)
    return user


@pytest.fixture
def other_manager(other_lab):
    user = UserFactory(name="Otto Other")
    lab_team_set(lab=other_lab, user=user, role=LabRole.MANAGER, by=None)
    return user


@pytest.fixture
def participant(db):
    return UserFactory(name="Paula Participant")


@pytest.fixture
def admin_user(db):
    return UserFactory(name="Ada Admin", is_superuser=True, is_staff=True)


@pytest.fixture
def organisation(db):
    return OrganisationFactory()


@pytest.fixture
def open_challenge(lab):
    return ChallengeFactory(lab=lab, status="open")


@pytest.fixture
def draft_challenge(lab):
    return ChallengeFactory(lab=lab, status="draft")


@pytest.fixture
def app_server(transactional_db):
    """gunicorn (several processes and threads) serving the test database over HTTP."""
    from kosilab.core.tests.live import start_app_server

    yield from start_app_server()
