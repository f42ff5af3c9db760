"""The attendee list of an event as a table for CSV and XLSX (see kosilab.core.exports).

Registrations whose e-mail address is not confirmed are left out, as on the attendee page.
Three queries, whatever the number of attendees: questions, registrations, answers.
"""

from __future__ import annotations

from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext as _

from kosilab.events.models import Answer, Event, RegistrationStatus


def attendee_table(event: Event) -> tuple[list[str], list[list[Any]]]:
    """Header and rows: name, e-mail, status, registered at, checked in at, code, one column per question."""
    questions = list(event.questions.order_by("position", "id"))
    registrations = list(event.registrations.exclude(status=RegistrationStatus.UNCONFIRMED).order_by("name", "id"))
    answers: dict[tuple[int, int], str] = {
        (registration_id, question_id): value
        for registration_id, question_id, value in Answer.objects.filter(registration__event=event).values_list(
            "registration_id", "question_id", "value"
        )
    }
    header = [
        _("Name"),
        _("E-mail"),
        _("Status"),
        _("Registered at"),
        _("Checked in at"),
        _("Check-in code"),
        *[question.label for question in questions],
    ]
    rows = [
        [
            registration.name,
            registration.email,
            str(registration.get_status_display()),
            registration.created_at,
            registration.attended_at,
            registration.code,
            *[answers.get((registration.pk, question.pk), "") for question in questions],
        ]
        for registration in registrations
    ]
    return header, rows


def export_filename(event: Event, extension: str) -> str:
    return f"{slugify(_('attendees')) or 'attendees'}-{event.pk}-{slugify(event.title)[:60]}.{extension}"
