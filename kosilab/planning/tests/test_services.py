from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from kosilab.core.errors import DomainError
from kosilab.core.models import AuditEntry
from kosilab.core.tests.factories import LabFactory, ProcessFactory, UserFactory
from kosilab.planning import selectors, services
from kosilab.planning.models import Block, Session
from kosilab.planning.tests.factories import MethodFactory, SessionFactory, add_blocks
from kosilab.rooms import services as rooms
from kosilab.rooms.models import Booking, BookingStatus
from kosilab.rooms.services import BookingClash
from kosilab.rooms.tests.factories import ResourceFactory, RoomFactory, at

pytestmark = pytest.mark.django_db


def order(session):
    return list(Block.objects.filter(session=session).order_by("position").values_list("title", flat=True))


def positions(session):
    return list(Block.objects.filter(session=session).order_by("position").values_list("position", flat=True))


# --- Start times, overrun, spare time ------------------------------------------------------------


def test_start_times_follow_from_the_start_and_the_durations(session):
    add_blocks(session, 15, 45, 30)
    agenda = selectors.agenda(session, selectors.blocks_of(session))
    times = [(f"{r.starts:%H:%M}", f"{r.ends:%H:%M}") for r in agenda.rows]
    assert times == [("10:00", "10:15"), ("10:15", "11:00"), ("11:00", "11:30")]
    assert agenda.total_minutes == 90
    assert agenda.spare == 90
    assert agenda.overrun == 0
    assert f"{agenda.slot_ends:%H:%M}" == "13:00"


def test_a_plan_longer_than_the_slot_overruns(session):
    add_blocks(session, 120, 85)
    agenda = selectors.agenda(session, selectors.blocks_of(session))
    assert agenda.overrun == 25
    assert agenda.spare == 0


def test_overrun_warning_is_shown_on_the_page(client, session, manager):
    add_blocks(session, 120, 85)
    client.force_login(manager)
    page = client.get(f"/planning/{session.pk}/").content.decode()
    assert "The plan is 25 minutes longer than the slot of 180 minutes." in page


def test_spare_time_is_mentioned(client, session, manager):
    add_blocks(session, 60)
    client.force_login(manager)
    page = client.get(f"/planning/{session.pk}/").content.decode()
    assert "120 minutes of the slot are still free (it ends at 13:00)." in page


# --- Blocks --------------------------------------------------------------------------------------


def test_a_method_block_takes_title_and_shortest_run_from_the_method(session, manager):
    method = MethodFactory(title_en="World Café", title_de="Weltcafé", duration_min=45, duration_max=90)
    block = services.block_add(session=session, by=manager, method=method)
    assert (block.title, block.minutes, block.position) == ("World Café", 45, 0)
    assert AuditEntry.objects.filter(action="planning.block.added").count() == 1


def test_a_method_of_another_lab_is_refused(session, manager, other_lab):
    method = MethodFactory(lab=other_lab)
    with pytest.raises(DomainError, match=r"Choose a method of the library or of this lab\."):
        services.block_add(session=session, by=manager, method=method)
    assert not session.blocks.exists()


@pytest.mark.parametrize(
    ("title", "minutes", "message"),
    [
        ("", 30, "Give the block a title."),
        ("   ", 30, "Give the block a title."),
        ("Break", 4, "A block lasts between 5 and 600 minutes."),
        ("Break", 601, "A block lasts between 5 and 600 minutes."),
        ("Break", None, "A block lasts between 5 and 600 minutes."),
    ],
)
def test_bad_blocks_are_refused(session, manager, title, minutes, message):
    with pytest.raises(DomainError, match=message):
        services.block_add(session=session, by=manager, title=title, minutes=minutes)
    assert not session.blocks.exists()


