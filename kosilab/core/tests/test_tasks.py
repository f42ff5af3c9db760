"""Mails through real queues and real workers: the database queue, RQ on the real Redis, retries.

Nothing here mocks a queue. The database tests run django-tasks-db's worker loop in this process;
the Redis tests run an RQ worker in burst mode in this process (so that mails land in the locmem
outbox), each on a queue with a name of its own, so that test runs side by side do not collide.
"""

from __future__ import annotations

import email
import email.policy
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from io import StringIO
from pathlib import Path

import django_rq
import pytest
import redis
import time_machine
from django.conf import settings as django_settings
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.mail.backends.filebased import EmailBackend as FileBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_rq import Job
from rq.worker import SimpleWorker
from rq.worker import Worker as ForkingWorker

from config.env import Env
from kosilab.accounts.models import User
from kosilab.core.mail import RETRY_DELAYS, SEND_LEASE, mail_task, send_outbox_mail, send_templated_mail
from kosilab.core.models import OutboxMail
from kosilab.core.tasks import backend_can_defer, enqueue_at

TEST_REDIS_URL = os.environ.get("KOSILAB_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
SUBJECTS = {"de": "Bitte bestätigen Sie Ihr KoSI-Lab-Konto", "en": "Please confirm your KoSI-Lab account"}
SIGN_UP = {
    "name": "Nora Neu",
    "email": "nora@example.org",
    "password1": "a-long-and-unusual-passphrase",
    "password2": "a-long-and-unusual-passphrase",
    "privacy": "on",
}


class FlakyBackend(LocmemBackend):
    """A mail server that refuses the next ``failures`` mails, then accepts them (into mail.outbox)."""

    failures = 0

    def send_messages(self, email_messages):
        if FlakyBackend.failures > 0:
            FlakyBackend.failures -= 1
            raise ConnectionRefusedError("mail server down")
        return super().send_messages(email_messages)


TEST_PROCESS = os.getpid()


class DyingBackend(FileBackend):
    """The worker process is killed (kill -9) in the middle of its first send; later sends write files."""

    def send_messages(self, email_messages):
        marker = Path(self.file_path).parent / "died"
        if not marker.exists():
            marker.touch()
            assert os.getpid() != TEST_PROCESS, "only a forked work horse may die"
            os.kill(os.getpid(), signal.SIGKILL)
        return super().send_messages(email_messages)


@pytest.fixture
def flaky_mail(settings):
    settings.EMAIL_BACKEND = f"{__name__}.FlakyBackend"
    FlakyBackend.failures = 0
    yield FlakyBackend
    FlakyBackend.failures = 0


def queue_confirmation(language: str, to: str = "nora@example.org") -> None:
    """What a service does: send a mail inside its transaction."""
    with transaction.atomic():
        send_templated_mail(
            to=to,
            language=language,
            template="accounts/mail/confirm",
            context={"user": {"name": "Nora Neu"}, "activate_url": "https://lab.example.org/confirm/abc"},
        )


# --- The database queue ----------------------------------------------------------------------


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def run_db_worker() -> None:
    """The worker loop of ``manage.py db_worker --batch``: run every task that is due, then stop."""
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=f"test-{uuid.uuid4().hex[:8]}",
        excluded_queue_names=[],
    ).run()


def make_due(result: DBTaskResult) -> None:
    """Move a deferred task to the past instead of waiting for it."""
    DBTaskResult.objects.filter(pk=result.pk).update(run_after=timezone.now() - timedelta(seconds=1))


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["de", "en"])
def test_the_database_worker_sends_the_mail_once_in_the_recipients_language(database_tasks, language):
    queue_confirmation(language)
    assert mail.outbox == []  # queued, not sent by the request
    assert DBTaskResult.objects.ready().count() == 1

    run_db_worker()
    run_db_worker()  # a second worker finds nothing left to do

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == SUBJECTS[language]
    assert message.to == ["nora@example.org"]
    assert "https://lab.example.org/confirm/abc" in message.body
    result = DBTaskResult.objects.get()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == "sent"
    row = OutboxMail.objects.get()
    assert result.args_kwargs["kwargs"] == {"outbox_id": row.pk}  # the queue holds no address and no text
    assert (row.state, row.attempts) == (OutboxMail.State.SENT, 1)
    assert message.extra_headers["Message-ID"] == f"<kosilab.{row.key}@kosilab.localhost>"


