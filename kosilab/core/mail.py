"""Mails in the recipient's language, through an outbox written in the same transaction as the action.

``send_templated_mail`` renders the mail in the recipient's language and writes it to the outbox
(``core.OutboxMail``) inside the caller's transaction: the action and its mail are committed
together, or neither is. When the transaction commits, a task that takes only the row's id is
queued (``KOSILAB_TASKS``, see config/settings.py); no address or text goes into the queue.

Nothing is lost silently. A queue that cannot be reached leaves the row pending (a warning is
logged), and ``manage.py mail_outbox`` (cron, every minute or few) queues every pending row that
has waited for more than a minute. A mail server that is down is retried with growing delays
(``RETRY_DELAYS``): by a deferred task where the backend can defer, otherwise by the sweep. After
the last attempt the row is marked failed and the error logged.

Exactly once, as far as a mail server allows: the row moves pending -> sending -> sent by
conditional updates, so of two tasks for the same row (a job delivered twice, a sweep that re-queued
a row, a job re-run after its worker died) only one sends. The row's key is the mail's Message-ID.
A worker that dies while sending leaves the row "sending"; after ``SEND_LEASE`` another task may
take it again. Only a worker that dies between the mail server accepting the mail and the row being
marked sent causes a second copy, with the same Message-ID, which mail programs can use to drop it.

Every mail has a plain-text part and an HTML alternative (docs/mails.md). The HTML is the shared
layout ``core/mail/base.html`` around either the mail's own ``<template>_body.html`` (mails with
structure: event details, digests, agendas) or, for the simple mails, a rendering of the text body
(paragraphs; a line ending in ":" followed by an address becomes a link with that line as its text),
so text and HTML cannot drift apart. The stylesheet ``core/mail/mail.css`` is inlined (css-inline)
for mail programs that drop ``<style>``. A footer names the lab (also the sender's display name) and
says why the person gets the mail: optional kinds (``MAIL_KINDS``) carry a signed one-click link to
stop exactly that kind (``List-Unsubscribe`` headers, RFC 8058); transactional mails say why in
one line (``TRANSACTIONAL``).
"""

from __future__ import annotations

import functools
import logging
import re
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parseaddr
from typing import TYPE_CHECKING, Any

import css_inline
from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.utils import DNS_NAME
from django.db import transaction
from django.db.models import F, Q
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django_tasks import task
from django_tasks.base import Task

from kosilab.core.extensions import point
from kosilab.core.tasks import enqueue_at, enqueue_with_transaction
from kosilab.core.types import AccountOrAnonymous

if TYPE_CHECKING:
    from kosilab.core.models import OutboxMail

logger = logging.getLogger(__name__)

# Wait this long before the 2nd, 3rd, ... attempt; after the last one the mail is given up.
RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
)
# A row "sending" for longer than this belongs to a worker that died: another task may take it.
# It must outlast the mail server's timeout (EMAIL_TIMEOUT) plus RECORD_PATIENCE, so that a worker
# still alive and waiting for the database to record its mail is never overtaken by a second sender.
SEND_LEASE = timedelta(minutes=10)
# The sweep queues again a pending row that has been due for this long without being sent.
SWEEP_AFTER = timedelta(minutes=1)
# A mail that is out but cannot be recorded as sent (the database is down): keep trying this long.
# Below RQ's job timeout (RQ_QUEUES DEFAULT_TIMEOUT, 300 s), which would kill the waiting job.
RECORD_PATIENCE = timedelta(minutes=4)


# --- Kinds of mail -------------------------------------------------------------------------------


@dataclass(frozen=True)
class MailKind:
    """An optional kind of mail: the person can stop it with the link in each such mail."""

    name: str
    label: Promise  # what stops, in a sentence: "reminders of events you registered for"
    why: Promise  # the footer's line: why the person gets it
    templates: tuple[str, ...]


MAIL_KINDS: dict[str, MailKind] = {
    kind.name: kind
    for kind in (
        MailKind(
            "notifications",
            _("e-mails about news in what you follow"),
            _("You get this e-mail because you follow this challenge or lab process."),
            ("notifications/mail/notification", "notifications/mail/digest"),
        ),
        MailKind(
            "event_reminders",
            _("reminders of events you registered for"),
            _("You get this reminder because you registered for this event."),
            ("events/mail/reminder",),
        ),
        MailKind(
            "followup_reminders",
            _("reminders of follow-ups on continuations"),
            _("You get this reminder because you look after the continuation of this result."),
            ("continuation/mail/followup_reminder",),
        ),
        MailKind(
            "sustainability_warnings",
            _("warnings of the sustainability watch"),
            _("You get this warning as a manager of the lab, once for each end and each warning time."),
            ("sustainability/mail/warning",),
        ),
    )
}
KIND_OF_TEMPLATE = {template: kind.name for kind in MAIL_KINDS.values() for template in kind.templates}

