"""Writes that belong to no domain app: messages to the operator."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from kosilab.core.audit import log_action
from kosilab.core.mail import send_templated_mail
from kosilab.core.types import AccountOrAnonymous


def accessibility_feedback_send(*, message: str, email: str, page: str, by: AccountOrAnonymous) -> None:
    """Forward feedback on accessibility to the operator (BITV 2.0 § 7 feedback mechanism).

    The mail and the audit entry are written together or not at all (a database fault between them
    leaves neither).
    """
    with transaction.atomic():
        _feedback_write(message=message, email=email, page=page, by=by)


def _feedback_write(*, message: str, email: str, page: str, by: AccountOrAnonymous) -> None:
    send_templated_mail(
        to=settings.KOSILAB_CONTACT_EMAIL,
        language=settings.LANGUAGE_CODE,
        template="core/mail/accessibility_feedback",
        context={"message": message.strip(), "email": email, "page": page.strip(), "user": by},
    )
    log_action("core.accessibility_feedback.sent", actor=by, data={"page": page.strip()[:200]})