@pytest.mark.django_db(transaction=True)
def test_sign_up_queues_the_confirmation_and_the_worker_sends_it(client, database_tasks):
    response = client.post(reverse("account_signup"), SIGN_UP)
    assert response.status_code == 302  # on to "please confirm your address"
    assert mail.outbox == []
    run_db_worker()
    assert [m.to for m in mail.outbox] == [["nora@example.org"]]
    assert mail.outbox[0].subject == SUBJECTS["de"]


@pytest.mark.django_db(transaction=True)
def test_a_mail_task_that_runs_twice_sends_once(database_tasks):
    """The same job delivered twice (or queued again by the sweep) sends the row once."""
    queue_confirmation("de")
    row = OutboxMail.objects.get()
    mail_task().enqueue(outbox_id=row.pk)
    run_db_worker()
    assert len(mail.outbox) == 1
    assert sorted(DBTaskResult.objects.values_list("return_value", flat=True)) == ["already sent", "sent"]
    assert send_outbox_mail.call(outbox_id=row.pk) == "already sent"
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_a_mail_being_sent_is_not_sent_by_a_second_task_until_its_lease_ends(database_tasks):
    queue_confirmation("de")
    row = OutboxMail.objects.get()
    OutboxMail.objects.filter(pk=row.pk).update(state=OutboxMail.State.SENDING, claimed_at=timezone.now())
    run_db_worker()
    assert mail.outbox == []
    assert DBTaskResult.objects.get().return_value == "being sent"

    # The worker that took it died before sending; after the lease another task sends it.
    OutboxMail.objects.filter(pk=row.pk).update(claimed_at=timezone.now() - SEND_LEASE - timedelta(seconds=1))
    assert send_outbox_mail.call(outbox_id=row.pk) == "sent"
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_a_mail_the_server_refuses_is_retried_later_and_sent_once(database_tasks, flaky_mail, caplog):
    flaky_mail.failures = 1
    queue_confirmation("en")
    before = timezone.now()

    run_db_worker()

    assert mail.outbox == []
    first = DBTaskResult.objects.get(return_value="retry queued")
    assert first.status == TaskResultStatus.SUCCESSFUL  # the attempt handled its failure
    retry = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert retry.args_kwargs["kwargs"] == first.args_kwargs["kwargs"]  # the same outbox row
    assert before + RETRY_DELAYS[0] <= retry.run_after <= timezone.now() + RETRY_DELAYS[0]
    row = OutboxMail.objects.get()
    assert (row.state, row.attempts, row.next_attempt_at) == (OutboxMail.State.PENDING, 1, retry.run_after)
    assert row.last_error == "ConnectionRefusedError: mail server down"
    assert "could not be sent (attempt 1, ConnectionRefusedError: mail server down); retrying at" in caplog.text

    run_db_worker()  # not due yet
    assert mail.outbox == []

    make_due(retry)
    run_db_worker()
    run_db_worker()

    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == SUBJECTS["en"]
    retry.refresh_from_db()
    assert (retry.status, retry.return_value) == (TaskResultStatus.SUCCESSFUL, "sent")
    assert not DBTaskResult.objects.ready().exists()
    row.refresh_from_db()
    assert (row.state, row.attempts, row.last_error) == (OutboxMail.State.SENT, 2, "")


