"""Posting ideas, comments and reports is rate-limited per account (kosilab/core/ratelimit.py)."""

from __future__ import annotations

import pytest

from kosilab.cocreation.models import Comment, Idea, Report
from kosilab.cocreation.tests.factories import idea, open_challenge
from kosilab.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _assert_429(response) -> None:
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Too many attempts" in response.content.decode()


def test_the_31st_comment_within_an_hour_is_refused_and_saves_nothing(client, lab):
    one = idea(open_challenge(lab))
    author, other = UserFactory(), UserFactory()
    client.force_login(author)
    for n in range(30):
        assert client.post(f"/ideas/{one.pk}/comment/", {"text": f"Thought {n}"}).status_code == 302
    _assert_429(client.post(f"/ideas/{one.pk}/comment/", {"text": "One more"}))
    assert Comment.objects.filter(idea=one).count() == 30
    client.force_login(other)  # counted per account, not per address
    assert client.post(f"/ideas/{one.pk}/comment/", {"text": "Mine"}).status_code == 302


def test_the_11th_idea_within_an_hour_is_refused(client, lab):
    place = open_challenge(lab)
    client.force_login(UserFactory())
    for n in range(10):
        assert client.post(f"/ideas/challenge/{place.pk}/new/", {"title": f"Idea {n}", "text": "X"}).status_code == 302
    _assert_429(client.post(f"/ideas/challenge/{place.pk}/new/", {"title": "Late", "text": "X"}))
    assert Idea.objects.count() == 10
    assert client.get(f"/ideas/challenge/{place.pk}/new/").status_code == 200  # the form still opens


def test_reports_are_limited_too(client, lab):
    ideas = [idea(open_challenge(lab)) for _ in range(11)]
    client.force_login(UserFactory())
    for one in ideas[:10]:
        assert client.post(f"/ideas/{one.pk}/report/", {"reason": "Spam"}).status_code == 302
    _assert_429(client.post(f"/ideas/{ideas[10].pk}/report/", {"reason": "Spam"}))
    assert Report.objects.count() == 10
