"""Mails and pages about what a person follows name it in the person's language when it is translated."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from kosilab.core.tests.factories import ChallengeFactory, UserFactory
from kosilab.notifications import services
from kosilab.notifications.models import Frequency

pytestmark = pytest.mark.django_db

TITLE = "Kühlere Straßen"
TITLE_EN = "Cooler streets"


class Idea:
    """Stands in for a co-creation idea: a str() and an address."""

    def __str__(self) -> str:
        return "Plant trees"

    def get_absolute_url(self) -> str:
        return "/challenges/1/#idea-1"


@pytest.fixture
def challenge(lab):
    challenge = ChallengeFactory(lab=lab, status="open", title=TITLE)
    challenge.title_en = TITLE_EN
    challenge.save()
    return challenge


def _follower(challenge, frequency: str, language: str):
    user = UserFactory(language=language)
    services.setting_update(user=user, frequency=frequency)
    services.follow_add(user=user, target=challenge)
    return user


def test_a_mail_at_once_names_the_challenge_in_the_followers_language(challenge, django_capture_on_commit_callbacks):
    english = _follower(challenge, Frequency.IMMEDIATELY, "en")
    german = _follower(challenge, Frequency.IMMEDIATELY, "de")
    with django_capture_on_commit_callbacks(execute=True):
        services.followers_notify(target=challenge, kind="idea", actor=UserFactory(), obj=Idea())
    to_english = next(m for m in mail.outbox if m.to == [english.email])
    assert to_english.subject == f"New idea: {TITLE_EN}"
    assert f"“{TITLE_EN}”" in to_english.body and TITLE not in to_english.body
    to_german = next(m for m in mail.outbox if m.to == [german.email])
    assert to_german.subject.endswith(TITLE) and TITLE_EN not in to_german.body


def test_a_digest_names_the_challenge_in_the_followers_language(challenge, django_capture_on_commit_callbacks):
    english = _follower(challenge, Frequency.DAILY, "en")
    services.followers_notify(target=challenge, kind="idea", actor=UserFactory(), obj=Idea())
    with django_capture_on_commit_callbacks(execute=True):
        assert services.digests_send(frequency="daily") == 1
    [digest] = mail.outbox
    assert digest.to == [english.email]
    assert f"== {TITLE_EN} ==" in digest.body
    assert f">{TITLE_EN}</h2>" in digest.alternatives[0].content  # the styles are inlined


def test_the_settings_page_lists_what_one_follows_in_ones_language(client, challenge):
    follower = _follower(challenge, Frequency.DAILY, "en")
    client.force_login(follower)
    page = client.get(reverse("notifications:settings"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f">{TITLE_EN}</a>" in page and TITLE not in page