@pytest.mark.django_db(transaction=True)
def test_a_mail_is_given_up_after_the_last_retry(database_tasks, flaky_mail, caplog):
    flaky_mail.failures = 1000
    queue_confirmation("de")
    for _ in range(len(RETRY_DELAYS) + 1):
        for result in DBTaskResult.objects.filter(status=TaskResultStatus.READY):
            make_due(result)
        run_db_worker()

    assert mail.outbox == []
    attempts = DBTaskResult.objects.order_by("enqueued_at")
    assert attempts.count() == len(RETRY_DELAYS) + 1
    assert attempts.last().status == TaskResultStatus.FAILED
    row = OutboxMail.objects.get()
    assert (row.state, row.attempts) == (OutboxMail.State.FAILED, len(RETRY_DELAYS) + 1)
    assert send_outbox_mail.call(outbox_id=row.pk) == "given up"
    assert "ConnectionRefusedError" in attempts.last().exception_class_path
    assert not DBTaskResult.objects.ready().exists()
    assert f"could not be sent in {len(RETRY_DELAYS) + 1} attempts; giving up" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_enqueue_at_defers_on_the_database_queue(database_tasks):
    when = timezone.now() + timedelta(hours=1)
    assert backend_can_defer()
    assert backend_can_defer(send_outbox_mail)
    assert enqueue_at(send_outbox_mail, when, outbox_id=1) is True
    assert DBTaskResult.objects.get().run_after == when
    run_db_worker()
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_on_the_database_queue_the_task_is_written_with_the_action_and_goes_with_its_rollback(database_tasks):
    with CaptureQueriesContext(connection) as queries:
        queue_confirmation("de")
    # The task's row is written inside the action's transaction, before its one commit.
    statements = [q["sql"] for q in queries.captured_queries]
    task_row = next(i for i, sql in enumerate(statements) if sql.startswith('INSERT INTO "django_tasks_database'))
    assert statements.index("COMMIT") > task_row
    assert statements.count("COMMIT") == 1
    row = OutboxMail.objects.get()
    assert DBTaskResult.objects.get().args_kwargs["kwargs"] == {"outbox_id": row.pk}

    with pytest.raises(RuntimeError), transaction.atomic():
        send_templated_mail(
            to="rolled-back@example.org",
            language="de",
            template="accounts/mail/confirm",
            context={"user": {"name": "Nie Gesendet"}, "activate_url": "https://lab.example.org/confirm/x"},
        )
        raise RuntimeError("the action failed")
    assert OutboxMail.objects.count() == 1  # neither the mail nor its task of the failed action
    assert DBTaskResult.objects.count() == 1
    run_db_worker()
    assert [m.subject for m in mail.outbox] == [SUBJECTS["de"]]


@pytest.mark.django_db(transaction=True)
def test_on_the_database_queue_a_refused_task_costs_the_task_not_the_action(database_tasks, monkeypatch, caplog):
    """A database error in the middle of queueing (in the action's transaction): its savepoint is
    rolled back, the action and its outbox row commit, the sweep sends the mail."""
    from django.core.management import call_command
    from django_tasks_db import DatabaseBackend

    def refuse(self, *args, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM no_such_table_of_tasks")

    monkeypatch.setattr(DatabaseBackend, "enqueue", refuse)
    queue_confirmation("de")
    assert OutboxMail.objects.get().state == OutboxMail.State.PENDING
    assert DBTaskResult.objects.count() == 0
    assert "Could not queue mail" in caplog.text
    monkeypatch.undo()
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        call_command("mail_outbox", stdout=StringIO())
        run_db_worker()
    assert [m.subject for m in mail.outbox] == [SUBJECTS["de"]]


def test_enqueue_at_refuses_where_the_backend_cannot_defer():
    """The test profile runs tasks immediately: nothing is queued, and nothing is run now either."""
    assert backend_can_defer() is False
    later = timezone.now() + timedelta(hours=1)
    assert enqueue_at(send_outbox_mail, later, outbox_id=1) is False
    assert mail.outbox == []


# --- Redis (RQ) ------------------------------------------------------------------------------


def redis_or_skip(url: str) -> redis.Redis:
    connection = redis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        connection.ping()
    except redis.exceptions.RedisError as exc:
        reason = f"Redis at {url} is unreachable ({exc}); start it, or set KOSILAB_TEST_REDIS_URL"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(f"{reason}. In CI (CI=true) this fails instead.")
    return connection


@pytest.fixture
def redis_queue(settings):
    """The RQ backend on the real Redis, on a queue of this test's own; emptied afterwards."""
    connection = redis_or_skip(TEST_REDIS_URL)
    name = f"kosilab-test-{uuid.uuid4().hex[:12]}"
    settings.RQ_QUEUES = {name: {**django_settings.RQ_QUEUES["default"], "URL": TEST_REDIS_URL}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [name]}}
    settings.KOSILAB_MAIL_QUEUE = name
    queue = django_rq.get_queue(name, job_class=Job)
    try:
        yield queue
    finally:
        job_ids = set(queue.get_job_ids())
        for registry in (
            queue.started_job_registry,
            queue.finished_job_registry,
            queue.failed_job_registry,
            queue.scheduled_job_registry,
            queue.deferred_job_registry,
            queue.canceled_job_registry,
        ):
            job_ids.update(registry.get_job_ids())
        for job in Job.fetch_many(list(job_ids), connection=connection):
            if job is not None:
                job.delete()
        queue.delete(delete_jobs=True)
        leftovers = list(connection.scan_iter(match=f"*{name}*"))
        if leftovers:
            connection.delete(*leftovers)
        connection.close()