def test_responsible_must_be_in_the_team(session, manager, member, participant):
    block = services.block_add(session=session, by=manager, title="Welcome", minutes=10, responsible=member)
    assert block.responsible_label == "Mia Member"
    with pytest.raises(DomainError, match=r"Choose someone from the process team or the lab team\."):
        services.block_update(block=block, by=manager, responsible=participant)
    services.block_update(block=Block.objects.get(pk=block.pk), by=manager, responsible=manager)
    assert Block.objects.get(pk=block.pk).responsible == manager


def test_removing_a_block_closes_the_gap(session, manager):
    _first, second, _third = add_blocks(session, 10, 20, 30)
    services.block_delete(block=second, by=manager)
    assert order(session) == ["Block 1", "Block 3"]
    assert positions(session) == [0, 1]
    services.block_add(session=session, by=manager, title="Block 4", minutes=5)
    assert positions(session) == [0, 1, 2]


# --- Reorder -------------------------------------------------------------------------------------


def test_move_up_and_down_swaps_with_the_neighbour(session, manager):
    first, _second, third = add_blocks(session, 10, 20, 30)
    assert services.block_move(block=third, by=manager, direction="up") == 1
    assert order(session) == ["Block 1", "Block 3", "Block 2"]
    assert services.block_move(block=first, by=manager, direction="down") == 1
    assert order(session) == ["Block 3", "Block 1", "Block 2"]
    assert positions(session) == [0, 1, 2]
    agenda = selectors.agenda(session, selectors.blocks_of(session))
    assert [f"{r.starts:%H:%M}" for r in agenda.rows] == ["10:00", "10:30", "10:40"]


def test_moving_at_the_ends_changes_nothing(session, manager):
    first, second = add_blocks(session, 10, 20)
    assert services.block_move(block=first, by=manager, direction="up") == 0
    assert services.block_move(block=second, by=manager, direction="down") == 1
    assert order(session) == ["Block 1", "Block 2"]
    assert not AuditEntry.objects.filter(action="planning.block.moved").exists()


def test_a_block_can_travel_the_whole_way(session, manager):
    blocks = add_blocks(session, 10, 10, 10, 10, 10)
    for _ in range(6):
        services.block_move(block=blocks[0], by=manager, direction="down")
    assert order(session) == ["Block 2", "Block 3", "Block 4", "Block 5", "Block 1"]
    for _ in range(6):
        services.block_move(block=blocks[0], by=manager, direction="up")
    assert order(session) == ["Block 1", "Block 2", "Block 3", "Block 4", "Block 5"]
    assert positions(session) == [0, 1, 2, 3, 4]


def test_reorder_takes_a_whole_permutation(session, manager):
    blocks = add_blocks(session, 10, 20, 30)
    services.blocks_reorder(session=session, by=manager, order=[blocks[2].pk, blocks[0].pk, blocks[1].pk])
    assert order(session) == ["Block 3", "Block 1", "Block 2"]
    assert positions(session) == [0, 1, 2]


@pytest.mark.parametrize(
    "pick",
    [
        lambda b: [b[0].pk, b[1].pk],
        lambda b: [b[0].pk, b[0].pk, b[1].pk],
        lambda b: [b[0].pk, b[1].pk, b[2].pk, 999999],
    ],
)
def test_reorder_refuses_anything_but_a_permutation(session, manager, pick):
    blocks = add_blocks(session, 10, 20, 30)
    with pytest.raises(DomainError, match=r"The plan has changed in the meantime\."):
        services.blocks_reorder(session=session, by=manager, order=pick(blocks))
    assert order(session) == ["Block 1", "Block 2", "Block 3"]


def test_reorder_refuses_blocks_of_another_session(session, process, manager):
    blocks = add_blocks(session, 10, 20)
    other = SessionFactory(process=process, title="Other session")
    foreign = add_blocks(other, 5)
    with pytest.raises(DomainError):
        services.blocks_reorder(session=session, by=manager, order=[blocks[0].pk, foreign[0].pk])
    assert order(session) == ["Block 1", "Block 2"]


# --- Materials -----------------------------------------------------------------------------------


