"""Double clicks on "follow" give one follow; two digest runs at once send each digest once.
Run on SQLite and on PostgreSQL (DATABASE_URL)."""

from __future__ import annotations

import pytest
from django.core import mail

from kosilab.core.tests.concurrency import run_at_once
from kosilab.core.tests.factories import ChallengeFactory, LabFactory, ProcessFactory, UserFactory
from kosilab.notifications.models import Follow, Notification
from kosilab.notifications.services import digests_send, follow_add, followers_notify

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency]

THREADS = 12


@pytest.mark.parametrize("kind", ["challenge", "process"])
def test_a_twelvefold_double_click_on_follow_follows_once(kind):
    lab = LabFactory()
    target = ChallengeFactory(lab=lab, status="open") if kind == "challenge" else ProcessFactory(lab=lab)
    person = UserFactory()

    results, errors = run_at_once(lambda i: follow_add(user=person, target=target).pk, THREADS)

    assert errors == []
    assert Follow.objects.filter(user=person).count() == 1
    assert len(set(results)) == 1


def test_digest_runs_at_the_same_time_send_each_digest_once():
    lab = LabFactory()
    challenge = ChallengeFactory(lab=lab, status="open")
    followers = [UserFactory(language="en") for _ in range(5)]
    for user in followers:
        follow_add(user=user, target=challenge)
    followers_notify(target=challenge, kind="idea", actor=None, obj="Trees")

    results, errors = run_at_once(lambda i: digests_send(frequency="daily"), 4)

    assert errors == []
    assert sum(results) == 5
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in followers)
    assert not Notification.objects.filter(digested_at__isnull=True).exists()