def run_rq_worker(queue, *, with_scheduler: bool = False, worker_class=SimpleWorker) -> None:
    """``manage.py rqworker <queue> --burst``: run every queued job, then stop.

    The SimpleWorker runs the jobs in this process (mails land in mail.outbox); RQ's default Worker
    forks a work horse per job, as ``manage.py rqworker`` does.
    """
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    worker = django_rq.get_worker(queue.name, worker_class=worker_class)
    try:
        worker.work(burst=True, with_scheduler=with_scheduler, logging_level="WARNING")
    finally:
        worker.connection.delete(worker.key)  # its record would otherwise linger for a minute
        for sig, handler in handlers.items():
            signal.signal(sig, handler)


@pytest.mark.django_db(transaction=True)
def test_a_real_rq_worker_on_redis_sends_the_mail_once(redis_queue):
    queue_confirmation("en")
    assert mail.outbox == []
    [job] = redis_queue.get_jobs()
    assert job.description == "kosilab.core.mail.send_outbox_mail"  # what workers log: no address, no link
    assert job.kwargs == {"outbox_id": OutboxMail.objects.get().pk}  # what the queue holds: neither

    run_rq_worker(redis_queue)
    run_rq_worker(redis_queue)

    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == SUBJECTS["en"]
    assert redis_queue.count == 0
    [job_id] = redis_queue.finished_job_registry.get_job_ids()
    assert Job.fetch(job_id, connection=redis_queue.connection).return_value() == "sent"


@pytest.mark.django_db(transaction=True)
def test_rq_retries_a_refused_mail_through_the_scheduler(redis_queue, flaky_mail):
    flaky_mail.failures = 1
    queue_confirmation("de")
    started = time.time()

    run_rq_worker(redis_queue, with_scheduler=True)

    assert mail.outbox == []
    scheduled = redis_queue.scheduled_job_registry
    [retry_id] = scheduled.get_job_ids()
    due = redis_queue.connection.zscore(scheduled.key, retry_id)
    assert started + RETRY_DELAYS[0].total_seconds() - 1 <= due <= time.time() + RETRY_DELAYS[0].total_seconds() + 1
    run_rq_worker(redis_queue, with_scheduler=True)  # not due yet
    assert mail.outbox == []

    redis_queue.connection.zadd(scheduled.key, {retry_id: time.time() - 1})
    run_rq_worker(redis_queue, with_scheduler=True)

    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == SUBJECTS["de"]
    assert OutboxMail.objects.get().attempts == 2


@pytest.mark.django_db(transaction=True)
def test_a_mail_whose_worker_is_killed_runs_again_and_is_sent_once(redis_queue, settings, tmp_path):
    settings.EMAIL_BACKEND = f"{__name__}.DyingBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    queue_confirmation("de")

    run_rq_worker(redis_queue, with_scheduler=True, worker_class=ForkingWorker)

    assert (tmp_path / "died").exists()  # the work horse was killed in the middle of the job
    assert not list((tmp_path / "mail").iterdir())  # and had not sent the mail
    scheduled = redis_queue.scheduled_job_registry
    [job_id] = scheduled.get_job_ids()  # RetryingQueue: queued again, after a delay
    assert OutboxMail.objects.get().state == OutboxMail.State.SENDING  # left by the dead work horse
    # The retry is due after a minute; by then the dead work horse's claim on the row has ended too.
    redis_queue.connection.zadd(scheduled.key, {job_id: time.time() - 1})
    OutboxMail.objects.update(claimed_at=timezone.now() - SEND_LEASE - timedelta(seconds=1))
    run_rq_worker(redis_queue, with_scheduler=True, worker_class=ForkingWorker)
    run_rq_worker(redis_queue, with_scheduler=True, worker_class=ForkingWorker)

    [sent] = (tmp_path / "mail").iterdir()
    assert email.message_from_bytes(sent.read_bytes(), policy=email.policy.default)["Subject"] == SUBJECTS["de"]
    assert Job.fetch(job_id, connection=redis_queue.connection).return_value() == "sent"