def test_materials_are_gathered_and_deduplicated_case_insensitively(session, manager):
    cafe = MethodFactory(title_en="World Café", materials_en="Flipchart paper\nMarkers\nTable cloths")
    walk = MethodFactory(title_en="Gallery walk", materials_en="markers\n  Flipchart   paper \nTape")
    services.block_add(session=session, by=manager, method=cafe)
    services.block_add(session=session, by=manager, method=walk)
    services.block_add(session=session, by=manager, title="Coffee", minutes=15, materials="Cups\nMARKERS")
    items = selectors.materials(selectors.blocks_of(session))
    assert [(m.name, m.blocks) for m in items] == [
        ("Flipchart paper", ["World Café", "Gallery walk"]),
        ("Markers", ["World Café", "Gallery walk", "Coffee"]),
        ("Table cloths", ["World Café"]),
        ("Tape", ["Gallery walk"]),
        ("Cups", ["Coffee"]),
    ]


# --- Sessions, templates, copies -----------------------------------------------------------------


def test_session_needs_a_sensible_slot(process, manager):
    with pytest.raises(DomainError, match=r"between 15 and 840 minutes") as error:
        SessionFactory(process=process, by=manager, slot_minutes=5)
    assert error.value.field == "slot_minutes"
    with pytest.raises(DomainError, match=r"must end on the day it starts"):
        SessionFactory(process=process, by=manager, starts_at=dt.time(20), slot_minutes=300)
    assert not Session.objects.exists()


def test_template_round_trip(session, manager, member, process):
    method = MethodFactory(title_en="World Café")
    services.block_add(session=session, by=manager, method=method, responsible=member, notes="Three rounds")
    services.block_add(session=session, by=manager, title="Break", minutes=15, responsible_name="Caterer")
    template = services.session_save_as_template(session=session, by=manager, name="  Kick-off  (3 h) ")
    assert template.is_template and template.process is None and template.date is None
    assert template.lab_id == session.lab_id and template.template_name == "Kick-off (3 h)"
    copied = list(template.blocks.order_by("position"))
    assert [(b.title, b.minutes, b.method_id, b.notes) for b in copied] == [
        ("World Café", 30, method.pk, "Three rounds"),
        ("Break", 15, None, ""),
    ]
    assert all(b.responsible_id is None and b.responsible_name == "" for b in copied)

    new = services.session_from_template(template=template, process=process, by=manager, date=dt.date(2031, 3, 3))
    assert (new.process, new.title, new.slot_minutes, new.is_template) == (process, session.title, 180, False)
    assert order(new) == ["World Café", "Break"]
    assert positions(new) == [0, 1]


def test_template_is_used_only_in_its_lab(session, manager):
    template = services.session_save_as_template(session=session, by=manager, name="Kick-off")
    elsewhere = ProcessFactory(lab=LabFactory(slug="elsewhere"))
    with pytest.raises(DomainError, match=r"Choose a lab process of the template's lab\."):
        services.session_from_template(template=template, process=elsewhere, by=manager, date=dt.date(2031, 1, 6))


def test_copy_to_another_date_keeps_blocks_and_people(session, manager, member):
    add_blocks(session, 30, 60, responsible=member)
    copy = services.session_copy(session=session, by=manager, date=dt.date(2031, 5, 5), starts_at=dt.time(14))
    assert (copy.process_id, copy.date, copy.starts_at, copy.booking, copy.invited_at) == (
        session.process_id,
        dt.date(2031, 5, 5),
        dt.time(14),
        None,
        None,
    )
    assert order(copy) == order(session)
    assert set(copy.blocks.values_list("responsible", flat=True)) == {member.pk}
    assert order(session) == ["Block 1", "Block 2"]


# --- Booking from the planner --------------------------------------------------------------------


@pytest.fixture
def room(lab):
    return RoomFactory(lab=lab, name="Workshop room")


