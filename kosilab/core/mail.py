"""Mails in the recipient's language, sent by a background task after the transaction commits.

The mail is rendered in the recipient's language when it is queued; a worker sends it
(``KOSILAB_TASKS``, see config/settings.py). Nothing here lets the user's action fail: a queue that
cannot be reached is logged, and a mail server that is down is retried later with growing delays
(``RETRY_DELAYS``) where the task backend can run tasks later.

Delivery is at least once. Every mail has a key, fixed when it is queued and kept across retries;
it is the mail's Message-ID, and after a successful send it is recorded in the database
(``core.SentMail``), so a task that runs again (a job delivered twice, a job re-run after its
worker died, a retry after a send that did go through) does not send it again. Only a worker that
dies between the mail server accepting the mail and that record can send a mail twice; the shared
Message-ID then lets mail programs recognise the copy.
"""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta
from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.utils import DNS_NAME
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task
from django_tasks.base import Task

from kosilab.core.tasks import enqueue_at

logger = logging.getLogger(__name__)

# Wait this long before the 2nd, 3rd, ... attempt; after the last one the mail is given up.
RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
)


@task()
def send_mail_task(*, to: str, subject: str, body: str, key: str = "", attempt: int = 1) -> str:
    """Send one mail; if that fails, queue the next attempt. Returns what happened (the task's result)."""
    if key and _marked_sent(key):
        logger.info("Mail %s was sent before; not sending it again.", key)
        return "already sent"
    try:
        _message(to=to, subject=subject, body=body, key=key).send()
    except Exception as exc:
        return _retry_later(exc, to=to, subject=subject, body=body, key=key, attempt=attempt)
    if key:
        _mark_sent(key)
    return "sent"


def send_templated_mail(*, to: str, language: str, template: str, context: dict[str, Any]) -> None:
    """Render ``<template>_subject.txt`` and ``<template>_body.txt`` and queue the mail on commit."""
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_body.txt", context)
    mail = {"to": to, "subject": subject, "body": body, "key": uuid.uuid4().hex, "attempt": 1}

    def enqueue() -> None:
        try:
            mail_task().enqueue(**mail)
        except Exception:
            # The queue is down: the action that sends the mail has happened and must not fail.
            logger.exception("Could not queue mail %s (%s); it will not be sent.", mail["key"], template)

    # robust: even an error the handler above does not catch must not fail the action.
    transaction.on_commit(enqueue, robust=True)


def site_url() -> str:
    """The address of this installation, for links in mails (also from background tasks)."""
    configured = getattr(settings, "KOSILAB_SITE_URL", "")
    if configured:
        return str(configured).rstrip("/")
    hosts = [h for h in settings.ALLOWED_HOSTS if h and "*" not in h and not h.startswith(".")]
    host = hosts[0] if hosts else "localhost"
    return f"http://{host}:8000" if settings.DEBUG or host in {"localhost", "127.0.0.1"} else f"https://{host}"


def mail_task() -> Task[..., str]:
    """``send_mail_task`` on the mail queue."""
    return send_mail_task.using(queue_name=settings.KOSILAB_MAIL_QUEUE)


def _message(*, to: str, subject: str, body: str, key: str) -> EmailMessage:
    headers = {}
    if key:
        domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or str(DNS_NAME)
        headers["Message-ID"] = f"<kosilab.{key}@{domain}>"
    return EmailMessage(subject=subject, body=body, to=[to], headers=headers)


def _retry_later(exc: Exception, *, attempt: int, **mail: Any) -> str:
    key = mail["key"]
    if attempt > len(RETRY_DELAYS):
        logger.error("Mail %s could not be sent in %d attempts; giving up.", key, attempt, exc_info=exc)
        raise exc
    when = timezone.now() + RETRY_DELAYS[attempt - 1]
    try:
        deferred = enqueue_at(mail_task(), when, **mail, attempt=attempt + 1)
    except Exception:
        logger.exception("Mail %s could not be sent (attempt %d), and its retry could not be queued.", key, attempt)
        raise exc from None
    if not deferred:
        logger.warning(
            "Mail %s could not be sent (%s: %s); the task backend cannot retry it later.",
            key,
            type(exc).__name__,
            exc,
        )
        return "failed, no retry"
    logger.warning(
        "Mail %s could not be sent (attempt %d, %s: %s); retrying at %s.",
        key,
        attempt,
        type(exc).__name__,
        exc,
        when.isoformat(),
    )
    return "retry queued"


def _marked_sent(key: str) -> bool:
    from kosilab.core.models import SentMail

    return SentMail.objects.filter(key=key).exists()


def _mark_sent(key: str) -> None:
    from kosilab.core.models import SentMail

    try:
        SentMail.objects.get_or_create(key=key)
    except Exception:
        # The mail is out; failing now would only make the queue send it again.
        logger.warning("Mail %s was sent but could not be recorded as sent.", key, exc_info=True)