@pytest.mark.django_db(transaction=True)
def test_sign_up_succeeds_when_the_queue_is_down_and_the_sweep_sends_the_mail_once(client, settings, caplog):
    from django.core.management import call_command

    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:1/0?socket_connect_timeout=1"}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}

    response = client.post(reverse("account_signup"), SIGN_UP)

    assert response.status_code == 302  # on to "please confirm your address"
    assert User.objects.filter(email="nora@example.org").exists()
    assert mail.outbox == []
    row = OutboxMail.objects.get()
    assert (row.to, row.state, row.template) == ("nora@example.org", OutboxMail.State.PENDING, "accounts/mail/confirm")
    assert f"Could not queue mail {row.pk}; it stays in the outbox" in caplog.text

    out = StringIO()
    call_command("mail_outbox", stdout=out)  # the queue is still down: nothing lost, nothing sent
    assert out.getvalue().startswith("0 mails queued again")
    assert OutboxMail.objects.get().state == OutboxMail.State.PENDING

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}
    call_command("mail_outbox", stdout=StringIO())  # not yet a minute: the row may still be on its way
    assert mail.outbox == []
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        call_command("mail_outbox", stdout=out)
        call_command("mail_outbox", stdout=out)
    assert [m.to for m in mail.outbox] == [["nora@example.org"]]
    assert mail.outbox[0].subject == SUBJECTS["de"]
    row.refresh_from_db()
    assert (row.state, row.attempts) == (OutboxMail.State.SENT, 1)


# --- Settings --------------------------------------------------------------------------------


def test_env_choice_reads_one_of_the_choices():
    env = Env({"T": " Redis "})
    assert env.choice("T", ("database", "redis"), "database") == "redis"
    assert env.choice("MISSING", ("database", "redis"), "database") == "database"
    with pytest.raises(ImproperlyConfigured, match=r"T must be one of database, redis, not 'kafka'"):
        Env({"T": "kafka"}).choice("T", ("database", "redis"), "database")


def settings_in_a_fresh_process(tmp_path, **variables: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("KOSILAB_", "REDIS_URL", "DJANGO_"))}
    environment.update({"KOSILAB_VAR_DIR": str(tmp_path), **variables})
    code = (
        "import json, config.settings as s; "
        "print(json.dumps([s.TASKS['default']['BACKEND'], 'django_rq' in s.INSTALLED_APPS, s.RQ_QUEUES]))"
    )
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=django_settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_task_backend_follows_kosilab_tasks(tmp_path):
    default = settings_in_a_fresh_process(tmp_path)
    assert json.loads(default.stdout)[:2] == ["django_tasks_db.DatabaseBackend", False]
    tests = settings_in_a_fresh_process(tmp_path, KOSILAB_ENV="test")
    assert json.loads(tests.stdout)[0] == "django_tasks.backends.immediate.ImmediateBackend"
    on_redis = settings_in_a_fresh_process(
        tmp_path, KOSILAB_TASKS="redis", REDIS_URL="redis://cache:6379/0", KOSILAB_TASKS_REDIS_URL="redis://q:6379/1"
    )
    assert json.loads(on_redis.stdout) == [
        "django_tasks_rq.RQBackend",
        True,
        {
            "default": {
                "URL": "redis://q:6379/1",
                "DEFAULT_TIMEOUT": 300,
                "QUEUE_CLASS": "kosilab.core.tasks.RetryingQueue",
            }
        },
    ]


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"KOSILAB_TASKS": "celery"}, "KOSILAB_TASKS must be one of database, redis, immediate, not 'celery'"),
        ({"KOSILAB_TASKS": "redis"}, "KOSILAB_TASKS=redis needs REDIS_URL or KOSILAB_TASKS_REDIS_URL"),
    ],
)
def test_a_wrong_task_setting_stops_start_up_with_a_clear_message(tmp_path, variables, message):
    result = settings_in_a_fresh_process(tmp_path, **variables)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


