"""Fragments kept for an audience (kosilab/core/pagecache.py ``kept_fragment``): a logged-in reader
gets from the cache exactly what would be rendered for them, whoever filled it; a change is visible
on the next request; every reader gets their own CSRF token; a cache fault costs only the speed-up."""

from __future__ import annotations

import re
from collections.abc import Callable
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from kosilab.accounts.models import User
from kosilab.challenges.models import Challenge, ChallengeStatus, ParticipationKind
from kosilab.challenges.services import participation_join
from kosilab.cocreation.models import Comment, Idea
from kosilab.cocreation.services import comment_create, idea_support
from kosilab.core import pagecache
from kosilab.core.roles import kinds
from kosilab.core.sectors import Sector
from kosilab.core.tests.factories import LabFactory, UserFactory
from kosilab.events.models import Event
from kosilab.impact.models import Indicator
from kosilab.labs.models import Lab, LabRole
from kosilab.labs.services import lab_team_set
from kosilab.planning.models import Block, Session
from kosilab.processes.models import MemberRole, Process
from kosilab.processes.services import member_add
from kosilab.results.models import Result

pytestmark = pytest.mark.django_db

# A marker that is no word of any page: what "the change is on the next page" looks for.
MARK = "Geändert Ω"


@pytest.fixture
def demo() -> None:
    call_command("seed_demo", verbosity=0)


def _dortmund() -> Lab:
    return Lab.objects.get(slug="dortmund")


def _challenge() -> Challenge:
    return Challenge.objects.filter(lab__slug="dortmund", status=ChallengeStatus.OPEN).order_by("pk").first()


def _idea() -> Idea:
    return Idea.objects.filter(challenge=_challenge(), deleted=False, hidden=False).order_by("pk").first()


def _process() -> Process:
    return Process.objects.filter(lab__slug="dortmund").exclude(status="draft").order_by("pk").first()


def _planned_event() -> Event:
    return Event.objects.get(pk=Session.objects.filter(event__isnull=False, is_template=False).values("event")[:1])


def _retitle(model: type, pk: int, field: str) -> Callable[[], None]:
    return lambda: model.objects.filter(pk=pk).update(**{field: MARK})


# Every page with a kept fragment, and a change inside the fragment that must show at once.
def _pages() -> dict[str, tuple[str, Callable[[], None]]]:
    dortmund, challenge, process = _dortmund(), _challenge(), _process()
    result = next(r for r in Result.objects.filter(lab=dortmund).order_by("pk") if r.is_public)
    indicator = Indicator.objects.filter(lab=dortmund).order_by("pk").first()
    return {
        "home": ("/", _retitle(Challenge, challenge.pk, "title")),
        "lab page": (reverse("labs:detail", args=["dortmund"]), _retitle(Challenge, challenge.pk, "title")),
        "challenge page": (
            reverse("challenges:detail", args=[challenge.pk]),
            _retitle(Challenge, challenge.pk, "goals"),
        ),
        "process page": (
            reverse("processes:detail", args=[process.pk]),
            lambda: process.log_entries.update(text=MARK),
        ),
        "idea list": (
            reverse("cocreation:challenge_ideas", args=[challenge.pk]),
            _retitle(Idea, _idea().pk, "title"),
        ),
        "idea page": (
            reverse("cocreation:detail", args=[_idea().pk]),
            lambda: Comment.objects.filter(idea=_idea()).update(text=MARK),
        ),
        "method search": (reverse("methods:list") + "?phase=proposals", lambda: None),
        # The agenda of a session plan: for the lab's team and the process team (and platform admins) only.
        "event page": (
            reverse("events:detail", args=[_planned_event().pk]),
            lambda: Block.objects.filter(session__event=_planned_event(), method=None).update(title=MARK),
        ),
        "what became of it": (reverse("continuation:lab", args=["dortmund"]), _retitle(Result, result.pk, "title")),
        "impact dashboard": (reverse("impact:lab", args=["dortmund"]), _retitle(Indicator, indicator.pk, "name")),
    }


