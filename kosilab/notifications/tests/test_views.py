"""Pages: the list, opening a notification, marking read, settings, following (htmx), the badge; query pins."""

from __future__ import annotations

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kosilab.core.tests.factories import ChallengeFactory, ProcessFactory, UserFactory
from kosilab.core.tests.queries import count, grow_and_measure
from kosilab.notifications import selectors
from kosilab.notifications.models import Follow, Notification, NotificationSetting
from kosilab.notifications.services import follow_add

pytestmark = pytest.mark.django_db

PINS = {"list": 5, "settings": 7}  # settings: + the kinds of mail stopped by a link (core.mail)


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def _note(user, **values):
    defaults = {"kind": "idea", "target_title": "Cooler streets", "text": "Trees", "url": "/challenges/"}
    return Notification.objects.create(recipient=user, **{**defaults, **values})


def test_the_list_shows_own_notifications_newest_first_and_unread_highlighted(client, participant):
    _note(participant, target_title="Older", read_at=timezone.now())
    _note(participant, target_title="Newer <script>")
    _note(UserFactory(), target_title="Someone else's")
    client.force_login(participant)
    html = client.get("/notifications/").content.decode()
    assert html.index("Newer &lt;script&gt;") < html.index("Older")
    assert "Someone else" not in html
    assert html.count("notification-unread") == 1
    assert "Mark all as read" in html


def test_opening_marks_read_and_goes_to_the_local_address(client, participant):
    note = _note(participant, url="/challenges/7/#idea-3")
    client.force_login(participant)
    response = client.get(f"/notifications/{note.pk}/open/")
    assert response.status_code == 302
    assert response["Location"] == "/challenges/7/#idea-3"
    note.refresh_from_db()
    assert note.read_at is not None


@pytest.mark.parametrize(
    "url", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", ""]
)
def test_opening_never_leaves_the_site(client, participant, url):
    note = _note(participant, url=url)
    client.force_login(participant)
    response = client.get(f"/notifications/{note.pk}/open/")
    assert response["Location"] == "/notifications/"


def test_only_the_recipient_opens_a_notification(client, participant):
    note = _note(UserFactory())
    client.force_login(participant)
    assert client.get(f"/notifications/{note.pk}/open/").status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_mark_all_read_touches_only_own(client, participant):
    _note(participant)
    _note(participant)
    other = _note(UserFactory())
    client.force_login(participant)
    response = client.post("/notifications/read/", follow=True)
    assert "All notifications are marked as read." in response.content.decode()
    assert not Notification.objects.filter(recipient=participant, read_at__isnull=True).exists()
    other.refresh_from_db()
    assert other.read_at is None


def test_settings_save_the_frequency_and_list_what_is_followed(client, participant, open_challenge, lab):
    process = ProcessFactory(lab=lab, title="Shade for schools")
    follow_add(user=participant, target=open_challenge)
    follow_add(user=participant, target=process)
    client.force_login(participant)
    html = client.get("/notifications/settings/").content.decode()
    assert 'value="daily" checked' in html or ('value="daily"' in html and "checked" in html)
    assert open_challenge.title in html and "Shade for schools" in html
    assert f"/notifications/unfollow/challenge/{open_challenge.pk}/" in html

    response = client.post("/notifications/settings/", {"frequency": "off"})
    assert response.status_code == 302
    assert NotificationSetting.objects.get(user=participant).frequency == "off"
    assert client.post("/notifications/settings/", {"frequency": "hourly"}).status_code == 400


def test_unfollow_from_settings_returns_there(client, participant, open_challenge):
    follow_add(user=participant, target=open_challenge)
    client.force_login(participant)
    response = client.post(
        f"/notifications/unfollow/challenge/{open_challenge.pk}/", {"next": "/notifications/settings/"}
    )
    assert response["Location"] == "/notifications/settings/"
    assert not Follow.objects.exists()


def test_follow_redirects_only_to_local_next(client, participant, open_challenge):
    client.force_login(participant)
    response = client.post(f"/notifications/follow/challenge/{open_challenge.pk}/", {"next": "https://evil.example/"})
    assert response["Location"] == open_challenge.get_absolute_url()


