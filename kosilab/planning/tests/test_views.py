from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from kosilab.core.tests.factories import LabFactory, ProcessFactory
from kosilab.planning import services
from kosilab.planning.models import Block, Session
from kosilab.planning.tests.factories import MethodFactory, SessionFactory, add_blocks
from kosilab.rooms import services as rooms
from kosilab.rooms.tests.factories import RoomFactory, at

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "agenda"}


def titles(session):
    return list(Block.objects.filter(session=session).order_by("position").values_list("title", flat=True))


@pytest.fixture
def planner(client, manager):
    client.force_login(manager)
    return client


def test_plan_a_session_from_the_process(planner, process):
    response = planner.post(
        f"/planning/process/{process.pk}/new/",
        {"title": "Kick-off", "date": "2031-03-03", "starts_at": "09:30", "slot_minutes": "180", "lab": "999"},
    )
    session = Session.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/planning/{session.pk}/"
    assert (session.process, session.lab_id, session.starts_at) == (process, process.lab_id, dt.time(9, 30))
    page = planner.get(f"/planning/process/{process.pk}/").content.decode()
    assert "Kick-off" in page and "0 of 180 minutes" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "Kick-off", "date": "", "starts_at": "10:00", "slot_minutes": "180"}, "This field is required."),
        (
            {"title": "K", "date": "2031-03-03", "starts_at": "10:00", "slot_minutes": "180"},
            "The title needs at least 3 characters.",
        ),
        (
            {"title": "Kick-off", "date": "2031-03-03", "starts_at": "10:00", "slot_minutes": "9999"},
            "Ensure this value is less than or equal to 840.",
        ),
        (
            {"title": "Kick-off", "date": "2031-03-03", "starts_at": "22:00", "slot_minutes": "240"},
            "The session must end on the day it starts.",
        ),
        (
            {"title": "Kick-off", "date": "not a date", "starts_at": "10:00", "slot_minutes": "180"},
            "Enter a valid date.",
        ),
    ],
)
def test_bad_session_input_is_refused_with_a_message(planner, process, data, message):
    response = planner.post(f"/planning/process/{process.pk}/new/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Session.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"free-title": "", "free-minutes": "10"}, "This field is required."),
        ({"free-title": "Break", "free-minutes": "4"}, "Ensure this value is greater than or equal to 5."),
        ({"free-title": "Break", "free-minutes": "601"}, "Ensure this value is less than or equal to 600."),
        ({"free-title": "Break", "free-minutes": "1e3"}, "Enter a whole number."),
        ({"free-title": "   ", "free-minutes": "10"}, "This field is required."),
    ],
)
def test_bad_free_block_is_refused_and_nothing_changes(planner, session, data, message):
    add_blocks(session, 10)
    response = planner.post(f"/planning/{session.pk}/blocks/free/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert titles(session) == ["Block 1"]


def test_a_method_of_another_lab_cannot_be_added(planner, session):
    method = MethodFactory(lab=LabFactory(slug="elsewhere"))
    response = planner.post(f"/planning/{session.pk}/blocks/method/", {"method-method": method.pk})
    assert response.status_code == 400
    assert "Select a valid choice." in response.content.decode()
    assert not session.blocks.exists()


def test_add_a_method_block_and_a_free_block(planner, session):
    method = MethodFactory(title_en="World Café", duration_min=45)
    response = planner.post(
        f"/planning/{session.pk}/blocks/method/", {"method-method": method.pk, "method-minutes": ""}
    )
    block = Block.objects.get()
    assert response["Location"] == f"/planning/{session.pk}/#block-{block.pk}"
    planner.post(f"/planning/{session.pk}/blocks/free/", {"free-title": "Break", "free-minutes": "15"})
    assert list(session.blocks.order_by("position").values_list("title", "minutes")) == [
        ("World Café", 45),
        ("Break", 15),
    ]


def test_edit_a_block_with_bad_input_changes_nothing(planner, session, member):
    [block] = add_blocks(session, 10)
    url = f"/planning/{session.pk}/blocks/{block.pk}/"
    response = planner.post(url, {"title": "", "minutes": "700"})
    assert response.status_code == 400
    assert "Ensure this value is less than or equal to 600." in response.content.decode()
    block.refresh_from_db()
    assert (block.title, block.minutes) == ("Block 1", 10)
    response = planner.post(url, {"title": "Welcome", "minutes": "20", "responsible": member.pk, "notes": "Coffee"})
    assert response.status_code == 302
    block.refresh_from_db()
    assert (block.title, block.minutes, block.responsible, block.notes) == ("Welcome", 20, member, "Coffee")


def test_responsible_choices_are_the_team_and_the_lab(planner, session, member, participant):
    [block] = add_blocks(session, 10)
    page = planner.get(f"/planning/{session.pk}/blocks/{block.pk}/").content.decode()
    assert "Mia Member" in page and "Mara Manager" in page and "Paula Participant" not in page
    response = planner.post(
        f"/planning/{session.pk}/blocks/{block.pk}/", {"title": "X", "minutes": "20", "responsible": participant.pk}
    )
    assert response.status_code == 400
    block.refresh_from_db()
    assert block.responsible is None


def test_move_buttons_are_named_after_the_block(planner, session):
    services.block_add(session=session, by=None, title="World Café", minutes=30)
    services.block_add(session=session, by=None, title="Break", minutes=15)
    page = planner.get(f"/planning/{session.pk}/").content.decode()
    assert "Move “World Café” down" in page and "Move “Break” up" in page


def test_htmx_move_returns_the_agenda_and_keeps_the_focus(planner, session):
    first, second, _third = add_blocks(session, 10, 20, 30)
    response = planner.post(f"/planning/{session.pk}/blocks/{second.pk}/move/", {"direction": "up"}, **HTMX)
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<div id="agenda"')
    assert "<html" not in page
    assert f'data-focus="move-down-{second.pk}"' in page  # at the top now: "up" is disabled
    assert 'hx-swap-oob="innerHTML"' in page and "“Block 2” is now at position 1 of 3." in page
    assert titles(session) == ["Block 2", "Block 1", "Block 3"]
    response = planner.post(f"/planning/{session.pk}/blocks/{first.pk}/move/", {"direction": "down"}, **HTMX)
    assert f'data-focus="move-down-{first.pk}"' not in response.content.decode()
    assert f'data-focus="move-up-{first.pk}"' in response.content.decode()  # at the bottom now
    assert titles(session) == ["Block 2", "Block 3", "Block 1"]


def test_move_without_javascript_redirects_to_the_block(planner, session):
    first, _second = add_blocks(session, 10, 20)
    response = planner.post(f"/planning/{session.pk}/blocks/{first.pk}/move/", {"direction": "down"})
    assert response["Location"] == f"/planning/{session.pk}/#block-{first.pk}"
    assert titles(session) == ["Block 2", "Block 1"]


def test_bad_move_changes_nothing(planner, session, process):
    first, _second = add_blocks(session, 10, 20)
    assert planner.post(f"/planning/{session.pk}/blocks/{first.pk}/move/", {"direction": "sideways"}).status_code == 302
    other = SessionFactory(process=process, title="Other")
    assert planner.post(f"/planning/{other.pk}/blocks/{first.pk}/move/", {"direction": "down"}).status_code == 404
    assert titles(session) == ["Block 1", "Block 2"]


def test_htmx_reorder_returns_the_agenda(planner, session):
    blocks = add_blocks(session, 10, 20, 30)
    order = f"{blocks[2].pk},{blocks[0].pk},{blocks[1].pk}"
    response = planner.post(f"/planning/{session.pk}/reorder/", {"order": order}, **HTMX)
    assert response.status_code == 200 and response.content.decode().lstrip().startswith('<div id="agenda"')
    assert "The new order has been saved." in response.content.decode()
    assert titles(session) == ["Block 3", "Block 1", "Block 2"]


@pytest.mark.parametrize("order", ["", "1,2", "abc", "1;2;3", "-1,2,3", "9" * 20])
def test_bad_reorder_says_so_and_changes_nothing(planner, session, order):
    add_blocks(session, 10, 20, 30)
    response = planner.post(f"/planning/{session.pk}/reorder/", {"order": order}, **HTMX)
    assert "The plan has changed in the meantime. Please try again." in response.content.decode()
    assert titles(session) == ["Block 1", "Block 2", "Block 3"]


def test_script_in_titles_is_escaped(planner, session):
    planner.post(
        f"/planning/{session.pk}/blocks/free/", {"free-title": "<script>alert(1)</script>", "free-minutes": "10"}
    )
    page = planner.get(f"/planning/{session.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_recommendations_show_reasons_and_add_buttons(planner, session, member):
    MethodFactory(title_en="World Café", phases=["prompts"], duration_min=45, duration_max=90)
    MethodFactory(title_en="Marathon", duration_min=400, duration_max=500)
    add_blocks(session, 60)
    response = planner.get(f"/planning/{session.pk}/recommendations/", HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "<html" not in page
    assert "World Café" in page and "Marathon" not in page  # 120 minutes are left
    assert "Suits the phase Prompts" in page
    assert 'Add<span class="visually-hidden"> “World Café”</span>' in page
    full = planner.get(f"/planning/{session.pk}/recommendations/?setting=online&participants=abc").content.decode()
    assert "<html" in full and "World Café" in full


def test_book_from_the_planner_with_a_clash(planner, session, lab, manager):
    room = RoomFactory(lab=lab, name="Workshop room")
    rooms.booking_create(
        lab=lab, room=room, purpose="Choir", starts_at=at(session.date, 12), ends_at=at(session.date, 14), by=manager
    )
    response = planner.post(f"/planning/{session.pk}/book/", {"room": room.pk})
    assert response.status_code == 409
    assert "Workshop room" in response.content.decode() and "Choir" in response.content.decode()
    session.refresh_from_db()
    assert session.booking is None
    free = RoomFactory(lab=lab, name="Small room")
    response = planner.post(f"/planning/{session.pk}/book/", {"room": free.pk})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.booking.room == free and session.room == free


def test_book_needs_a_room_or_a_resource(planner, session, lab):
    RoomFactory(lab=lab)
    response = planner.post(f"/planning/{session.pk}/book/", {"room": ""})
    assert response.status_code == 400
    assert "Choose a room or at least one resource." in response.content.decode()


def test_book_page_without_rooms(planner, session):
    page = planner.get(f"/planning/{session.pk}/book/").content.decode()
    assert "This lab has no rooms or resources to book yet." in page
    assert "Book the room" not in planner.get(f"/planning/{session.pk}/").content.decode()


def test_invite_sends_one_mail_per_member_per_click(planner, session, member, lead, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = planner.post(f"/planning/{session.pk}/invite/")
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == sorted([member.email, lead.email])
    page = planner.get(f"/planning/{session.pk}/").content.decode()
    assert "The process team has been invited (2 people)." in page
    assert "Invite the process team again" in page
    with django_capture_on_commit_callbacks(execute=True):
        planner.post(f"/planning/{session.pk}/invite/")
    assert len(mail.outbox) == 4
    assert "invited again with the current plan" in planner.get(f"/planning/{session.pk}/").content.decode()


def test_invite_without_team_says_so(planner, session):
    planner.post(f"/planning/{session.pk}/invite/")
    assert "The process team has nobody to invite yet." in planner.get(f"/planning/{session.pk}/").content.decode()
    assert not mail.outbox


def test_template_round_trip_through_the_pages(planner, session, process, lab):
    add_blocks(session, 30, 60)
    response = planner.post(f"/planning/{session.pk}/save-as-template/", {"name": "Kick-off (3 h)"})
    template = Session.objects.get(is_template=True)
    assert response["Location"] == f"/planning/{template.pk}/"
    page = planner.get(f"/planning/templates/{lab.slug}/").content.decode()
    assert "Kick-off (3 h)" in page and "2 blocks" in page and "90 minutes" in page
    response = planner.post(
        f"/planning/{template.pk}/use/",
        {"process": process.pk, "title": "Second kick-off", "date": "2031-04-07", "starts_at": "14:00"},
    )
    new = Session.objects.get(title="Second kick-off")
    assert response["Location"] == f"/planning/{new.pk}/"
    assert titles(new) == ["Block 1", "Block 2"] and new.starts_at == dt.time(14)


def test_template_cannot_be_used_for_a_process_of_another_lab(planner, session, other_lab):
    template = services.session_save_as_template(session=session, by=None, name="Kick-off")
    foreign = ProcessFactory(lab=other_lab)
    response = planner.post(
        f"/planning/{template.pk}/use/",
        {"process": foreign.pk, "title": "X y z", "date": "2031-04-07", "starts_at": "14:00"},
    )
    assert response.status_code == 400
    assert Session.objects.filter(is_template=False).count() == 1


def test_copy_with_bad_date_changes_nothing(planner, session):
    response = planner.post(
        f"/planning/{session.pk}/copy/", {"title": "Copy", "date": "2031-02-30", "starts_at": "10:00"}
    )
    assert response.status_code == 400
    assert Session.objects.count() == 1
    response = planner.post(
        f"/planning/{session.pk}/copy/", {"title": "Copy", "date": "2031-03-03", "starts_at": "10:00"}
    )
    assert response.status_code == 302
    assert Session.objects.filter(title="Copy", date=dt.date(2031, 3, 3)).exists()


def test_team_member_reads_without_controls(client, session, member):
    add_blocks(session, 30)
    client.force_login(member)
    page = client.get(f"/planning/{session.pk}/").content.decode()
    assert "Block 1" in page
    assert "Move “Block 1”" not in page and "Add a block" not in page and "Invite" not in page


def test_delete_a_session(planner, session, process):
    add_blocks(session, 10)
    response = planner.post(f"/planning/{session.pk}/delete/")
    assert response["Location"] == f"/planning/process/{process.pk}/"
    assert not Session.objects.exists() and not Block.objects.exists()