def _readers() -> dict[str, User | None]:
    """People who see these pages differently, and two who must see them alike (the managers)."""
    dortmund, process = _dortmund(), _process()
    other_lab = LabFactory(slug="anderswo", name="Anderes Lab")
    readers: dict[str, User | None] = {"anonymous": None, "logged in": UserFactory(name="Nur Angemeldet")}
    for name, role, lab in (
        ("manager", LabRole.MANAGER, dortmund),
        ("second manager", LabRole.MANAGER, dortmund),
        ("facilitator", LabRole.FACILITATOR, dortmund),
        ("manager elsewhere", LabRole.MANAGER, other_lab),
    ):
        readers[name] = person = UserFactory(name=f"Leser {name}")
        lab_team_set(lab=lab, user=person, role=role, by=None)
    readers["process member"] = member = UserFactory(name="Leser Prozess")
    member_add(process=process, user=member, role=MemberRole.CO_CREATOR, by=None, sector=Sector.CIVIL_SOCIETY)
    readers["platform admin"] = UserFactory(name="Leser Admin", is_superuser=True, is_staff=True)
    # Someone who supports an idea: the cards say so to them alone.
    readers["supporter"] = supporter = UserFactory(name="Leser Unterstützerin")
    idea_support(idea=_idea(), user=supporter)
    # Someone who wrote a comment: "change" and "delete" under it are theirs alone.
    readers["commenter"] = commenter = UserFactory(name="Leser Kommentar")
    comment_create(idea=_idea(), author=commenter, text="Mein Kommentar")
    return readers


def _client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


_TOKENS = re.compile(r'(name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]+"')
_CHART_IDS = re.compile(r"chart-\d+")


def _page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    content = response.content.decode()
    assert pagecache.CSRF_PLACEHOLDER not in content
    # Charts number their ids from a counter of the process: unique in a page, not the same twice.
    return _CHART_IDS.sub("chart-N", _TOKENS.sub(r"\1TOKEN", content))


def _main(page: str) -> str:
    return page[page.index("<main") : page.index("</main>")]


def _difference(one: str, other: str) -> str:
    at = next((i for i, (a, b) in enumerate(zip(one, other, strict=False)) if a != b), min(len(one), len(other)))
    return f"from the cache …{one[at - 80 : at + 80]!r}…, rendered …{other[at - 80 : at + 80]!r}…"


def _fragment_keys() -> list[str]:
    return [key for key in cache._cache if pagecache.FRAGMENT_PREFIX in key]  # type: ignore[attr-defined]


def test_every_kind_of_role_is_part_of_the_audience():
    assert kinds() == ["lab", "process"]


def test_a_reader_gets_from_the_cache_what_would_be_rendered_for_them(demo, settings):
    """For every page and reader: the page as the cache gives it, after each other reader filled it,
    is the page rendered for them with no cache at all (nothing of another audience, nothing personal)."""
    pages, readers = _pages(), _readers()
    clients = {name: _client(user) for name, user in readers.items()}
    settings.KOSILAB_PAGE_CACHE_SECONDS = 0
    fresh = {(page, reader): _page(clients[reader], url) for page, (url, _) in pages.items() for reader in readers}
    settings.KOSILAB_PAGE_CACHE_SECONDS = 60
    for page, (url, _) in pages.items():
        for filler in readers:
            cache.clear()
            _page(clients[filler], url)
            for reader in readers:
                served = _page(clients[reader], url)
                assert served == fresh[page, reader], (
                    f"{page}: {reader} after {filler}: {_difference(served, fresh[page, reader])}"
                )
    # The managers are one audience and share the fragments; the others differ from them.
    for page in pages:
        assert _main(fresh[page, "manager"]) == _main(fresh[page, "second manager"]), page
    assert _main(fresh["lab page", "manager"]) != _main(fresh["lab page", "manager elsewhere"])
    assert _main(fresh["lab page", "manager"]) != _main(fresh["lab page", "facilitator"])


def test_the_idea_cards_say_you_support_it_to_the_supporter_alone(demo):
    readers = _readers()
    clients = {name: _client(readers[name]) for name in ("supporter", "logged in", "anonymous")}
    url = reverse("cocreation:challenge_ideas", args=[_challenge().pk])
    for name in ("logged in", "supporter", "anonymous"):  # the supporter's cards from the cache
        page = _page(clients[name], url)
        assert ("Sie unterstützen sie" in page) == (name == "supporter"), name
        assert "kosilab-support" not in page


def test_change_and_delete_are_under_ones_own_comments_alone(demo):
    readers = _readers()
    comment = Comment.objects.get(text="Mein Kommentar")
    edit = reverse("cocreation:comment_edit", args=[comment.pk])
    url = reverse("cocreation:detail", args=[_idea().pk])
    for name in ("manager", "commenter", "logged in", "anonymous"):  # the commenter's threads from the cache
        page = _page(_client(readers[name]), url)
        assert (edit in page) == (name == "commenter"), name
        assert "kosilab-own" not in page