def test_follow_with_htmx_swaps_the_button(client, participant, open_challenge):
    client.force_login(participant)
    url = f"/notifications/follow/challenge/{open_challenge.pk}/"
    response = client.post(url, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Stop following" in html
    assert f'hx-post="/notifications/unfollow/challenge/{open_challenge.pk}/"' in html
    client.post(url, HTTP_HX_REQUEST="true")  # a double click
    assert Follow.objects.filter(user=participant).count() == 1

    response = client.post(f"/notifications/unfollow/challenge/{open_challenge.pk}/", HTTP_HX_REQUEST="true")
    assert f'hx-post="/notifications/follow/challenge/{open_challenge.pk}/"' in response.content.decode()
    assert not Follow.objects.exists()


def test_unfollowing_a_hidden_challenge_shows_nothing_of_it(client, participant, draft_challenge):
    Follow.objects.create(user=participant, challenge=draft_challenge)
    client.force_login(participant)
    response = client.post(f"/notifications/unfollow/challenge/{draft_challenge.pk}/", HTTP_HX_REQUEST="true")
    assert response.status_code == 302
    assert response["Location"] == "/notifications/settings/"
    assert not Follow.objects.exists()


def test_the_follow_partial_for_visitors(rf, open_challenge):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/challenges/1/")
    request.user = AnonymousUser()
    html = Template('{% include "notifications/_follow.html" %}').render(
        Context({"request": request, "user": request.user, "target": open_challenge, "following": False})
    )
    assert "Log in</a> to follow this" in html


def test_is_following_is_one_query(participant, open_challenge, django_assert_num_queries):
    follow_add(user=participant, target=open_challenge)
    with django_assert_num_queries(1):
        assert selectors.is_following(participant, open_challenge) is True


def test_the_badge_is_one_query_per_request(participant):
    _note(participant)
    _note(participant)
    _note(participant, read_at=timezone.now())
    request = RequestFactory().get("/")
    request.user = participant
    template = Template("{% load notifications %}{% unread_count %}|{% unread_count as n %}{{ n }}")
    with CaptureQueriesContext(connection) as queries:
        assert template.render(Context({"request": request})) == "2|2"
    assert len(queries) == 1


def test_the_badge_costs_nothing_when_logged_out():
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with CaptureQueriesContext(connection) as queries:
        assert Template("{% load notifications %}{% unread_count %}").render(Context({"request": request})) == "0"
    assert len(queries) == 0


def test_list_page_queries_stay_fixed(client, participant):
    client.force_login(participant)

    def grow(n):
        for _ in range(n):
            _note(participant)

    assert grow_and_measure(client, "/notifications/", grow) == (PINS["list"], PINS["list"])


def test_settings_page_queries_stay_fixed(client, participant, lab):
    client.force_login(participant)

    def grow(n):
        for i in range(n):
            target = ChallengeFactory(lab=lab, status="open") if i % 2 else ProcessFactory(lab=lab)
            follow_add(user=participant, target=target)

    assert grow_and_measure(client, "/notifications/settings/", grow) == (PINS["settings"], PINS["settings"])
    assert Follow.objects.filter(user=participant).count() == 50
    assert count(client, "/notifications/settings/") == PINS["settings"]


def test_the_navigation_badge_counts_unread_notifications_with_one_query(client, django_assert_num_queries):
    from kosilab.core.tests.factories import UserFactory
    from kosilab.notifications.models import Notification

    user = UserFactory()
    client.force_login(user)
    assert client.get("/notifications/badge/").content.strip() == b""
    Notification.objects.create(recipient=user, kind="idea", target_title="T", text="New idea", url="/")
    client.get("/notifications/badge/")  # session and user cached by the first request's middleware
    with django_assert_num_queries(3):  # session, user, the count
        response = client.get("/notifications/badge/", HTTP_ACCEPT_LANGUAGE="en")
    assert b">1<" in response.content.replace(b'<span class="visually-hidden">', b"<")
