"""Shared fixtures: factories for every domain object, and users in every role.

``KOSILAB_TEST_CLOCK`` (an ISO 8601 moment with offset, e.g. ``2027-06-11T19:30:00+02:00``) moves
the clock there: the session starts at that moment, and so does every test, ticking on from it for
as long as the test runs (so a slow run does not carry the last tests past midnight or past the
hour the clocks change); CI runs the tests marked ``clock`` under three such clocks (see ``.ci/run``
and docs/architecture.md).
"""

from __future__ import annotations

import datetime
import os
from typing import Any

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

# The world of the permission matrices (``matrix_world``) and the lab of the query pins
# (``query_setting``), with the helpers beside them; every app's tests use these. The test identity
# providers of single sign-on (tests/idp/README.md): ``oidc_provider_factory``, ``saml_idp_factory``.
pytest_plugins = ["kosilab.core.tests.matrix", "kosilab.core.tests.queries", "tests.idp.fixtures"]

CLOCK_VARIABLE = "KOSILAB_TEST_CLOCK"


def session_clock() -> datetime.datetime | None:
    """The moment named by KOSILAB_TEST_CLOCK, or None; a moment without an offset is refused."""
    value = os.environ.get(CLOCK_VARIABLE, "").strip()
    if not value:
        return None
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        raise pytest.UsageError(f"{CLOCK_VARIABLE}={value!r} is not an ISO 8601 date and time.") from None
    if moment.tzinfo is None:
        raise pytest.UsageError(f"{CLOCK_VARIABLE}={value!r} needs an offset, e.g. +02:00 for Berlin summer time.")
    return moment


def pytest_configure(config: pytest.Config) -> None:
    moment = session_clock()
    if moment is None:
        return
    import time_machine

    traveller = time_machine.travel(moment, tick=True)
    traveller.start()
    config.stash[_TRAVELLER] = traveller


def pytest_unconfigure(config: pytest.Config) -> None:
    traveller = config.stash.get(_TRAVELLER, None)
    if traveller is not None:
        traveller.stop()


def pytest_report_header(config: pytest.Config) -> str | None:
    moment = session_clock()
    return f"clock: every test starts at {moment.isoformat()} (KOSILAB_TEST_CLOCK), ticking" if moment else None


@pytest.fixture(autouse=True)
def _test_clock():
    """Each test starts at the moment of KOSILAB_TEST_CLOCK, however long the tests before it took."""
    moment = session_clock()
    if moment is None:
        yield
        return
    import time_machine

    with time_machine.travel(moment, tick=True):
        yield


_TRAVELLER = pytest.StashKey[Any]()

# Tests that depend on "now" – dates relative to today, opening hours and weekends, check-in
# windows, reminders and offers, housekeeping, expiring links, charts over time, the demo – are
# marked ``clock``, and CI runs them under three fixed clocks (``.ci/run``). A new test module that
# computes dates from now belongs in this list; a single test elsewhere gets ``@pytest.mark.clock``.
CLOCK_SENSITIVE = frozenset(
    {
        "kosilab/accounts/tests/test_abuse.py",
        "kosilab/api/tests/test_reading.py",
        "kosilab/api/tests/test_tokens.py",
        "kosilab/actors/tests/test_query_counts.py",
        "kosilab/challenges/tests/test_query_counts.py",
        "kosilab/cocreation/tests/test_services_and_views.py",
        "kosilab/continuation/tests/test_continuation.py",
        "kosilab/cooperation/tests/test_query_counts.py",
        "kosilab/cooperation/tests/test_ties.py",
        "kosilab/cooperation/tests/test_views.py",
        "kosilab/core/tests/test_ical.py",
        "kosilab/core/tests/test_mail.py",
        "kosilab/core/tests/test_plausible_dates.py",
        "kosilab/core/tests/test_site_url.py",
        "kosilab/core/tests/test_tasks.py",
        "kosilab/events/tests/test_changes.py",
        "kosilab/events/tests/test_documents.py",
        "kosilab/events/tests/test_documents_matrix.py",
        "kosilab/events/tests/test_documents_queries.py",
        "kosilab/events/tests/test_event_rooms.py",
        "kosilab/events/tests/test_permission_matrix.py",
        "kosilab/events/tests/test_personal_data.py",
        "kosilab/events/tests/test_query_counts.py",
        "kosilab/events/tests/test_services.py",
        "kosilab/events/tests/test_throttling.py",
        "kosilab/events/tests/test_views.py",
        "kosilab/impact/tests/test_query_counts.py",
        "kosilab/impact/tests/test_services.py",
        "kosilab/labs/tests/test_query_counts.py",
        "kosilab/notifications/tests/test_services.py",
        "kosilab/notifications/tests/test_views.py",
        "kosilab/planning/tests/test_documents.py",
        "kosilab/planning/tests/test_services.py",
        "kosilab/planning/tests/test_views.py",
        "kosilab/opendata/tests/test_services.py",
        "kosilab/playbook/tests/test_query_counts.py",
        "kosilab/playbook/tests/test_services.py",
        "kosilab/processes/tests/test_processes.py",
        "kosilab/processes/tests/test_query_counts.py",
        "kosilab/rooms/tests/test_permission_matrix.py",
        "kosilab/rooms/tests/test_query_counts.py",
        "kosilab/rooms/tests/test_services.py",
        "kosilab/rooms/tests/test_views.py",
        "kosilab/site/tests/test_cockpit.py",
        "kosilab/site/tests/test_demo.py",
        "kosilab/site/tests/test_query_counts.py",
        "kosilab/sustainability/tests/test_archive.py",
        "kosilab/sustainability/tests/test_demo.py",
        "kosilab/sustainability/tests/test_mails.py",
        "kosilab/sustainability/tests/test_permission_matrix.py",
        "kosilab/sustainability/tests/test_query_counts.py",
        "kosilab/sustainability/tests/test_scale.py",
        "kosilab/sustainability/tests/test_services.py",
        "kosilab/sustainability/tests/test_views.py",
    }
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.relative_to(config.rootpath).as_posix() in CLOCK_SENSITIVE:
            item.add_marker(pytest.mark.clock)


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