@pytest.mark.django_db(transaction=True)
def test_a_task_whose_worker_died_runs_again_and_its_mail_is_sent_once(database_tasks):
    """A worker killed mid-job leaves the task 'running'; housekeeping puts it back, a worker sends it."""
    from io import StringIO

    from django.core.management import call_command

    queue_confirmation("de")
    result = DBTaskResult.objects.get()
    result.claim("dead-worker")  # what the worker did before it was killed
    DBTaskResult.objects.filter(pk=result.pk).update(started_at=timezone.now() - timedelta(minutes=20))
    run_db_worker()
    assert mail.outbox == []  # a running task is not taken by another worker

    out = StringIO()
    call_command("tasks_housekeeping", stdout=out)
    assert out.getvalue().startswith("1 stale tasks queued again")
    run_db_worker()
    assert [m.subject for m in mail.outbox] == [SUBJECTS["de"]]


@pytest.mark.django_db(transaction=True)
def test_a_task_killed_after_the_send_does_not_send_again(database_tasks):
    from django.core.management import call_command

    queue_confirmation("de")
    result = DBTaskResult.objects.get()
    OutboxMail.objects.update(state=OutboxMail.State.SENT, sent_at=timezone.now())  # sent, then the worker died
    result.claim("dead-worker")
    DBTaskResult.objects.filter(pk=result.pk).update(started_at=timezone.now() - timedelta(minutes=20))
    call_command("tasks_housekeeping", stdout=StringIO())
    run_db_worker()
    assert mail.outbox == []
    assert DBTaskResult.objects.get().return_value == "already sent"


def outbox_row(state: str, *, age: timedelta, body: str = "Link: https://lab.example.org/confirm/abc") -> OutboxMail:
    moment = timezone.now() - age
    row = OutboxMail.objects.create(
        key=uuid.uuid4().hex, to="nora@example.org", subject="Hallo", body=body, state=state
    )
    sent_at = moment if state == OutboxMail.State.SENT else None
    OutboxMail.objects.filter(pk=row.pk).update(created_at=moment, next_attempt_at=moment, sent_at=sent_at)
    return row


@pytest.mark.django_db
def test_the_outbox_sweep_clears_old_texts_and_deletes_old_mails_but_keeps_unsent_ones():
    from django.core.management import call_command

    recent = outbox_row(OutboxMail.State.SENT, age=timedelta(days=2))
    week_old = outbox_row(OutboxMail.State.SENT, age=timedelta(days=8))
    month_old = outbox_row(OutboxMail.State.SENT, age=timedelta(days=31))
    failed = outbox_row(OutboxMail.State.FAILED, age=timedelta(days=31))
    out = StringIO()
    call_command("mail_outbox", stdout=out)
    assert out.getvalue().strip() == "0 mails queued again, 1 texts cleared, 2 old mails deleted."
    assert set(OutboxMail.objects.values_list("pk", flat=True)) == {recent.pk, week_old.pk}
    assert OutboxMail.objects.get(pk=recent.pk).body.startswith("Link:")
    assert OutboxMail.objects.get(pk=week_old.pk).body == ""
    assert not OutboxMail.objects.filter(pk__in=[month_old.pk, failed.pk]).exists()


@pytest.mark.django_db(transaction=True)
def test_the_sweep_sends_a_waiting_mail_once_and_leaves_a_fresh_one_to_its_task(database_tasks):
    from django.core.management import call_command

    waiting = outbox_row(OutboxMail.State.PENDING, age=timedelta(minutes=5), body="Text")
    outbox_row(OutboxMail.State.PENDING, age=timedelta(seconds=10), body="Text")  # its task is on its way
    out = StringIO()
    call_command("mail_outbox", stdout=out)
    call_command("mail_outbox", stdout=StringIO())  # queued twice
    assert out.getvalue().startswith("1 mails queued again")
    assert (
        list(DBTaskResult.objects.values_list("args_kwargs", flat=True))
        == [{"args": [], "kwargs": {"outbox_id": waiting.pk}}] * 2
    )
    run_db_worker()
    assert len(mail.outbox) == 1
    assert sorted(DBTaskResult.objects.values_list("return_value", flat=True)) == ["already sent", "sent"]


