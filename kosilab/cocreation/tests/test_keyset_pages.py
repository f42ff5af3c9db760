"""The idea list and an idea's comments are walked by position, not by page number
(kosilab/core/pagination.py): every page, the last of a long list too, is one indexed query; ties in
the sort never lose or repeat an idea; a cursor that is not one of the list gives the first page."""

from __future__ import annotations

import base64
import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kosilab.cocreation.models import Comment, Idea
from kosilab.cocreation.tests.factories import idea, open_challenge
from kosilab.core import pagination
from kosilab.core.tests.factories import LabFactory, UserFactory

pytestmark = pytest.mark.django_db

PER_PAGE = 20


@pytest.fixture
def place():
    return open_challenge(LabFactory(slug="viele", name="Viele Ideen"))


def _fill(place, number: int, *, same_moment: bool = False, supports=lambda i: 0) -> list[Idea]:
    """``number`` ideas, numbered in their titles; all at one moment (ties) or one minute apart."""
    author = UserFactory()
    start = timezone.now() - datetime.timedelta(days=3)
    ideas = [
        Idea(
            challenge=place,
            lab_id=place.lab_id,
            author=author,
            title=f"Idee Nr. {i:03d}",
            text="…",
            support_count=supports(i),
            created_at=start if same_moment else start + datetime.timedelta(minutes=i),
        )
        for i in range(number)
    ]
    created = Idea.objects.bulk_create(ideas)
    if same_moment:  # bulk_create keeps auto_now_add: set the moment afterwards
        Idea.objects.filter(pk__in=[idea.pk for idea in created]).update(created_at=start)
    return created


def _titles(content: str) -> list[str]:
    return re.findall(r"Idee Nr\. (\d{3})", content)


def _links(content: str) -> dict[str, str]:
    links = {}
    for label in ("First page", "Previous page", "Next page", "Last page"):
        match = re.search(rf'<a href="([^"]*)"[^>]*>{label}</a>', content)
        if match:
            links[label] = match.group(1).replace("&amp;", "&")
    return links


def _go(url: str, link: str) -> str:
    return url.split("?", 1)[0] + link if link.startswith("?") else link