def test_a_comment_of_a_deleted_account_has_no_actions_and_leaves_no_mark(demo):
    readers = _readers()
    comment = Comment.objects.get(text="Mein Kommentar")
    Comment.objects.filter(pk=comment.pk).update(author=None)  # what deleting the account does
    page = _page(_client(readers["commenter"]), reverse("cocreation:detail", args=[_idea().pk]))
    assert "Mein Kommentar" in page
    assert reverse("cocreation:comment_edit", args=[comment.pk]) not in page
    assert "kosilab-own" not in page


def test_two_managers_of_a_lab_share_one_fragment_and_others_get_their_own(demo):
    clients = {name: _client(user) for name, user in _readers().items()}  # a log-in is a write
    url = reverse("labs:detail", args=["dortmund"])
    cache.clear()
    _page(clients["manager"], url)
    kept = set(_fragment_keys())
    assert kept
    _page(clients["second manager"], url)
    assert set(_fragment_keys()) == kept
    _page(clients["facilitator"], url)
    assert set(_fragment_keys()) > kept


def test_a_change_is_visible_to_a_logged_in_reader_on_the_next_request(demo):
    readers = _readers()
    manager, admin = _client(readers["manager"]), _client(readers["platform admin"])
    for page, (url, change) in _pages().items():
        if page == "method search":
            continue  # its fragment depends on the method library, changed in the next test
        client = admin if page == "event page" else manager  # the agenda of another lab's session
        _page(client, url)
        change()
        assert MARK in _page(client, url), page


def test_the_facts_of_a_challenge_kept_for_everyone_follow_a_new_participant(demo):
    challenge = _challenge()
    url = reverse("challenges:detail", args=[challenge.pk])
    reader = _client(_readers()["logged in"])
    before = challenge.participations.count()
    assert f"<dd>{before}</dd>" in _page(reader, url)
    participation_join(challenge=challenge, user=UserFactory(), kind=ParticipationKind.JOINED)
    assert f"<dd>{before + 1}</dd>" in _page(reader, url)
    assert f"<dd>{before + 1}</dd>" in _page(_client(None), url)


def test_a_change_of_roles_changes_the_audience(demo):
    person = UserFactory(name="Bald im Team")
    client = _client(person)
    url = reverse("labs:detail", args=["dortmund"])
    before = _page(client, url)
    assert reverse("challenges:create", args=["dortmund"]) not in before
    lab_team_set(lab=_dortmund(), user=person, role=LabRole.MANAGER, by=None)
    assert reverse("challenges:create", args=["dortmund"]) in _page(client, url)


def test_the_forms_in_a_kept_fragment_post_with_the_readers_own_token(demo):
    readers = _readers()
    url = reverse("processes:detail", args=[_process().pk])
    _client(readers["manager"]).get(url)  # fills the fragment with the team's forms
    second = Client(enforce_csrf_checks=True)
    second.force_login(readers["second manager"])
    content = second.get(url).content.decode()
    assert pagecache.CSRF_PLACEHOLDER not in content
    team = content.index('id="team"')
    start = content.index('name="csrfmiddlewaretoken" value="', team) + len('name="csrfmiddlewaretoken" value="')
    token = content[start : content.index('"', start)]
    response = second.post(reverse("set_language"), {"language": "en", "next": url, "csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_a_cache_that_cannot_be_reached_costs_the_speed_up_not_the_page(demo):
    client = _client(_readers()["manager"])
    url = reverse("impact:lab", args=["dortmund"])
    with mock.patch.object(cache, "get", side_effect=ConnectionError("cache down")):
        assert "impact-table" in _page(client, url)
    with mock.patch.object(cache, "set", side_effect=ConnectionError("cache down")):
        assert "impact-table" in _page(client, url)


def test_turned_off_no_fragment_is_kept(demo, settings):
    settings.KOSILAB_PAGE_CACHE_SECONDS = 0
    cache.clear()
    _page(_client(_readers()["manager"]), reverse("labs:detail", args=["dortmund"]))
    assert _fragment_keys() == []


def test_a_fragment_is_kept_only_for_reading_requests(rf, settings):
    settings.KOSILAB_PAGE_CACHE_SECONDS = 60
    rendered: list[int] = []

    def render() -> str:
        rendered.append(1)
        return "<p>Stück</p>"

    for method in ("get", "get", "post", "post"):
        request = getattr(rf, method)("/")
        request.user = mock.Mock(is_authenticated=False)
        request.LANGUAGE_CODE = "de"
        assert pagecache.kept_fragment(request, "test", render=render) == "<p>Stück</p>"
    assert len(rendered) == 3  # the second GET came from the cache, each POST was rendered