# Mails that cannot be stopped: each says in one line why the person gets it. A template in neither
# table gets GENERIC_WHY (and core/tests/test_mail_templates.py fails until it is classified).
TRANSACTIONAL: dict[str, Promise] = {
    "accounts/mail/confirm": _("You get this e-mail because this address was used to sign up."),
    "accounts/mail/signup_existing": _("You get this e-mail because this address was used to sign up."),
    "accounts/mail/confirm_address": _(
        "You get this e-mail because this address was entered as the new address of an account."
    ),
    "accounts/mail/security_notice": _(
        "You get this e-mail because something changed in the security of your account."
    ),
    "accounts/mail/login_code": _(
        "You get this e-mail because a code was asked for to confirm a change to your account."
    ),
    "accounts/mail/password_reset_sso": _(
        "You get this e-mail because a new password was asked for the account with this address."
    ),
    "accounts/mail/password_reset": _(
        "You get this e-mail because a new password was asked for the account with this address."
    ),
    "core/mail/accessibility_feedback": _(
        "You get this e-mail as the contact for feedback on accessibility of this platform."
    ),
    "knowledge/proposals/mail/decision": _("You get this e-mail because you made this proposal."),
    "planning/mail/invitation": _("You get this invitation because you are in the team of this lab process."),
    "processes/mail/invitation": _("You get this e-mail because someone invited this address to a lab process team."),
    **{
        f"events/mail/{name}": _("You get this e-mail because this address was used to register for this event.")
        for name in (
            "already_registered",
            "cancelled",
            "confirm_email",
            "confirmed",
            "event_cancelled",
            "event_changed",
            "offer",
            "offer_expired",
            "seat_given",
            "waiting",
        )
    },
}
GENERIC_WHY = _("You get this e-mail because of your account or registration on this platform.")

# Apps that keep a kind's preference themselves (notifications: the digest frequency) stop it here:
# a contribution takes (kind, address) and returns True when it has stopped the kind for the
# address. Kinds nobody handles are stopped by a core.MailOptOut row, checked when mailing.
MAIL_STOP = point(
    "core.mail_stop",
    "Stop an optional kind of mail for an address: (kind: str, address: str) -> bool | None.",
)

_UNSUBSCRIBE_SALT = "kosilab.core.mail.unsubscribe"


