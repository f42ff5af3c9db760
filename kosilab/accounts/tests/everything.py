"""A person who has left data of every kind the platform stores, for the export and erasure tests.

Made through the services wherever a service exists, so that the audit log, notifications to
followers and mails are written as in real use.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from allauth.mfa.totp.internal import auth as totp
from allauth.mfa.totp.internal.auth import TOTP
from allauth.socialaccount.models import SocialAccount
from allauth.usersessions.models import UserSession
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kosilab.accounts.models import User
from kosilab.accounts.tests.signup import confirm, sign_up
from kosilab.actors.services import profile_update
from kosilab.challenges.services import challenge_create, participation_join
from kosilab.cocreation import services as cocreation
from kosilab.continuation.models import HandoverStatus, TakerKind
from kosilab.continuation.services import handover_create, handover_status_set
from kosilab.core.mail import mail_stop
from kosilab.core.tests.factories import PASSWORD, ChallengeFactory, ProcessFactory, UserFactory
from kosilab.events.feed_services import calendar_feed_create
from kosilab.events.models import Event, EventStatus, Feedback, Registration, RegistrationStatus
from kosilab.events.services import question_add, registration_create
from kosilab.events.tests.factories import EventFactory
from kosilab.impact.services import indicator_create, measurement_add
from kosilab.knowledge import services as knowledge
from kosilab.labs.models import Lab, LabRole
from kosilab.labs.services import lab_team_set
from kosilab.methods.tests.factories import MethodFactory
from kosilab.notifications.services import follow_add, setting_update
from kosilab.planning.services import block_add, session_create
from kosilab.playbook import services as playbook
from kosilab.playbook.tests.factories import all_answers
from kosilab.processes.services import invitation_send, log_add, member_add, phase_advance
from kosilab.research.services import research_export_request
from kosilab.results.services import result_create, result_file_add
from kosilab.results.tests.factories import PDF
from kosilab.rooms import services as rooms
from kosilab.rooms.tests.factories import RoomFactory, at, next_monday

NAME = "Zbigniewa Quastenberg"
EMAIL = "zq.unique@example.org"


def person_with_everything(lab: Lab, manager: User) -> User:
    """Sign up, confirm, and leave a trace in every app. ``manager`` manages ``lab``."""
    user = confirm(sign_up(email=EMAIL, name=NAME, password=PASSWORD, language="en"))
    # A second factor, a single sign-on account and a recorded session (django-allauth's records).
    TOTP.activate(user, totp.generate_totp_secret())
    SocialAccount.objects.create(user=user, provider="city-sso", uid="zq-4711", extra_data={"name": NAME})
    UserSession.objects.create(user=user, session_key="s" * 32, ip="192.0.2.7", user_agent="Firefox")
    profile_update(profile=user.profile, by=user, sector="science", position="Researcher", bio="I count things.")
    lab_team_set(lab=lab, user=user, role=LabRole.FACILITATOR, by=manager)
    Lab.objects.filter(pk=lab.pk).update(contact_name=NAME, contact_email=EMAIL)
    # The person stopped event reminders with the link in one (core.MailOptOut).
    mail_stop(kind="event_reminders", address=EMAIL)

    # A follower elsewhere gets notifications (and mails) naming the person.
    follower = UserFactory(name="Fabian Follower")
    challenge = ChallengeFactory(lab=lab, status="open", contributions_open=True)
    follow_add(user=follower, target=challenge)
    follow_add(user=user, target=challenge)
    setting_update(user=user, frequency="weekly")
    participation_join(challenge=challenge, user=user, kind="joined", message="Count me in.")
    challenge_create(lab=lab, by=user, wanted_sectors=[], title="How do we count benches?", summary="Benches.")

    idea = cocreation.idea_create(place=challenge, author=user, title="Benches by the river", text="Sit and talk.")
    other_idea = cocreation.idea_create(place=challenge, author=follower, title="Shade", text="Trees please.")
    cocreation.comment_create(idea=other_idea, author=user, text="Yes, trees.")
    cocreation.idea_support(idea=other_idea, user=user)
    cocreation.report_create(idea=other_idea, reporter=user, reason="Duplicate of mine.")
    cocreation.comment_create(idea=idea, author=follower, text="Nice one.")  # notifies the person

    process = ProcessFactory(lab=lab, challenge=challenge)
    member_add(process=process, user=user, role="expert", by=manager)
    log_add(process=process, by=user, text="Counted 40 benches.")
    phase_advance(process=process, by=user, reason="Enough data.")
    follow_add(user=user, target=process)
    invitation_send(process=process, email=user.email, role="observer", sector="science", by=manager)

    room = RoomFactory(lab=lab)
    day = next_monday()
    rooms.booking_create(
        lab=lab, room=room, purpose="Counting workshop", starts_at=at(day, 10), ends_at=at(day, 12), by=user
    )

    event = EventFactory(lab=lab, title="Bench walk")
    question = question_add(event=event, by=manager, label="Dietary wishes?", kind="text")
    registration_create(event=event, user=user, answers={question.pk: "None"})
    past = EventFactory(
        lab=lab,
        title="Bench census",
        starts_at=timezone.now() - dt.timedelta(days=3),
        ends_at=timezone.now() - dt.timedelta(days=3) + dt.timedelta(hours=2),
        status=EventStatus.PUBLISHED,
    )
    attended = Registration.objects.create(
        event=past,
        user=user,
        name=NAME,
        email=EMAIL,
        status=RegistrationStatus.CONFIRMED,
        attended_at=past.starts_at,
    )
    Feedback.objects.create(registration=attended, event=past, rating=5, usefulness=4, recommend=True, comment="Fun.")
    Event.objects.filter(pk=past.pk).update(created_by=user)
    calendar_feed_create(user=user, by=user)
    research_export_request(by=user, lab=lab)

    MethodFactory(lab=lab, created_by=user, title="Bench count")
    session = session_create(
        process=process, by=user, title="Counting session", date=day, starts_at=dt.time(9), slot_minutes=15
    )
    block_add(session=session, by=user, title="Welcome", minutes=15, responsible=user, responsible_name=NAME)

    playbook.block_update(lab=lab, block_key=_first_block_key(), by=user, responsible=user, responsible_name=NAME)
    playbook.checklist_set(lab=lab, item_key=_first_checklist_key(), done=True, by=user)
    playbook.assessment_create(lab=lab, by=user, answers=all_answers(as_int=True), note="We are getting there.")

    result = result_create(process=process, by=user, kind="decision", title="Bench report")
    result_file_add(result=result, by=user, file=SimpleUploadedFile("benches.pdf", PDF, "application/pdf"))
    handover = handover_create(
        result=result,
        by=user,
        taker_kind=TakerKind.ADMINISTRATION,
        taker_name="Parks department",
        form="regular_service",
    )
    handover_status_set(
        handover=handover, by=user, status=HandoverStatus.HANDING_OVER, note="Agreed by the parks team."
    )
    indicator = indicator_create(lab=lab, process=process, by=user, name="Benches counted", unit="benches")
    measurement_add(indicator=indicator, by=user, measured_on=day - dt.timedelta(days=30), value=Decimal(40))

    # A proposal for the case-study library, accepted (the new version credits the person by name),
    # and a version of the lab's own profile the person wrote.
    proposal = knowledge.proposal_create(
        actor=user, lab=lab, profile=None, data={"name": "Bench Lab", "country": "AT"}, sources="Bench census 2030"
    )
    knowledge.proposal_accept(actor=UserFactory(is_superuser=True), proposal=proposal)
    knowledge.own_profile_update(lab=lab, actor=user, data={"team_size": 2}, expected_version=0)

    LogEntry.objects.create(
        user=manager,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(user.pk),
        object_repr=str(user),
        action_flag=CHANGE,
        change_message=f"Changed the e-mail address to {EMAIL}.",
    )
    LogEntry.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(Lab),
        object_id=str(lab.pk),
        object_repr=str(lab),
        action_flag=CHANGE,
        change_message="Changed the city.",
    )
    return User.objects.get(pk=user.pk)


def _first_block_key() -> str:
    from kosilab.playbook.content import BLOCK_BY_KEY

    return next(iter(BLOCK_BY_KEY))


def _first_checklist_key() -> str:
    from kosilab.playbook.content import ITEM_BY_KEY

    return next(iter(ITEM_BY_KEY))
