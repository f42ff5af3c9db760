"""Permission matrix rows for planning (see kosilab/core/tests/matrix.py).

Besides the usual roles, two people of the process teams: ``lead`` (process lead, not in the lab
team) and ``member`` (co-creator). Those who steer a process plan its sessions; the rest of the
team reads the agenda; templates and room bookings are for the lab's staff.
"""

from __future__ import annotations

import pytest

from kosilab.core.tests.factories import ProcessFactory, UserFactory
from kosilab.core.tests.matrix import PRIVATE_ELSEWHERE, ROLES, case, done, matrix_test
from kosilab.events.models import EventStatus
from kosilab.events.tests.factories import EventFactory
from kosilab.planning import services
from kosilab.planning.tests.factories import MethodFactory, SessionFactory, add_blocks
from kosilab.processes.services import member_add
from kosilab.rooms.tests.factories import RoomFactory

PLANNING_ROLES = [*ROLES, "lead", "member"]

# Who steers a visible process plans its sessions.
STEER = {
    "anonymous": "login",
    "participant": 403,
    "facilitator": 200,
    "manager": 200,
    "other_manager": 403,
    "admin": 200,
    "lead": 200,
    "member": 403,
}
# The whole team reads.
TEAM = {**STEER, "member": 200}
# An internal process does not exist for outsiders.
STEER_INTERNAL = {**STEER, "anonymous": 404, "participant": 404, "other_manager": 404}
TEAM_INTERNAL = {**STEER_INTERNAL, "member": 200}
# Room bookings and templates: the lab's staff (a process lead from outside the lab: 403).
LAB_STAFF_ONLY = {**STEER, "lead": 403}
# A template exists only for the lab's staff.
TEMPLATE = {**dict.fromkeys(PLANNING_ROLES, 404), "facilitator": 200, "manager": 200, "admin": 200}
NOBODY = dict.fromkeys(PLANNING_ROLES, 404)
# A session (not a template) used as a template: not found for those who see it.
NOT_A_TEMPLATE = {**STEER, "facilitator": 404, "manager": 404, "admin": 404, "lead": 404}
HIDDEN_LAB = {**PRIVATE_ELSEWHERE, "lead": 404, "member": 404}

SESSION_DATA = {"title": "New title", "date": "2031-03-03", "starts_at": "10:00", "slot_minutes": "180"}
COPY_DATA = {"title": "Copy", "date": "2031-03-03", "starts_at": "10:00"}

CASES = [
    case("planning:process_sessions", "get", "/planning/process/{process}/", TEAM),
    case("planning:process_sessions-internal", "get", "/planning/process/{internal}/", TEAM_INTERNAL),
    case("planning:session_create", "get", "/planning/process/{process}/new/", STEER),
    case("planning:session_create-post", "post", "/planning/process/{process}/new/", done(STEER), SESSION_DATA),
    case("planning:session_create-internal", "get", "/planning/process/{internal}/new/", STEER_INTERNAL),
    case("planning:templates", "get", "/planning/templates/home/", LAB_STAFF_ONLY),
    case("planning:templates-hidden-lab", "get", "/planning/templates/hidden/", HIDDEN_LAB),
    case("planning:session_detail", "get", "/planning/{session}/", TEAM),
    case("planning:session_detail-internal", "get", "/planning/{internal_session}/", TEAM_INTERNAL),
    case("planning:session_detail-template", "get", "/planning/{template}/", TEMPLATE),
    case("planning:session_detail-unknown", "get", "/planning/999999/", NOBODY),
    case("planning:session_edit", "get", "/planning/{session}/edit/", STEER),
    case("planning:session_edit-post", "post", "/planning/{session}/edit/", done(STEER), SESSION_DATA),
    case("planning:session_edit-internal", "get", "/planning/{internal_session}/edit/", STEER_INTERNAL),
    case("planning:session_edit-template", "get", "/planning/{template}/edit/", TEMPLATE),
    case("planning:session_delete", "get", "/planning/{session}/delete/", STEER),
    case("planning:session_delete-post", "post", "/planning/{session}/delete/", done(STEER)),
    case(
        "planning:block_add_method",
        "post",
        "/planning/{session}/blocks/method/",
        done(STEER),
        {"method-method": "{method}"},
    ),
    case(
        "planning:block_add_free",
        "post",
        "/planning/{session}/blocks/free/",
        done(STEER),
        {"free-title": "Break", "free-minutes": "15"},
    ),
    case(
        "planning:block_add_free-internal",
        "post",
        "/planning/{internal_session}/blocks/free/",
        done(STEER_INTERNAL),
        {"free-title": "Break", "free-minutes": "15"},
    ),
    case("planning:block_edit", "get", "/planning/{session}/blocks/{block}/", STEER),
    case(
        "planning:block_edit-post",
        "post",
        "/planning/{session}/blocks/{block}/",
        done(STEER),
        {"title": "Welcome", "minutes": "20"},
    ),
    case(
        "planning:block_edit-elsewhere",
        "get",
        "/planning/{internal_session}/blocks/{block}/",
        {**STEER_INTERNAL, "facilitator": 404, "manager": 404, "admin": 404, "lead": 404},
    ),
    case("planning:block_delete", "post", "/planning/{session}/blocks/{block}/delete/", done(STEER)),
    case("planning:block_move", "post", "/planning/{session}/blocks/{block}/move/", done(STEER), {"direction": "down"}),
    case("planning:blocks_reorder", "post", "/planning/{session}/reorder/", done(STEER), {"order": "{order}"}),
    case("planning:recommendations", "get", "/planning/{session}/recommendations/", STEER),
    case("planning:session_book", "get", "/planning/{session}/book/", LAB_STAFF_ONLY),
    case("planning:session_book-post", "post", "/planning/{session}/book/", done(LAB_STAFF_ONLY), {"room": "{room}"}),
    case(
        "planning:session_book-template",
        "get",
        "/planning/{template}/book/",
        {**TEMPLATE, "facilitator": 404, "manager": 404, "admin": 404},
    ),
    case("planning:session_invite", "post", "/planning/{session}/invite/", done(STEER)),
    case("planning:session_invite-internal", "post", "/planning/{internal_session}/invite/", done(STEER_INTERNAL)),
    case("planning:session_save_template", "get", "/planning/{session}/save-as-template/", LAB_STAFF_ONLY),
    case(
        "planning:session_save_template-post",
        "post",
        "/planning/{session}/save-as-template/",
        done(LAB_STAFF_ONLY),
        {"name": "Kick-off"},
    ),
    case("planning:session_copy", "get", "/planning/{session}/copy/", STEER),
    case("planning:session_copy-post", "post", "/planning/{session}/copy/", done(STEER), COPY_DATA),
    case("planning:session_use_template", "get", "/planning/{template}/use/", TEMPLATE),
    case(
        "planning:session_use_template-post",
        "post",
        "/planning/{template}/use/",
        done(TEMPLATE),
        {**COPY_DATA, "process": "{process}"},
    ),
    case("planning:session_use_template-not-a-template", "get", "/planning/{session}/use/", NOT_A_TEMPLATE),
    case("planning:session_print", "get", "/planning/{session}/print/", TEAM),
    case("planning:session_print-internal", "get", "/planning/{internal_session}/print/", TEAM_INTERNAL),
    case("planning:session_pdf", "get", "/planning/{session}/agenda.pdf", TEAM),
    case("planning:session_pdf-template", "get", "/planning/{template}/agenda.pdf", TEMPLATE),
    case("planning:session_ics", "get", "/planning/{session}/session.ics", TEAM),
    case("planning:session_ics-internal", "get", "/planning/{internal_session}/session.ics", TEAM_INTERNAL),
    case("planning:session_ics-template", "get", "/planning/{template}/session.ics", NOBODY),
    # "Plan the session" on an event's page: who plans the event's process (a plan exists: to it).
    case("planning:session_for_event", "post", "/planning/event/{event}/plan/", done(STEER)),
    # An event without a process: its organisers are sent back with what to do; the rest refused.
    case(
        "planning:session_for_event-no-process",
        "post",
        "/planning/event/{event_without_process}/plan/",
        done(LAB_STAFF_ONLY),
    ),
    # A draft exists only for its organisers.
    case(
        "planning:session_for_event-draft",
        "post",
        "/planning/event/{draft_event}/plan/",
        {**dict.fromkeys(PLANNING_ROLES, 404), "facilitator": 302, "manager": 302, "admin": 302},
    ),
    case("planning:session_for_event-get", "get", "/planning/event/{event}/plan/", dict.fromkeys(PLANNING_ROLES, 405)),
]


