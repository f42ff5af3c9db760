"""followers_notify, settings and digests."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kosilab.core.errors import DomainError
from kosilab.core.models import AuditEntry
from kosilab.core.tests.factories import ChallengeFactory, ProcessFactory, UserFactory
from kosilab.labs.models import LabRole
from kosilab.labs.services import lab_team_set
from kosilab.notifications import services
from kosilab.notifications.models import Follow, Frequency, Notification, NotificationSetting
from kosilab.processes.services import member_add

pytestmark = pytest.mark.django_db


class Idea:
    """Stands in for a co-creation idea: a str() and an address."""

    def __init__(self, text: str = "Plant trees on every roof", url: str = "/challenges/1/#idea-1") -> None:
        self.text, self.url = text, url

    def __str__(self) -> str:
        return self.text

    def get_absolute_url(self) -> str:
        return self.url


def _person(frequency: str | None = None, language: str = "en", **values):
    user = UserFactory(language=language, **values)
    if frequency is not None:
        services.setting_update(user=user, frequency=frequency)
    return user


def _follow(target, *users):
    for user in users:
        services.follow_add(user=user, target=target)


def _notify(target, actor, kind="idea", obj=None, text=""):
    return services.followers_notify(target=target, kind=kind, actor=actor, obj=obj or Idea(), text=text)


# --- followers_notify ------------------------------------------------------------------------


def test_followers_get_a_notification_and_the_actor_does_not(lab, django_capture_on_commit_callbacks):
    challenge = ChallengeFactory(lab=lab, status="open", title="Cooler streets")
    actor, anna, ben = _person(name="Ida Ideas"), _person(), _person()
    _follow(challenge, actor, anna, ben)

    with django_capture_on_commit_callbacks(execute=True):
        assert _notify(challenge, actor) == 2

    notes = Notification.objects.order_by("recipient_id")
    assert [n.recipient for n in notes] == [anna, ben]
    note = notes[0]
    assert (note.kind, note.target_title, note.text, note.url) == (
        "idea",
        "Cooler streets",
        "Plant trees on every roof",
        "/challenges/1/#idea-1",
    )
    assert (note.challenge, note.process, note.actor_name) == (challenge, None, "Ida Ideas")
    assert note.read_at is None and note.mailed_at is None and note.digested_at is None
    assert mail.outbox == []  # the default is the daily digest
    assert AuditEntry.objects.filter(action="notifications.sent").get().data["recipients"] == 2


def test_nobody_following_means_nothing_happens(lab):
    challenge = ChallengeFactory(lab=lab, status="open")
    assert _notify(challenge, _person()) == 0
    assert not Notification.objects.exists()


def test_a_follower_who_lost_access_is_not_notified(lab, facilitator):
    draft = ChallengeFactory(lab=lab, status="draft")
    _follow(draft, facilitator)
    _follow(ChallengeFactory(lab=lab, status="open"), facilitator)
    actor = _person()
    assert _notify(draft, actor) == 1

    lab.memberships.filter(user=facilitator).delete()
    assert _notify(draft, actor) == 0
    assert Notification.objects.filter(recipient=facilitator).count() == 1


def test_process_followers_need_to_see_the_process(lab):
    process = ProcessFactory(lab=lab, visibility="internal")
    member, outsider_who_was_staff = _person(), _person()
    member_add(process=process, user=member, role="co_creator", by=None, sector="science")
    lab_team_set(lab=lab, user=outsider_who_was_staff, role=LabRole.FACILITATOR, by=None)
    _follow(process, member, outsider_who_was_staff)
    lab.memberships.filter(user=outsider_who_was_staff).delete()

    assert _notify(process, _person(), kind="comment", text="Next meeting on Monday") == 1
    note = Notification.objects.get()
    assert (note.recipient, note.process, note.text) == (member, process, "Next meeting on Monday")


def test_checking_followers_costs_the_same_for_many(lab, facilitator):
    draft = ChallengeFactory(lab=lab, status="draft")
    staff = [facilitator]
    for _ in range(9):
        user = _person(frequency=Frequency.WEEKLY)
        lab_team_set(lab=lab, user=user, role=LabRole.FACILITATOR, by=None)
        staff.append(user)
    _follow(draft, *staff)
    actor = _person()
    with CaptureQueriesContext(connection) as queries:
        assert _notify(draft, actor) == 10
    # followers with settings, lab roles, process roles, the lab, savepoint, insert, audit entry …
    assert len(queries) <= 9, [q["sql"] for q in queries]


def test_immediately_mails_once_in_the_followers_language(lab, django_capture_on_commit_callbacks):
    challenge = ChallengeFactory(lab=lab, status="open", title="Cooler streets")
    now_en = _person(Frequency.IMMEDIATELY, language="en", name="Ann")
    now_de = _person(Frequency.IMMEDIATELY, language="de", name="Bea")
    daily, off = _person(Frequency.DAILY), _person(Frequency.OFF)
    _follow(challenge, now_en, now_de, daily, off)

    with django_capture_on_commit_callbacks(execute=True):
        assert _notify(challenge, _person(name="Ida Ideas")) == 4

    assert sorted(m.to[0] for m in mail.outbox) == sorted([now_en.email, now_de.email])
    english = next(m for m in mail.outbox if m.to == [now_en.email])
    assert english.subject == "New idea: Cooler streets"
    assert "Hello Ann," in english.body
    assert "Plant trees on every roof" in english.body
    assert "by Ida Ideas" in english.body
    assert "/challenges/1/#idea-1" in english.body
    german = next(m for m in mail.outbox if m.to == [now_de.email])
    assert german.body.startswith("Hallo Bea,")  # rendered in German
    assert Notification.objects.filter(mailed_at__isnull=False).count() == 2
    assert set(Notification.objects.values_list("recipient", flat=True)) == {now_en.pk, now_de.pk, daily.pk, off.pk}

    # Those mailed at once are not in a digest again.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.digests_send(frequency="daily") == 1
    assert [m.to for m in mail.outbox] == [[daily.email]]


def test_a_rolled_back_action_notifies_nobody_and_mails_nothing(lab, django_capture_on_commit_callbacks):
    from django.db import transaction

    challenge = ChallengeFactory(lab=lab, status="open")
    _follow(challenge, _person(Frequency.IMMEDIATELY))
    actor = _person()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        _notify(challenge, actor)
        raise RuntimeError
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_other_kinds_are_news_and_long_text_is_shortened(lab):
    process = ProcessFactory(lab=lab)
    _follow(process, follower := _person())
    _notify(process, None, kind="milestone", obj=object(), text="x" * 1000)
    note = Notification.objects.get(recipient=follower)
    assert note.kind_label == "News"
    assert len(note.text) == 300 and note.text.endswith("…")
    assert note.url == process.get_absolute_url()  # the object has no address: the target's
    assert note.actor_name == ""


def test_only_challenges_and_processes_can_be_followed(lab):
    with pytest.raises(DomainError):
        services.followers_notify(target=lab, kind="idea", actor=None, obj=Idea())


# --- following and settings ------------------------------------------------------------------


def test_following_twice_keeps_one_follow_and_unfollowing_removes_it(lab):
    challenge, user = ChallengeFactory(lab=lab, status="open"), _person()
    first = services.follow_add(user=user, target=challenge)
    assert services.follow_add(user=user, target=challenge) == first
    assert Follow.objects.count() == 1
    assert services.follow_remove(user=user, target=challenge) is True
    assert services.follow_remove(user=user, target=challenge) is False
    assert not Follow.objects.exists()


def test_nobody_follows_what_they_may_not_see(lab):
    with pytest.raises(DomainError):
        services.follow_add(user=_person(), target=ChallengeFactory(lab=lab, status="draft"))


def test_a_follow_has_exactly_one_target(lab):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        Follow.objects.create(user=_person())


def test_settings_refuse_unknown_frequencies():
    with pytest.raises(DomainError):
        services.setting_update(user=_person(), frequency="hourly")


# --- digests ---------------------------------------------------------------------------------


def test_daily_digest_groups_by_target_sends_once_and_skips_people_with_nothing(
    lab, django_capture_on_commit_callbacks
):
    streets = ChallengeFactory(lab=lab, status="open", title="Cooler streets")
    process = ProcessFactory(lab=lab, title="Shade for schools")
    default_daily = _person(name="Dora")  # no setting row: daily
    weekly, quiet = _person(Frequency.WEEKLY), _person()
    _follow(streets, default_daily, weekly)
    _follow(process, default_daily)
    actor = _person()
    _notify(streets, actor, text="Trees")
    _notify(streets, actor, kind="comment", text="Yes, trees!")
    _notify(process, actor, kind="answer", text="We will")

    with django_capture_on_commit_callbacks(execute=True):
        assert services.digests_send(frequency="daily") == 1
    [digest] = mail.outbox
    assert digest.to == [default_daily.email]
    assert digest.subject == "Your daily digest: 3 new notifications"
    body = digest.body
    assert body.index("== Cooler streets ==") < body.index("Trees") < body.index("Yes, trees!")
    assert body.index("== Shade for schools ==") < body.index("We will")
    assert "Official answer" in body
    assert quiet.email not in [m.to[0] for m in mail.outbox]
    assert Notification.objects.filter(recipient=default_daily, digested_at__isnull=True).count() == 0

    # Again: nothing new, no mail.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.digests_send(frequency="daily") == 0
    assert len(mail.outbox) == 1

    # Only what is new since.
    _notify(streets, actor, text="More shade")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.digests_send(frequency="daily") == 1
    assert mail.outbox[-1].subject == "Your daily digest: 1 new notification"
    assert "More shade" in mail.outbox[-1].body and "Yes, trees!" not in mail.outbox[-1].body

    with django_capture_on_commit_callbacks(execute=True):
        assert services.digests_send(frequency="weekly") == 1
    assert mail.outbox[-1].to == [weekly.email]
    assert mail.outbox[-1].subject == "Your weekly digest: 3 new notifications"


def test_digests_are_in_the_recipients_language(lab, django_capture_on_commit_callbacks):
    challenge = ChallengeFactory(lab=lab, status="open")
    german, english = _person(language="de"), _person(language="en")
    _follow(challenge, german, english)
    _notify(challenge, _person())
    with django_capture_on_commit_callbacks(execute=True):
        assert services.digests_send(frequency="daily") == 2
    mails = {m.to[0]: m for m in mail.outbox}
    assert mails[english.email].subject == "Your daily digest: 1 new notification"
    assert mails[english.email].body.startswith(f"Hello {english.name},")
    assert mails[german.email].body.startswith(f"Hallo {german.name},")


def test_read_off_and_future_notifications_are_not_digested(lab, django_capture_on_commit_callbacks):
    challenge = ChallengeFactory(lab=lab, status="open")
    reader, off = _person(), _person(Frequency.OFF)
    _follow(challenge, reader, off)
    _notify(challenge, _person())
    Notification.objects.filter(recipient=reader).update(read_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        assert services.digests_send(frequency="daily") == 0
    assert Notification.objects.filter(recipient=off).count() == 1  # still on the site

    # Switching mails on again does not send what happened while they were off.
    services.setting_update(user=off, frequency=Frequency.DAILY)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.digests_send(frequency="daily") == 0
    _notify(challenge, _person())
    with django_capture_on_commit_callbacks(execute=True):
        assert services.digests_send(frequency="daily", now=timezone.now() - timedelta(hours=1)) == 0
        assert services.digests_send(frequency="daily") == 2
    assert NotificationSetting.objects.get(user=off).frequency == Frequency.DAILY


def test_send_digests_command(lab, capsys, django_capture_on_commit_callbacks):
    challenge = ChallengeFactory(lab=lab, status="open")
    _follow(challenge, _person(Frequency.WEEKLY))
    _notify(challenge, _person())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests", "--daily")
        call_command("send_digests", "--weekly")
        call_command("send_digests", "--weekly")
    assert capsys.readouterr().out.splitlines() == [
        "0 daily digests sent.",
        "1 weekly digests sent.",
        "0 weekly digests sent.",
    ]
    assert len(mail.outbox) == 1


def test_send_digests_command_needs_a_frequency():
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("send_digests")