def _walk(client, url: str) -> list[str]:
    """Every idea, following "Next page" from the first page."""
    seen: list[str] = []
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for _ in range(100):
        seen += _titles(page)
        links = _links(page)
        if "Next page" not in links:
            return seen
        page = client.get(_go(url, links["Next page"]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    raise AssertionError("the list did not end")


def test_next_previous_first_and_last_walk_the_whole_list(client, place):
    _fill(place, 45)
    url = f"/ideas/challenge/{place.pk}/"
    first = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert _titles(first) == [f"{i:03d}" for i in range(44, 24, -1)]  # newest first
    assert "45 ideas" in first
    assert set(_links(first)) == {"Next page", "Last page"}

    second = client.get(_go(url, _links(first)["Next page"]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert _titles(second) == [f"{i:03d}" for i in range(24, 4, -1)]
    assert set(_links(second)) == {"First page", "Previous page", "Next page", "Last page"}

    third = client.get(_go(url, _links(second)["Next page"]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert _titles(third) == [f"{i:03d}" for i in range(4, -1, -1)]
    assert set(_links(third)) == {"First page", "Previous page"}

    back = client.get(_go(url, _links(third)["Previous page"]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert _titles(back) == _titles(second)
    # Back from the second page: fewer than a page before it, so the first page.
    assert _titles(client.get(_go(url, _links(second)["Previous page"])).content.decode()) == _titles(first)

    last = client.get(_go(url, _links(first)["Last page"]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert _titles(last) == [f"{i:03d}" for i in range(19, -1, -1)]  # the oldest twenty
    assert set(_links(last)) == {"First page", "Previous page"}
    first_again = client.get(_go(url, _links(last)["First page"])).content.decode()
    assert _titles(first_again) == _titles(first)


@pytest.mark.parametrize("sort", ["new", "supported", "discussed"])
def test_ties_in_the_sort_neither_lose_nor_repeat_an_idea(client, place, sort):
    # 50 ideas at the same moment, in three groups of supporters: only the id breaks the ties.
    _fill(place, 50, same_moment=True, supports=lambda i: i % 3)
    seen = _walk(client, f"/ideas/challenge/{place.pk}/?sort={sort}")
    assert sorted(seen) == [f"{i:03d}" for i in range(50)]
    if sort == "supported":
        counts = [int(title) % 3 for title in seen]
        assert counts == sorted(counts, reverse=True)


def test_the_sort_is_kept_from_page_to_page(client, place):
    _fill(place, 30, supports=lambda i: 30 - i)  # the oldest idea has the most supporters
    url = f"/ideas/challenge/{place.pk}/?sort=supported"
    first = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert _titles(first)[:2] == ["000", "001"]
    assert "sort=supported" in _links(first)["Next page"]


@pytest.mark.parametrize(
    "query",
    [
        "after=nonsense",
        "after=" + base64.urlsafe_b64encode(b'["2026-01-01T00:00:00"]').decode(),  # one value, naive
        "after=" + base64.urlsafe_b64encode(b'["2026-01-01T00:00:00","x"]').decode(),
        "after=" + base64.urlsafe_b64encode(b'["2026-13-01T00:00:00+00:00",1]').decode(),
        "before=" + base64.urlsafe_b64encode(b"[null,1]").decode(),
        "after=" + base64.urlsafe_b64encode(b'[[1],{"a":1}]').decode(),
        "after=" + base64.urlsafe_b64encode(b'["2026-01-01T00:00:00+00:00",99999999999999999999999]').decode(),
        "after=%F0%9F%98%80",
        "page=999999",
        "page=-1",
    ],
)
def test_a_cursor_that_is_not_one_of_the_list_gives_the_first_page(client, place, query):
    _fill(place, 25)
    response = client.get(f"/ideas/challenge/{place.pk}/?{query}")
    assert response.status_code == 200
    assert _titles(response.content.decode()) == [f"{i:03d}" for i in range(24, 4, -1)]


def test_past_the_end_gives_the_last_page(client, place):
    ideas = _fill(place, 25)
    oldest = ideas[0]
    cursor = base64.urlsafe_b64encode(f'["{oldest.created_at.isoformat()}",{oldest.pk}]'.encode()).decode()
    response = client.get(f"/ideas/challenge/{place.pk}/?after={cursor}")
    assert _titles(response.content.decode()) == [f"{i:03d}" for i in range(19, -1, -1)]


def test_deep_pages_cost_the_queries_of_the_first(client, place, settings):
    settings.KOSILAB_PAGE_CACHE_SECONDS = 0  # measure the rendering, not the kept page
    _fill(place, 65)
    url = f"/ideas/challenge/{place.pk}/"
    counts = []
    for query in ["", "?page=last"]:
        with CaptureQueriesContext(connection) as queries:
            client.get(url + query, HTTP_ACCEPT_LANGUAGE="en")
        counts.append(len(queries))
    second = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    with CaptureQueriesContext(connection) as queries:
        client.get(_go(url, _links(second)["Next page"]))
    counts.append(len(queries))
    assert counts == [counts[0]] * 3


def test_beyond_the_cap_the_list_says_more_than(client, place, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_CAP", 10)
    _fill(place, 11)
    content = client.get(f"/ideas/challenge/{place.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "More than 10 ideas" in content
    _fill(place, 0)
    Idea.objects.filter(challenge=place).order_by("pk").first().delete()
    content = client.get(f"/ideas/challenge/{place.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "10 ideas" in content
    assert "More than" not in content


def test_one_direction_for_every_field():
    with pytest.raises(ValueError, match="one direction"):
        pagination.keyset_paginate(None, Idea.objects.all(), ("-created_at", "id"))  # type: ignore[arg-type]


# --- The comments of an idea ---------------------------------------------------------------------


def _comments(idea_, number: int) -> list[Comment]:
    """``number`` top comments, one minute apart, numbered in their texts."""
    author = UserFactory()
    start = timezone.now() - datetime.timedelta(days=2)
    created = Comment.objects.bulk_create(
        Comment(idea=idea_, author=author, text=f"Kommentar Nr. {i:03d}") for i in range(number)
    )
    for i, row in enumerate(created):  # bulk_create keeps auto_now_add: set the moments afterwards
        Comment.objects.filter(pk=row.pk).update(created_at=start + datetime.timedelta(minutes=i))
    return created


def _comment_numbers(content: str) -> list[str]:
    return re.findall(r"Kommentar Nr\. (\d{3})", content)


def test_the_comments_of_an_idea_are_walked_oldest_first_to_the_last_page(client, place):
    idea_ = idea(place)
    _comments(idea_, 45)
    url = idea_.get_absolute_url()
    seen: list[str] = []
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    pages = 0
    while True:
        pages += 1
        seen += _comment_numbers(page)
        links = _links(page)
        if "Next page" not in links:
            break
        page = client.get(_go(url, links["Next page"]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert seen == [f"{i:03d}" for i in range(45)]
    assert pages == 3
    last = client.get(f"{url}?page=last", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert _comment_numbers(last) == [f"{i:03d}" for i in range(25, 45)]
    assert "Pages of the comments" in last


def test_after_commenting_or_replying_the_page_shows_the_thread(client, place):
    idea_ = idea(place)
    earlier = _comments(idea_, 45)
    client.force_login(UserFactory())
    response = client.post(reverse("cocreation:comment", args=[idea_.pk]), {"text": "Mein neuer Kommentar"})
    new = Comment.objects.get(text="Mein neuer Kommentar")
    assert response.status_code == 302 and response["Location"].endswith(f"#comment-{new.pk}")
    assert f'id="comment-{new.pk}"' in client.get(response["Location"]).content.decode()
    # A reply to a comment of the second page: that page, beginning with its thread.
    response = client.post(
        reverse("cocreation:comment", args=[idea_.pk]), {"text": "Meine Antwort", "parent": earlier[30].pk}
    )
    reply = Comment.objects.get(text="Meine Antwort")
    content = client.get(response["Location"]).content.decode()
    assert f'id="comment-{reply.pk}"' in content
    assert _comment_numbers(content)[0] == "030"


def test_the_moderation_queue_opens_a_reported_comment_on_its_page(client, lab, manager):
    """A comment of the second page (and a reply in a thread there): the queue's link opens the page
    that holds it, not the idea's first page where the anchor finds nothing."""
    from kosilab.cocreation import services

    place = open_challenge(lab)
    idea_ = idea(place)
    earlier = _comments(idea_, 45)
    reply = Comment.objects.create(idea=idea_, author=UserFactory(), parent=earlier[33], text="Eine Antwort")
    for reported in (earlier[30], reply):
        services.report_create(idea=idea_, comment=reported, reporter=UserFactory(), reason="Unfreundlich")
    services.report_create(idea=idea_, reporter=UserFactory(), reason="Werbung")
    client.force_login(manager)
    queue = client.get(reverse("cocreation:moderation", args=[lab.slug])).content.decode()
    links = re.findall(r'(?:A comment on|Ein Kommentar zu|The idea|Die Idee) <a href="([^"]+)"', queue)
    assert len(links) == 3
    for link, reported in zip(links[:2], (earlier[30], reply), strict=True):
        assert link.endswith(f"#comment-{reported.pk}")
        assert f'id="comment-{reported.pk}"' in client.get(link.replace("&amp;", "&")).content.decode()
    assert links[2] == idea_.get_absolute_url()