@pytest.fixture
def world(matrix_world):
    lab, people = matrix_world["lab"], matrix_world["people"]
    people["lead"] = UserFactory(name="Lea Lead", profile={"sector": "business"})
    process = ProcessFactory(lab=lab, title="Public process")
    internal = ProcessFactory(lab=lab, title="Internal process", visibility="internal")
    for p in (process, internal):
        member_add(process=p, user=people["member"], role="co_creator", by=None)
        member_add(process=p, user=people["lead"], role="lead", by=None)
    session = SessionFactory(process=process)
    blocks = add_blocks(session, 30, 45)
    internal_session = SessionFactory(process=internal)
    add_blocks(internal_session, 20)
    template = services.session_save_as_template(session=session, by=None, name="Kick-off")
    return {
        **matrix_world,
        "process": process,
        "internal": internal,
        "session": session,
        "internal_session": internal_session,
        "template": template,
        "block": blocks[0],
        "order": f"{blocks[1].pk},{blocks[0].pk}",
        "method": MethodFactory(),
        "room": RoomFactory(lab=lab, name="Workshop room"),
        "event": EventFactory(lab=lab, process=process),
        "event_without_process": EventFactory(lab=lab),
        "draft_event": EventFactory(lab=lab, process=process, status=EventStatus.DRAFT),
    }


test_permission_matrix = matrix_test(CASES, roles=PLANNING_ROLES)


def test_refused_writes_change_nothing(client, world):
    session = world["session"]
    before = list(session.blocks.order_by("position").values_list("pk", "title", "position"))
    for role in ("participant", "member", "other_manager"):
        client.force_login(world["people"][role])
        for url, data in (
            (f"/planning/{session.pk}/blocks/free/", {"free-title": "Mine", "free-minutes": "10"}),
            (f"/planning/{session.pk}/blocks/{world['block'].pk}/move/", {"direction": "down"}),
            (f"/planning/{session.pk}/reorder/", {"order": world["order"]}),
            (f"/planning/{session.pk}/blocks/{world['block'].pk}/delete/", {}),
        ):
            assert client.post(url, data).status_code == 403
    assert list(session.blocks.order_by("position").values_list("pk", "title", "position")) == before


def test_a_removed_team_role_applies_on_the_next_request(client, world):
    lead = world["people"]["lead"]
    client.force_login(lead)
    assert client.get(f"/planning/{world['session'].pk}/edit/").status_code == 200
    world["process"].members.filter(user=lead).delete()
    assert client.get(f"/planning/{world['session'].pk}/edit/").status_code == 403
    assert client.get(f"/planning/{world['internal_session'].pk}/").status_code == 200