@pytest.mark.django_db(transaction=True)
def test_a_job_queued_before_the_outbox_is_sent_once(database_tasks):
    """Jobs that carry the mail (queued before an update) still go out, and not twice."""
    from kosilab.core.mail import send_mail_task

    job = {"to": "nora@example.org", "subject": "Hallo", "body": "Text", "key": uuid.uuid4().hex, "attempt": 1}
    send_mail_task.enqueue(**job)
    send_mail_task.enqueue(**job)
    run_db_worker()
    assert [(m.to, m.subject) for m in mail.outbox] == [(["nora@example.org"], "Hallo")]
    assert mail.outbox[0].extra_headers["Message-ID"] == f"<kosilab.{job['key']}@kosilab.localhost>"
    assert sorted(DBTaskResult.objects.values_list("return_value", flat=True)) == ["already sent", "sent"]


@pytest.mark.django_db
def test_outbox_forget_removes_a_persons_mails_in_any_case():
    from kosilab.core.mail import outbox_forget

    outbox_row(OutboxMail.State.SENT, age=timedelta(days=1))
    outbox_row(OutboxMail.State.PENDING, age=timedelta(days=1))
    other = OutboxMail.objects.create(key="other", to="otto@example.org", subject="Hallo")
    assert outbox_forget(to=" Nora@Example.org ") == 2
    assert list(OutboxMail.objects.values_list("pk", flat=True)) == [other.pk]


@pytest.mark.django_db
def test_erasing_a_person_takes_their_name_out_of_the_html_of_others_mails_as_the_templates_wrote_it():
    from django.utils.html import escape

    from kosilab.core.personal_data import DELETED_MARK, _erase_outbox
    from kosilab.core.tests.factories import UserFactory

    person = UserFactory(name="Seán O'Brien", email="sean@example.org")
    other = OutboxMail.objects.create(
        key="other",
        to="otto@example.org",
        subject="Neu im Team",
        body="Seán O'Brien ist jetzt im Team.",
        html=f"<p>{escape(person.name)} ist jetzt im Team.</p>",
    )
    assert escape(person.name) != person.name  # the HTML spells the name otherwise
    _erase_outbox(person)
    other.refresh_from_db()
    assert "O'Brien" not in other.body and "O&#x27;Brien" not in other.html
    assert DELETED_MARK in other.body and DELETED_MARK in other.html


@pytest.mark.django_db(transaction=True)
def test_twelve_tasks_for_one_mail_at_the_same_moment_send_it_once():
    """The claim is one conditional update: of tasks racing for a row, one sends (SQLite and PostgreSQL)."""
    from kosilab.core.tests.concurrency import run_at_once

    row = OutboxMail.objects.create(key=uuid.uuid4().hex, to="nora@example.org", subject="Hallo", body="Text")
    results, errors = run_at_once(lambda _i: send_outbox_mail.call(outbox_id=row.pk), 12)
    assert errors == []
    assert results.count("sent") == 1
    assert set(results) <= {"sent", "being sent", "already sent"}
    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert (row.state, row.attempts) == (OutboxMail.State.SENT, 1)


@pytest.mark.django_db(transaction=True)
def test_a_queue_that_refuses_the_job_leaves_the_mail_pending_and_the_action_done(monkeypatch, caplog):
    """Any error of the queue at commit: the action and its outbox row stay, the sweep sends the mail."""
    from django.core.management import call_command
    from django_tasks.base import Task

    def refuse(self, *args, **kwargs):
        raise ConnectionError("queue unreachable")

    with monkeypatch.context() as patched:
        patched.setattr(Task, "enqueue", refuse)
        queue_confirmation("de")
    assert mail.outbox == []
    row = OutboxMail.objects.get()
    assert row.state == OutboxMail.State.PENDING
    assert "ConnectionError: queue unreachable" in caplog.text

    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        call_command("mail_outbox", stdout=StringIO())
        call_command("mail_outbox", stdout=StringIO())
    assert [m.subject for m in mail.outbox] == [SUBJECTS["de"]]
    assert OutboxMail.objects.get().state == OutboxMail.State.SENT