def unsubscribe_token(*, kind: str, address: str) -> str:
    """Signed (kind, address): the link stops exactly this kind for this address, without login."""
    return signing.dumps({"k": kind, "a": address.strip().lower()}, salt=_UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_read(token: str) -> tuple[str, str]:
    """(kind, address) of a token; raises ``signing.BadSignature`` for a token not made here."""
    data = signing.loads(token, salt=_UNSUBSCRIBE_SALT)
    kind, address = data.get("k"), data.get("a")
    if kind not in MAIL_KINDS or not isinstance(address, str) or not address:
        raise signing.BadSignature("unknown kind")
    return kind, address


def mail_stopped(*, kind: str, address: str) -> bool:
    from kosilab.core.models import MailOptOut

    return MailOptOut.objects.filter(kind=kind, address=address.strip().lower()).exists()


def stopped_kinds(*, address: str) -> list[tuple[MailKind, str]]:
    """The kinds core keeps stopped for ``address``, each with the token that turns it on again
    (for the notification settings page: a person sees there what they stopped by a link)."""
    from kosilab.core.models import MailOptOut

    address = address.strip().lower()
    kinds = MailOptOut.objects.filter(address=address).order_by("kind").values_list("kind", flat=True)
    return [(MAIL_KINDS[k], unsubscribe_token(kind=k, address=address)) for k in kinds if k in MAIL_KINDS]


def mail_stop(*, kind: str, address: str) -> bool:
    """Stop ``kind`` for ``address``: by the app that keeps its preference, else by an opt-out row.
    Idempotent (a mail program may send the one-click POST more than once). Returns whether
    anything changed."""
    from kosilab.core.audit import log_action
    from kosilab.core.models import MailOptOut

    address = address.strip().lower()
    handled = MAIL_STOP(kind, address)
    if handled:
        changed = any(handled)
    else:
        _row, changed = MailOptOut.objects.get_or_create(kind=kind, address=address)
    if changed:
        log_action("core.mail.stopped", actor=None, data={"kind": kind})
    return changed


def mail_resume(*, kind: str, address: str) -> bool:
    """Undo :func:`mail_stop` for a kind core keeps (the page after stopping offers it)."""
    from kosilab.core.audit import log_action
    from kosilab.core.models import MailOptOut

    deleted, _ = MailOptOut.objects.filter(kind=kind, address=address.strip().lower()).delete()
    if deleted:
        log_action("core.mail.resumed", actor=None, data={"kind": kind})
    return bool(deleted)


# --- Rendering -------------------------------------------------------------------------------------


def platform_name() -> str:
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[0] or "KoSI-Lab"


def _lab_name_in(context: dict[str, Any]) -> str:
    """The lab a mail belongs to, found in its context: ``lab``, or the ``lab`` of the event,
    session, process, result or proposal it is about. Empty for mails of the platform."""
    lab = context.get("lab")
    for key in ("event", "session", "process", "result", "proposal"):
        if lab is not None:
            break
        lab = getattr(context.get(key), "lab", None)
    return str(getattr(lab, "name", "") or "")


_URL = re.compile(r"^https?://\S+$")
_LABELLED_URL = re.compile(r"^(?P<label>[^:]{1,60}): (?P<url>https?://\S+)$")


def text_blocks(text: str) -> list[list[dict[str, str]]]:
    """The text body as paragraphs of lines, each line ``{"text"}`` or a link ``{"href", "text"}``.

    A line that is only an address becomes a link whose text is the line before it (without its
    colon), so that the HTML link says where it leads; "Label: address" becomes a link "Label"."""
    paragraphs: list[list[dict[str, str]]] = []
    lead = ""
    for chunk in re.split(r"\n\s*\n", text.strip()):
        lines: list[dict[str, str]] = []
        for raw in chunk.strip().splitlines():
            line = raw.strip()
            if _URL.match(line):
                label = lead.rstrip(":").strip() if lead.endswith(":") else ""
                if label and lines and lines[-1].get("text") == lead:
                    lines.pop()  # the label is the link's text now
                elif label and not lines and paragraphs and paragraphs[-1] and paragraphs[-1][-1].get("text") == lead:
                    paragraphs[-1].pop()
                    if not paragraphs[-1]:
                        paragraphs.pop()
                lines.append({"href": line, "text": label or line})
            elif match := _LABELLED_URL.match(line):
                lines.append({"href": match["url"], "text": match["label"]})
            else:
                lines.append({"text": line})
            lead = line
        if lines:
            paragraphs.append(lines)
    return paragraphs


@dataclass(frozen=True)
class RenderedMail:
    subject: str
    body: str
    html: str
    from_name: str
    headers: dict[str, str]


def render_mail(
    *, to: str, language: str, template: str, context: dict[str, Any], lab_name: str | None = None
) -> RenderedMail:
    """Subject, text and HTML of a mail in ``language``, with footer, sender name and headers."""
    kind = MAIL_KINDS.get(KIND_OF_TEMPLATE.get(template, ""))
    base = site_url()
    lab = _lab_name_in(context) if lab_name is None else lab_name
    mail: dict[str, Any] = {
        "site_url": base,
        "platform": platform_name(),
        "lab_name": lab,
        "kind": kind.name if kind else "",
        "settings_link": base + reverse("notifications:settings") if kind else "",
        "stop_link": base + reverse("core:mail_stop", args=[unsubscribe_token(kind=kind.name, address=to)])
        if kind
        else "",
    }
    full = {**context, "mail": mail}
    with translation.override(language):
        mail["why"] = str(kind.why if kind else TRANSACTIONAL.get(template, GENERIC_WHY))
        mail["kind_label"] = str(kind.label) if kind else ""
        mail["subject"] = subject = " ".join(render_to_string(f"{template}_subject.txt", full).split())
        text = render_to_string(f"{template}_body.txt", full)
        footer = render_to_string("core/mail/footer.txt", full)
        try:
            own: Any = get_template(f"{template}_body.html")
        except TemplateDoesNotExist:
            own = None
        if own is not None:
            html = own.render(full)
        else:
            html = render_to_string("core/mail/derived.html", {**full, "blocks": text_blocks(text)})
    headers = {}
    if kind:
        headers = {"List-Unsubscribe": f"<{mail['stop_link']}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    return RenderedMail(
        subject=subject,
        body=text.rstrip() + "\n\n-- \n" + footer.strip() + "\n",
        html=css_inline.inline(html),
        from_name=f"{lab} · {mail['platform']}" if lab else "",
        headers=headers,
    )


@dataclass(frozen=True)
class PreparedMail:
    """A mail rendered ahead of the transaction that writes it (:func:`prepare_mail`)."""

    to: str
    language: str
    template: str
    mail: RenderedMail | None  # None: the recipient has stopped this kind of mail


def prepare_mail(
    *, to: str, language: str, template: str, context: dict[str, Any], lab_name: str | None = None
) -> PreparedMail:
    """Render a mail now, to write it later with :func:`store_mail`: for a transaction that holds a
    lock many requests wait for, so that the rendering is done before it is taken."""
    kind = KIND_OF_TEMPLATE.get(template)
    if kind and mail_stopped(kind=kind, address=to):
        logger.info("Not mailing %s: the recipient stopped %s.", template, kind)
        return PreparedMail(to, language, template, None)
    mail = render_mail(to=to, language=language, template=template, context=context, lab_name=lab_name)
    return PreparedMail(to, language, template, mail)


def store_mail(prepared: PreparedMail) -> None:
    """Write a prepared mail to the outbox and queue its sending with the current transaction."""
    from kosilab.core.models import OutboxMail

    mail = prepared.mail
    if mail is None:
        return
    row = OutboxMail.objects.create(
        key=uuid.uuid4().hex,
        to=prepared.to,
        subject=mail.subject,
        body=mail.body,
        html=mail.html,
        from_name=mail.from_name,
        headers=mail.headers,
        template=prepared.template,
        language=prepared.language,
    )
    # With the action's transaction (kosilab/core/tasks.py); a refused task never fails the action:
    # the row stays pending and the sweep sends it.
    enqueue_with_transaction(
        mail_task(),
        outbox_id=row.pk,
        what=f"mail {row.pk}; it stays in the outbox and manage.py mail_outbox queues it again.",
    )


def send_templated_mail(
    *, to: str, language: str, template: str, context: dict[str, Any], lab_name: str | None = None
) -> None:
    """Render ``<template>_subject.txt``, ``_body.txt`` and the HTML into the outbox; send after commit.

    Call it inside the transaction of the action that causes the mail: if the action rolls back,
    so does the mail. Raises if the outbox row cannot be written (then the action fails visibly).
    A mail of an optional kind that the address has stopped is not written. ``lab_name`` overrides
    the lab found in the context (:func:`_lab_name_in`); "" for none.
    """
    store_mail(prepare_mail(to=to, language=language, template=template, context=context, lab_name=lab_name))


@task()
def send_outbox_mail(outbox_id: int) -> str:
    """Send the outbox row ``outbox_id`` unless it is sent or being sent; on failure plan the retry.

    Returns what happened (the task's result); raises after the last attempt has failed.
    """
    from kosilab.core.models import OutboxMail

    now = timezone.now()
    # Pending, even before its next attempt is due: a task runs when it was meant to, and one that
    # runs early anyway (a job forced by hand) should rather send than wait for the sweep.
    claimable = Q(state=OutboxMail.State.PENDING) | Q(state=OutboxMail.State.SENDING, claimed_at__lt=now - SEND_LEASE)
    # Read first, then claim: once the claim is made, nothing touches the database before the mail is
    # out, so a database fault cannot leave a claimed row unsent (it would wait for SEND_LEASE).
    row = OutboxMail.objects.filter(pk=outbox_id).first()
    if row is None:
        return "gone"
    claimed = OutboxMail.objects.filter(claimable, pk=outbox_id).update(
        state=OutboxMail.State.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        row.refresh_from_db(fields=["state"])
        logger.info("Mail %s is %s; not sending it now.", row.key, row.state)
        return {"sent": "already sent", "sending": "being sent"}.get(row.state, "given up")
    row.state, row.claimed_at, row.attempts = OutboxMail.State.SENDING, now, row.attempts + 1
    try:
        _message(row).send()
    except Exception as exc:
        return _failed(row, exc)
    updated = _record_sent(
        lambda: OutboxMail.objects.filter(pk=row.pk, state=OutboxMail.State.SENDING, claimed_at=now).update(
            state=OutboxMail.State.SENT, sent_at=timezone.now(), claimed_at=None, last_error=""
        )
    )
    if not updated:
        logger.warning("Mail %s was sent, but another task had taken it over in the meantime.", row.key)
    return "sent"


@task()
def send_mail_task(*, to: str, subject: str, body: str, key: str = "", attempt: int = 1) -> str:
    """Jobs queued before the outbox existed (they carry the mail): put the mail in the outbox, send it.

    Kept for the queues of an installation updated while jobs were waiting; the migration to the
    outbox copied the keys of sent mails, so a mail sent before is not sent again. Remove later.
    """
    from kosilab.core.models import OutboxMail

    row, _ = OutboxMail.objects.get_or_create(
        key=key or uuid.uuid4().hex, defaults={"to": to, "subject": subject, "body": body, "attempts": attempt - 1}
    )
    return send_outbox_mail.call(outbox_id=row.pk)


def mail_task() -> Task[..., str]:
    """``send_outbox_mail`` on the mail queue."""
    return send_outbox_mail.using(queue_name=settings.KOSILAB_MAIL_QUEUE)


def outbox_sweep(*, now: datetime | None = None, limit: int = 1000) -> int:
    """Queue again the mails nobody is sending: pending and due for ``SWEEP_AFTER`` (their queueing
    failed, or their retry could not be deferred), or "sending" past the lease (their worker died).

    A row queued twice is still sent once. Returns how many rows were queued.
    """
    from kosilab.core.models import OutboxMail

    now = now or timezone.now()
    stuck = OutboxMail.objects.filter(
        Q(state=OutboxMail.State.PENDING, next_attempt_at__lt=now - SWEEP_AFTER)
        | Q(state=OutboxMail.State.SENDING, claimed_at__lt=now - SEND_LEASE)
    ).order_by("next_attempt_at", "pk")
    ids = list(stuck.values_list("pk", flat=True)[:limit])
    queued = 0
    for pk in ids:
        if not _enqueue(pk):
            break  # the queue is down: the next sweep tries again
        queued += 1
    return queued


def outbox_thin(
    *, clear_body_after: timedelta, delete_after: timedelta, now: datetime | None = None
) -> tuple[int, int]:
    """Clear the text of mails sent ``clear_body_after`` ago (it holds names and links); delete sent
    and failed rows older than ``delete_after``. Returns (cleared, deleted)."""
    from kosilab.core.models import OutboxMail

    now = now or timezone.now()
    done = [OutboxMail.State.SENT, OutboxMail.State.FAILED]
    deleted, _ = OutboxMail.objects.filter(state__in=done, created_at__lt=now - delete_after).delete()
    cleared = (
        OutboxMail.objects.filter(state=OutboxMail.State.SENT, sent_at__lt=now - clear_body_after)
        .exclude(body="", html="")
        .update(body="", html="")
    )
    return cleared, deleted


def outbox_retry_failed(*, ids: list[int], by: AccountOrAnonymous) -> int:
    """Give mails that were given up (failed) a fresh series of attempts, starting now.

    For the operator, after the cause is fixed (the mail server was down for longer than the retries
    last, a wrong password in ``EMAIL_HOST_PASSWORD``). Only failed rows change; each is queued after
    the commit and audited. Returns how many rows were put back.
    """
    from kosilab.core.audit import log_action
    from kosilab.core.models import OutboxMail

    with transaction.atomic():
        rows = list(
            OutboxMail.objects.select_for_update().filter(pk__in=ids, state=OutboxMail.State.FAILED).order_by("pk")
        )
        for row in rows:
            OutboxMail.objects.filter(pk=row.pk, state=OutboxMail.State.FAILED).update(
                state=OutboxMail.State.PENDING, attempts=0, next_attempt_at=timezone.now(), claimed_at=None
            )
            log_action("core.outbox_mail.retried", actor=by, target=row)
            transaction.on_commit(functools.partial(_enqueue, row.pk), robust=True)
    return len(rows)


def outbox_forget(*, to: str) -> int:
    """Delete every outbox row addressed to ``to`` (any case), also unsent ones: for erasing a person."""
    from kosilab.core.models import MailOptOut, OutboxMail

    deleted, _ = OutboxMail.objects.filter(to__iexact=to.strip()).delete()
    MailOptOut.objects.filter(address=to.strip().lower()).delete()
    return deleted


def site_url() -> str:
    """The address of this installation, for links in mails (also from background tasks)."""
    configured = getattr(settings, "KOSILAB_SITE_URL", "")
    if configured:
        return str(configured).rstrip("/")
    from kosilab.core.site import serving_url

    if serving := serving_url.get():  # sent while serving a request: the address it came in on
        return serving
    hosts = [h for h in settings.ALLOWED_HOSTS if h and "*" not in h and not h.startswith(".")]
    host = hosts[0] if hosts else "localhost"
    return f"http://{host}:8000" if settings.DEBUG or host in {"localhost", "127.0.0.1"} else f"https://{host}"


def _record_sent(update: Callable[[], int]) -> int:
    """The mail is out: record that, waiting through a database outage of up to ``RECORD_PATIENCE``
    (the row stays "sending" meanwhile, so nobody else takes it before ``SEND_LEASE``; recording it
    late beats sending it twice)."""
    from kosilab.core.database_faults import DATABASE_FAULTS, reset_connections

    deadline = time.monotonic() + RECORD_PATIENCE.total_seconds()
    delay = 0.5
    while True:
        try:
            return update()
        except DATABASE_FAULTS:
            if time.monotonic() > deadline:
                raise
            reset_connections()
            time.sleep(delay)
            delay = min(delay * 2, 2.0)  # short, so that it records soon after the database is back


def _enqueue(outbox_id: int) -> bool:
    """Queue the task for one row. False (and a warning) if the queue cannot be reached: the row stays
    pending and the sweep queues it later."""
    try:
        mail_task().enqueue(outbox_id=outbox_id)
    except Exception:
        logger.warning(
            "Could not queue mail %s; it stays in the outbox and manage.py mail_outbox queues it again.",
            outbox_id,
            exc_info=True,
        )
        return False
    return True


def _message(row: OutboxMail) -> EmailMessage:
    """The mail of a row: text and HTML, or text only (rows written before the HTML existed)."""
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    domain = address.rpartition("@")[2] or str(DNS_NAME)
    headers = {**(row.headers or {}), "Message-ID": f"<kosilab.{row.key}@{domain}>"}
    # A quoted display name, not encoded here: Django encodes it (RFC 2047) when it sends.
    quoted = row.from_name.replace("\\", "").replace('"', "")
    sender = f'"{quoted}" <{address}>' if row.from_name and address else None
    if not row.html:
        return EmailMessage(subject=row.subject, body=row.body, from_email=sender, to=[row.to], headers=headers)
    message = EmailMultiAlternatives(
        subject=row.subject, body=row.body, from_email=sender, to=[row.to], headers=headers
    )
    message.attach_alternative(row.html, "text/html")
    return message


def _failed(row: OutboxMail, exc: Exception) -> str:
    """The mail server refused the mail: plan the next attempt, or give up after the last."""
    from kosilab.core.models import OutboxMail

    error = f"{type(exc).__name__}: {exc}"[:300]
    mine = OutboxMail.objects.filter(pk=row.pk, state=OutboxMail.State.SENDING, claimed_at=row.claimed_at)
    if row.attempts > len(RETRY_DELAYS):
        mine.update(state=OutboxMail.State.FAILED, claimed_at=None, last_error=error)
        logger.error("Mail %s could not be sent in %d attempts; giving up.", row.key, row.attempts, exc_info=exc)
        raise exc
    when = timezone.now() + RETRY_DELAYS[row.attempts - 1]
    mine.update(state=OutboxMail.State.PENDING, claimed_at=None, next_attempt_at=when, last_error=error)
    try:
        deferred = enqueue_at(mail_task(), when, outbox_id=row.pk)
    except Exception:
        logger.warning(
            "Mail %s could not be sent (attempt %d, %s), and its retry could not be queued; "
            "manage.py mail_outbox retries it.",
            row.key,
            row.attempts,
            error,
            exc_info=True,
        )
        return "retry left to the sweep"
    if not deferred:
        logger.warning(
            "Mail %s could not be sent (attempt %d, %s); the task backend cannot retry it later, "
            "manage.py mail_outbox does at %s.",
            row.key,
            row.attempts,
            error,
            when.isoformat(),
        )
        return "retry left to the sweep"
    logger.warning(
        "Mail %s could not be sent (attempt %d, %s); retrying at %s.", row.key, row.attempts, error, when.isoformat()
    )
    return "retry queued"
