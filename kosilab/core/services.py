"""Writes that belong to no domain app: messages to the operator."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from kosilab.core.audit import log_action
from kosilab.core.mail import send_templated_mail


def accessibility_feedback_send(*, message: str, email: str, page: str, by: Any) -> None:
    """Forward feedback on accessibility to the operator (BITV 2.0 § 7 feedback mechanism)."""
    send_templated_mail(
        to=settings.KOSILAB_CONTACT_EMAIL,
        language=settings.LANGUAGE_CODE,
        template="core/mail/accessibility_feedback",
        context={"message": message.strip(), "email": email, "page": page.strip(), "user": by},
    )
    log_action("core.accessibility_feedback.sent", actor=by, data={"page": page.strip()[:200]})