def test_booking_from_the_planner_covers_the_slot(session, room, manager, lab):
    kit = ResourceFactory(lab=lab, name="Moderation kit", quantity=2)
    add_blocks(session, 60)
    booking = services.session_book(session=session, by=manager, room=room, resources={kit: 1})
    session.refresh_from_db()
    assert session.booking == booking and session.room == room
    assert (booking.starts_at, booking.ends_at) == (at(session.date, 10), at(session.date, 13))
    assert (booking.purpose, booking.process_id, booking.booked_by) == (session.title, session.process_id, manager)
    assert booking.resource_lines.get().quantity == 1


def test_booking_covers_the_plan_when_it_is_longer(session, room, manager):
    add_blocks(session, 200)
    booking = services.session_book(session=session, by=manager, room=room)
    assert booking.ends_at == at(session.date, 13, 20)


def test_a_clash_is_refused_and_changes_nothing(session, room, manager, lab):
    rooms.booking_create(
        lab=lab, room=room, purpose="Choir", starts_at=at(session.date, 12), ends_at=at(session.date, 14), by=manager
    )
    with pytest.raises(BookingClash, match=r"Workshop room"):
        services.session_book(session=session, by=manager, room=room)
    session.refresh_from_db()
    assert session.booking is None and session.room is None
    assert Booking.objects.count() == 1


def test_booking_again_replaces_the_old_booking_and_a_clash_keeps_it(session, room, manager, lab):
    first = services.session_book(session=session, by=manager, room=room)
    second_room = RoomFactory(lab=lab, name="Small room")
    second = services.session_book(session=session, by=manager, room=second_room)
    first.refresh_from_db()
    assert first.status == BookingStatus.CANCELLED and second.status == BookingStatus.CONFIRMED
    rooms.booking_create(
        lab=lab, room=room, purpose="Choir", starts_at=at(session.date, 9), ends_at=at(session.date, 11), by=manager
    )
    with pytest.raises(BookingClash):
        services.session_book(session=session, by=manager, room=room)
    second.refresh_from_db()
    session.refresh_from_db()
    assert second.status == BookingStatus.CONFIRMED and session.booking == second


def test_a_template_cannot_be_booked(session, room, manager):
    template = services.session_save_as_template(session=session, by=manager, name="Kick-off")
    with pytest.raises(DomainError, match=r"A template cannot be booked\."):
        services.session_book(session=template, by=manager, room=room)


# --- Invitation ----------------------------------------------------------------------------------


def test_invitation_goes_to_each_team_member_in_their_language(
    session, manager, member, lead, django_capture_on_commit_callbacks
):
    add_blocks(session, 30, 15)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.session_invite(session=session, by=manager) == 2
    by_person = {m.to[0]: m for m in mail.outbox}
    assert set(by_person) == {member.email, lead.email}
    english, german = by_person[member.email], by_person[lead.email]
    assert english.subject.startswith("Invitation: Kick-off workshop")
    assert "10:00–10:30  Block 1" in english.body and "10:30–10:45  Block 2" in english.body
    assert f"/planning/{session.pk}/session.ics" in english.body
    assert "Hello Mia Member" in english.body
    assert "Hello Mia" not in german.body and "Lea Lead" in german.body
    session.refresh_from_db()
    assert session.invited_at is not None


def test_invitation_again_says_so(session, manager, member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.session_invite(session=session, by=manager)
        services.session_invite(session=session, by=manager)
    assert len(mail.outbox) == 2
    assert mail.outbox[1].subject.startswith("Updated: Kick-off workshop")


def test_invitation_needs_a_team_and_a_future_date(session, manager, process):
    with pytest.raises(DomainError, match=r"The process team has nobody to invite yet\."):
        services.session_invite(session=session, by=manager)
    past = SessionFactory(process=process, date=dt.date(2020, 1, 6))
    UserFactory()
    with pytest.raises(DomainError, match=r"This session is over\."):
        services.session_invite(session=past, by=manager)
    assert not mail.outbox
