"""The real-server helpers work: concurrent clicks through gunicorn count once."""

from __future__ import annotations

import pytest

from kosilab.challenges.models import Participation
from kosilab.core.tests.factories import ChallengeFactory, UserFactory
from kosilab.core.tests.live import fire, session_cookie

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency]


def test_thirty_simultaneous_joins_through_gunicorn_count_once(app_server, lab):
    challenge = ChallengeFactory(lab=lab, status="open")
    cookie = session_cookie(UserFactory())
    replies = fire(
        f"{app_server.url}/challenges/{challenge.pk}/participate/",
        bodies=[{"kind": "joined"}] * 30,
        cookies=[cookie] * 30,
    )
    assert [r.status for r in replies if r.status >= 500 or r.status == 0] == []
    assert {r.status for r in replies} == {302}
    assert Participation.objects.filter(challenge=challenge).count() == 1


def test_anonymous_post_through_gunicorn_goes_to_log_in(app_server, lab):
    challenge = ChallengeFactory(lab=lab, status="open")
    [reply] = fire(f"{app_server.url}/challenges/{challenge.pk}/participate/", bodies=[{}], cookies=[None])
    assert reply.status == 302
    assert reply.headers["Location"].startswith("/accounts/login/")
