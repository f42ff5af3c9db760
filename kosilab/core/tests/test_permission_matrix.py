"""Every URL × every role: the permission matrix of docs/permissions.md, as a test.

Codes: 200 page shown, 302 done (or redirected), "login" redirected to log-in, 403 refused,
404 not found (what you may not see does not exist for you).
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from kosilab.core.tests.factories import ChallengeFactory, LabFactory, ProcessFactory, UserFactory
from kosilab.labs.models import LabRole
from kosilab.labs.services import lab_team_set
from kosilab.processes.services import member_add

ROLES = ["anonymous", "participant", "facilitator", "manager", "other_manager", "admin"]
ANYONE = dict.fromkeys(ROLES, 200)
LOGGED_IN = {"anonymous": "login", **dict.fromkeys(ROLES[1:], 200)}
# A visible object that only its lab may change.
LAB_STAFF = {
    "anonymous": "login",
    "participant": 403,
    "facilitator": 200,
    "manager": 200,
    "other_manager": 403,
    "admin": 200,
}
LAB_MANAGER = {**LAB_STAFF, "facilitator": 403}
# An object only its lab sees.
PRIVATE = {"anonymous": 404, "participant": 404, "facilitator": 200, "manager": 200, "other_manager": 404, "admin": 200}
PRIVATE_ELSEWHERE = {**PRIVATE, "facilitator": 404, "manager": 404, "other_manager": 200}


def _done(codes: dict) -> dict:
    """The same matrix for a POST that succeeds with a redirect."""
    return {role: 302 if code == 200 else code for role, code in codes.items()}


@pytest.fixture
def world(db):
    lab = LabFactory(slug="home", name="Home")
    private_lab = LabFactory(slug="hidden", name="Hidden", is_public=False)
    other_lab = LabFactory(slug="other", name="Other")
    people = {
        "participant": UserFactory(),
        "facilitator": UserFactory(),
        "manager": UserFactory(),
        "other_manager": UserFactory(),
        "admin": UserFactory(is_superuser=True, is_staff=True),
        "member": UserFactory(profile={"sector": "science"}),
    }
    lab_team_set(lab=lab, user=people["facilitator"], role=LabRole.FACILITATOR, by=None)
    lab_team_set(lab=lab, user=people["manager"], role=LabRole.MANAGER, by=None)
    lab_team_set(lab=other_lab, user=people["other_manager"], role=LabRole.MANAGER, by=None)
    lab_team_set(lab=private_lab, user=people["other_manager"], role=LabRole.MANAGER, by=None)
    open_challenge = ChallengeFactory(lab=lab, status="open")
    draft = ChallengeFactory(lab=lab, status="draft")
    public_process = ProcessFactory(lab=lab, challenge=ChallengeFactory(lab=lab, status="open"))
    internal_process = ProcessFactory(lab=lab, visibility="internal")
    member = member_add(process=public_process, user=people["member"], role="co_creator", by=None)
    return {
        "lab": lab,
        "private_lab": private_lab,
        "open": open_challenge,
        "draft": draft,
        "process": public_process,
        "internal": internal_process,
        "member": member,
        "milestone": public_process.milestones.create(title="M", due_on="2030-01-01"),
        "people": people,
        "hidden_open": ChallengeFactory(lab=private_lab, status="open"),
        "hidden_process": ProcessFactory(lab=private_lab),
        "org": people["member"].profile,
    }


def _case(name, method, url, expected, data=None):
    return pytest.param(method, url, expected, data or {}, id=f"{name}-{method}")


# (url name for coverage, method, url template filled from the world, expected codes by role, POST data)
CASES = [
    _case("core:home", "get", "/", ANYONE),
    _case("core:manage", "get", "/manage/", LOGGED_IN),
    _case("core:accessibility", "get", "/accessibility/", ANYONE),
    _case("core:privacy", "get", "/privacy/", ANYONE),
    _case("labs:list", "get", "/labs/", ANYONE),
    _case("labs:detail", "get", "/labs/home/", ANYONE),
    _case("labs:detail-private", "get", "/labs/hidden/", PRIVATE_ELSEWHERE),
    _case("labs:edit", "get", "/labs/home/edit/", LAB_MANAGER),
    _case("labs:edit-private", "get", "/labs/hidden/edit/", PRIVATE_ELSEWHERE),
    _case("labs:team", "get", "/labs/home/team/", LAB_MANAGER),
    _case("labs:team_remove", "post", "/labs/home/team/{facilitator}/remove/", _done(LAB_MANAGER)),
    _case(
        "labs:team_remove-outsider",
        "post",
        "/labs/home/team/{participant}/remove/",
        {**LAB_MANAGER, "manager": 404, "admin": 404},
    ),
    _case("challenges:detail-hidden-lab", "get", "/challenges/{hidden_open}/", PRIVATE_ELSEWHERE),
    _case(
        "challenges:participate-hidden-lab",
        "post",
        "/challenges/{hidden_open}/participate/",
        {**PRIVATE_ELSEWHERE, "other_manager": 302, "admin": 302},
        {"kind": "joined"},
    ),
    _case("processes:detail-hidden-lab", "get", "/processes/{hidden_process}/", PRIVATE_ELSEWHERE),
    _case("labs:phase_template", "get", "/labs/home/phases/", LAB_MANAGER),
    _case("challenges:list", "get", "/challenges/", ANYONE),
    _case("challenges:create", "get", "/challenges/new/home/", LAB_STAFF),
    _case("challenges:create-private", "get", "/challenges/new/hidden/", PRIVATE_ELSEWHERE),
    _case("challenges:detail", "get", "/challenges/{open}/", ANYONE),
    _case("challenges:detail-draft", "get", "/challenges/{draft}/", PRIVATE),
    _case("challenges:edit", "get", "/challenges/{open}/edit/", LAB_STAFF),
    _case("challenges:edit-draft", "get", "/challenges/{draft}/edit/", PRIVATE),
    _case(
        "challenges:participate",
        "post",
        "/challenges/{open}/participate/",
        {**_done(LOGGED_IN)},
        {"kind": "joined"},
    ),
    _case(
        "challenges:participate-draft",
        "post",
        "/challenges/{draft}/participate/",
        {**PRIVATE, "facilitator": 403, "manager": 403, "admin": 400},
        {"kind": "joined"},
    ),
    _case("challenges:leave", "post", "/challenges/{open}/leave/", _done(LOGGED_IN)),
    _case("processes:list", "get", "/processes/", ANYONE),
    _case("processes:create", "get", "/processes/new/home/", LAB_STAFF),
    _case("processes:detail", "get", "/processes/{process}/", ANYONE),
    _case("processes:detail-internal", "get", "/processes/{internal}/", PRIVATE),
    _case("processes:edit", "get", "/processes/{process}/edit/", LAB_STAFF),
    _case("processes:edit-internal", "get", "/processes/{internal}/edit/", PRIVATE),
    _case("processes:team", "get", "/processes/{process}/team/", LAB_STAFF),
    _case(
        "processes:member_add",
        "post",
        "/processes/{process}/team/add/",
        _done(LAB_STAFF),
        {"email": "{member_email}", "role": "expert"},
    ),
    _case("processes:member_remove", "post", "/processes/{process}/team/{member}/remove/", _done(LAB_STAFF)),
    _case("processes:advance", "post", "/processes/{process}/advance/", _done(LAB_STAFF), {"reason": "Ready."}),
    _case("processes:advance-internal", "post", "/processes/{internal}/advance/", _done(PRIVATE), {"reason": "Ready."}),
    _case(
        "processes:milestone_add",
        "post",
        "/processes/{process}/milestones/",
        _done(LAB_STAFF),
        {"title": "X", "due_on": "2030-01-01"},
    ),
    _case(
        "processes:milestone_toggle", "post", "/processes/{process}/milestones/{milestone}/toggle/", _done(LAB_STAFF)
    ),
    _case("processes:log_add", "post", "/processes/{process}/log/", _done(LAB_STAFF), {"text": "We met."}),
    _case("actors:organisation_list", "get", "/actors/organisations/", ANYONE),
    _case("actors:organisation_detail", "get", "/actors/organisations/{organisation}/", ANYONE),
    _case("actors:organisation_create", "get", "/actors/organisations/new/", LOGGED_IN),
    _case(
        "actors:organisation_edit",
        "get",
        "/actors/organisations/{organisation}/edit/",
        {**LAB_STAFF, "other_manager": 200},
    ),
    _case("actors:person_list", "get", "/actors/people/", ANYONE),
    _case("actors:person_detail", "get", "/actors/people/{member_user}/", LOGGED_IN | {"anonymous": 404}),
    _case("accounts:signup", "get", "/accounts/signup/", {"anonymous": 200, **dict.fromkeys(ROLES[1:], 302)}),
    _case("accounts:login", "get", "/accounts/login/", {"anonymous": 200, **dict.fromkeys(ROLES[1:], 302)}),
    _case("accounts:profile", "get", "/accounts/profile/", LOGGED_IN),
    _case("accounts:export", "get", "/accounts/my-data/", LOGGED_IN),
    _case("accounts:delete", "get", "/accounts/delete/", LOGGED_IN),
    _case("accounts:password_change", "get", "/accounts/password/change/", LOGGED_IN),
    _case("accounts:password_reset", "get", "/accounts/password/reset/", ANYONE),
    _case("accounts:password_reset_done", "get", "/accounts/password/reset/sent/", ANYONE),
    _case("accounts:password_reset_complete", "get", "/accounts/password/reset/complete/", ANYONE),
    _case("accounts:logout", "post", "/accounts/logout/", dict.fromkeys(ROLES, 302)),
]
# Not in the matrix, and why: the confirmation link and the password-reset link carry a signed
# token (tested in accounts/tests); set_language is Django's; the admin is Django's own.
EXEMPT = {"accounts:confirm", "accounts:password_reset_confirm", "set_language"}


def _fill(url: str, world: dict) -> str:
    return url.format(
        open=world["open"].pk,
        draft=world["draft"].pk,
        process=world["process"].pk,
        internal=world["internal"].pk,
        member=world["member"].pk,
        milestone=world["milestone"].pk,
        participant=world["people"]["participant"].pk,
        facilitator=world["people"]["facilitator"].pk,
        hidden_open=world["hidden_open"].pk,
        hidden_process=world["hidden_process"].pk,
        organisation=world["lab"].host_id,
        member_user=world["people"]["member"].pk,
        member_email=world["people"]["member"].email,
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "url", "expected", "data"), CASES)
def test_permission_matrix(client, world, role, method, url, expected, data):
    if role != "anonymous":
        client.force_login(world["people"][role])
    response = getattr(client, method)(_fill(url, world), {k: _fill(v, world) for k, v in data.items()})
    want = expected[role]
    if want == "login":
        assert response.status_code == 302, response.status_code
        assert response["Location"].startswith("/accounts/login/?next="), response["Location"]
    else:
        assert response.status_code == want, (role, url, response.status_code)


def _named_urls() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                walk(pattern.url_patterns, f"{pattern.namespace}:" if pattern.namespace else namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(namespace + pattern.name)

    walk(get_resolver().url_patterns)
    return names


def test_every_named_url_is_in_the_matrix():
    covered = {case.id.rsplit("-", 1)[0].split("-")[0] for case in CASES}
    missing = _named_urls() - covered - EXEMPT
    assert not missing, f"URLs without a row in the permission matrix: {sorted(missing)}"


def test_a_removed_role_applies_on_the_next_request(client, world):
    manager = world["people"]["manager"]
    client.force_login(manager)
    assert client.get("/labs/home/edit/").status_code == 200
    world["lab"].memberships.filter(user=manager).delete()
    assert client.get("/labs/home/edit/").status_code == 403
    assert client.get(f"/challenges/{world['draft'].pk}/").status_code == 404


def test_refused_writes_change_nothing(client, world):
    process = world["process"]
    before = process.current_phase_id
    client.force_login(world["people"]["participant"])
    assert client.post(f"/processes/{process.pk}/advance/", {"reason": "Let me in."}).status_code == 403
    client.force_login(world["people"]["other_manager"])
    assert client.post(f"/processes/{process.pk}/advance/", {"reason": "Let me in."}).status_code == 403
    process.refresh_from_db()
    assert process.current_phase_id == before
    assert process.transitions.count() == 1
