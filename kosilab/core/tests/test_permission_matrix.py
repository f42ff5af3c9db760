"""Every URL × every role: the permission matrix of docs/permissions.md, as a test.

Roles, codes and the check are in ``matrix.py``; rooms and events keep their rows in their own apps.
"""

from __future__ import annotations

import importlib

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from kosilab.core.tests.factories import ChallengeFactory, ProcessFactory
from kosilab.core.tests.matrix import (
    ANYONE,
    LAB_MANAGER,
    LAB_STAFF,
    LOGGED_IN,
    PRIVATE,
    PRIVATE_ELSEWHERE,
    ROLES,
    base_world,
    case,
    done,
    run_case,
)
from kosilab.processes.services import member_add


@pytest.fixture
def world(db):
    base = base_world()
    lab, private_lab, people = base["lab"], base["private_lab"], base["people"]
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


# (url name for coverage, method, url template filled from the world, expected codes by role, POST data)
CASES = [
    case("site:home", "get", "/", ANYONE),
    case("site:manage", "get", "/manage/", LOGGED_IN),
    case("core:accessibility", "get", "/accessibility/", ANYONE),
    case("core:privacy", "get", "/privacy/", ANYONE),
    case("labs:list", "get", "/labs/", ANYONE),
    case("labs:detail", "get", "/labs/home/", ANYONE),
    case("labs:detail-private", "get", "/labs/hidden/", PRIVATE_ELSEWHERE),
    case("labs:edit", "get", "/labs/home/edit/", LAB_MANAGER),
    case("labs:edit-private", "get", "/labs/hidden/edit/", PRIVATE_ELSEWHERE),
    case("labs:team", "get", "/labs/home/team/", LAB_MANAGER),
    case("labs:team_remove", "post", "/labs/home/team/{facilitator}/remove/", done(LAB_MANAGER)),
    case(
        "labs:team_remove-outsider",
        "post",
        "/labs/home/team/{participant}/remove/",
        {**LAB_MANAGER, "manager": 404, "admin": 404},
    ),
    case("challenges:detail-hidden-lab", "get", "/challenges/{hidden_open}/", PRIVATE_ELSEWHERE),
    case(
        "challenges:participate-hidden-lab",
        "post",
        "/challenges/{hidden_open}/participate/",
        {**PRIVATE_ELSEWHERE, "other_manager": 302, "admin": 302},
        {"kind": "joined"},
    ),
    case("processes:detail-hidden-lab", "get", "/processes/{hidden_process}/", PRIVATE_ELSEWHERE),
    case("labs:phase_template", "get", "/labs/home/phases/", LAB_MANAGER),
    case("labs:audit_log", "get", "/labs/home/audit/", LAB_MANAGER),
    case("labs:audit_log-private", "get", "/labs/hidden/audit/", PRIVATE_ELSEWHERE),
    case("challenges:list", "get", "/challenges/", ANYONE),
    case("challenges:create", "get", "/challenges/new/home/", LAB_STAFF),
    case("challenges:create-private", "get", "/challenges/new/hidden/", PRIVATE_ELSEWHERE),
    case("challenges:detail", "get", "/challenges/{open}/", ANYONE),
    case("challenges:detail-draft", "get", "/challenges/{draft}/", PRIVATE),
    case("challenges:edit", "get", "/challenges/{open}/edit/", LAB_STAFF),
    case("challenges:edit-draft", "get", "/challenges/{draft}/edit/", PRIVATE),
    case(
        "challenges:participate",
        "post",
        "/challenges/{open}/participate/",
        {**done(LOGGED_IN)},
        {"kind": "joined"},
    ),
    case(
        "challenges:participate-draft",
        "post",
        "/challenges/{draft}/participate/",
        {**PRIVATE, "facilitator": 403, "manager": 403, "admin": 400},
        {"kind": "joined"},
    ),
    case("challenges:leave", "post", "/challenges/{open}/leave/", done(LOGGED_IN)),
    case("processes:list", "get", "/processes/", ANYONE),
    case("processes:create", "get", "/processes/new/home/", LAB_STAFF),
    case("processes:detail", "get", "/processes/{process}/", ANYONE),
    case("processes:detail-internal", "get", "/processes/{internal}/", PRIVATE),
    case("processes:edit", "get", "/processes/{process}/edit/", LAB_STAFF),
    case("processes:edit-internal", "get", "/processes/{internal}/edit/", PRIVATE),
    case("processes:team", "get", "/processes/{process}/team/", LAB_STAFF),
    case(
        "processes:member_add",
        "post",
        "/processes/{process}/team/add/",
        done(LAB_STAFF),
        {"email": "{member_email}", "role": "expert"},
    ),
    case("processes:member_remove", "post", "/processes/{process}/team/{member}/remove/", done(LAB_STAFF)),
    case("processes:advance", "post", "/processes/{process}/advance/", done(LAB_STAFF), {"reason": "Ready."}),
    case("processes:advance-internal", "post", "/processes/{internal}/advance/", done(PRIVATE), {"reason": "Ready."}),
    case(
        "processes:milestone_add",
        "post",
        "/processes/{process}/milestones/",
        done(LAB_STAFF),
        {"title": "X", "due_on": "2030-01-01"},
    ),
    case("processes:milestone_toggle", "post", "/processes/{process}/milestones/{milestone}/toggle/", done(LAB_STAFF)),
    case("processes:log_add", "post", "/processes/{process}/log/", done(LAB_STAFF), {"text": "We met."}),
    case("actors:organisation_list", "get", "/actors/organisations/", ANYONE),
    case("actors:organisation_detail", "get", "/actors/organisations/{organisation}/", ANYONE),
    case("actors:organisation_create", "get", "/actors/organisations/new/", LOGGED_IN),
    case(
        "actors:organisation_edit",
        "get",
        "/actors/organisations/{organisation}/edit/",
        {**LAB_STAFF, "other_manager": 200},
    ),
    case("actors:person_list", "get", "/actors/people/", ANYONE),
    case("actors:person_detail", "get", "/actors/people/{member_user}/", LOGGED_IN | {"anonymous": 404}),
    case("accounts:signup", "get", "/accounts/signup/", {"anonymous": 200, **dict.fromkeys(ROLES[1:], 302)}),
    case("accounts:login", "get", "/accounts/login/", {"anonymous": 200, **dict.fromkeys(ROLES[1:], 302)}),
    case("actors:my_profile", "get", "/actors/people/me/", LOGGED_IN),
    case("accounts:export", "get", "/accounts/my-data/", LOGGED_IN),
    case("accounts:delete", "get", "/accounts/delete/", LOGGED_IN),
    case("accounts:password_change", "get", "/accounts/password/change/", LOGGED_IN),
    case("accounts:password_reset", "get", "/accounts/password/reset/", ANYONE),
    case("accounts:resend_confirmation", "get", "/accounts/confirm-again/", ANYONE),
    case("accounts:password_reset_done", "get", "/accounts/password/reset/sent/", ANYONE),
    case("accounts:password_reset_complete", "get", "/accounts/password/reset/complete/", ANYONE),
    case("accounts:logout", "post", "/accounts/logout/", dict.fromkeys(ROLES, 302)),
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
    run_case(client, world, role, method, url, expected, data, _fill)


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


# Matrices kept beside their apps, each with a list named CASES.
APP_MATRICES = [
    "kosilab.rooms.tests.test_permission_matrix",
    "kosilab.events.tests.test_permission_matrix",
    "kosilab.events.tests.test_documents_matrix",
    "kosilab.methods.tests.test_permission_matrix",
    "kosilab.planning.tests.test_permission_matrix",
    "kosilab.playbook.tests.test_permission_matrix",
    "kosilab.notifications.tests.test_permission_matrix",
    "kosilab.cocreation.tests.test_permission_matrix",
    "kosilab.results.tests.test_permission_matrix",
    "kosilab.continuation.tests.test_permission_matrix",
    "kosilab.impact.tests.test_permission_matrix",
]


def test_every_named_url_is_in_the_matrix():
    cases = list(CASES)
    for module in APP_MATRICES:
        cases += importlib.import_module(module).CASES
    covered = {param.id.rsplit("-", 1)[0].split("-")[0] for param in cases}
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
