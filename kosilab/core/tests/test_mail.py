from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse

from kosilab.accounts.models import User
from kosilab.core.mail import send_templated_mail

pytestmark = pytest.mark.django_db


class BrokenBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("mail server down")


def test_sign_up_succeeds_when_the_mail_server_is_down(client, settings, django_capture_on_commit_callbacks, caplog):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenBackend"
    data = {
        "name": "Nora Neu",
        "email": "nora@example.org",
        "password1": "a-long-and-unusual-passphrase",
        "password2": "a-long-and-unusual-passphrase",
        "privacy": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_signup"), data)
    assert response.status_code == 302  # on to "please confirm your address"
    assert User.objects.filter(email="nora@example.org").exists()
    assert "the task backend cannot retry it later" in caplog.text


def confirm(language):
    send_templated_mail(
        to="nora@example.org",
        language=language,
        template="accounts/mail/confirm",
        context={"user": {"name": "Nora Neu"}, "activate_url": "https://lab.example.org/confirm/abc"},
    )


@pytest.mark.parametrize(
    ("language", "subject"),
    [("de", "Bitte bestätigen Sie Ihr KoSI-Lab-Konto"), ("en", "Please confirm your KoSI-Lab account")],
)
def test_a_mail_goes_out_after_commit_in_the_recipients_language(django_capture_on_commit_callbacks, language, subject):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        confirm(language)
    assert mail.outbox == []  # nothing before the transaction commits
    for callback in callbacks:
        callback()
    [message] = mail.outbox
    assert message.subject == subject
    assert message.to == ["nora@example.org"]
    assert message.extra_headers["Message-ID"].startswith("<kosilab.")


def test_a_refused_mail_is_logged_not_raised_when_the_backend_cannot_retry(
    settings, django_capture_on_commit_callbacks, caplog
):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenBackend"
    with django_capture_on_commit_callbacks(execute=True):
        confirm("de")
    assert mail.outbox == []
    assert "ConnectionRefusedError: mail server down" in caplog.text
    assert "the task backend cannot retry it later" in caplog.text


def test_the_mail_is_written_in_the_transaction_of_the_action_and_rolls_back_with_it(
    django_capture_on_commit_callbacks,
):
    from django.db import transaction

    from kosilab.core.models import OutboxMail

    class Refused(Exception):
        pass

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Refused), transaction.atomic():
        confirm("en")
        assert OutboxMail.objects.filter(to="nora@example.org", state="pending").count() == 1
        raise Refused  # the action fails after it asked for the mail
    assert not OutboxMail.objects.exists()
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        confirm("en")
    [row] = OutboxMail.objects.all()
    assert (row.state, row.attempts, row.language, row.template) == ("sent", 1, "en", "accounts/mail/confirm")
    assert mail.outbox[0].extra_headers["Message-ID"] == f"<kosilab.{row.key}@kosilab.localhost>"


def test_a_crashed_worker_is_retried_by_rq_only_after_the_mail_lease_has_ended():
    """RQ runs a job again after the first crash delay; by then the dead worker's claim has ended."""
    from kosilab.core.mail import SEND_LEASE
    from kosilab.core.tasks import RetryingQueue

    assert timedelta(seconds=RetryingQueue.CRASH_RETRY_DELAYS[0]) >= SEND_LEASE


@pytest.mark.django_db(transaction=True)
def test_the_migration_to_the_outbox_keeps_the_keys_of_sent_mails():
    """After the update, a job queued before it finds its mail sent and does not send it again."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    # Up to core's latest migration: the model below is today's (the outbox grew HTML since 0003).
    before, after = [("core", "0002_sent_mail")], executor.loader.graph.leaf_nodes("core")
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    old_apps.get_model("core", "SentMail").objects.create(key="sent-before-the-update")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)

    from kosilab.core.mail import send_mail_task
    from kosilab.core.models import OutboxMail

    row = OutboxMail.objects.get(key="sent-before-the-update")
    assert (row.state, row.to, row.body) == ("sent", "", "")
    job = {"to": "nora@example.org", "subject": "Hallo", "body": "Text", "key": "sent-before-the-update"}
    assert send_mail_task.call(**job) == "already sent"
    assert mail.outbox == []
