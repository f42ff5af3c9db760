"""Deferred work for events. Tasks take ids and do nothing twice (see services)."""

from __future__ import annotations

from django_tasks import task

from kosilab.events.models import Event


@task()
def send_reminder(*, registration_id: int) -> bool:
    """The reminder a day before; scheduled when a registration gets its seat. Sends at most once."""
    from kosilab.events.services import reminder_send

    return reminder_send(registration_id=registration_id)


@task()
def expire_offers(*, event_id: int) -> int:
    """Scheduled for the moment an offer runs out: release it and offer the seat to the next."""
    from kosilab.events.services import offers_release_expired

    event = Event.objects.filter(pk=event_id).first()
    return offers_release_expired(event=event) if event is not None else 0


@task()
def send_due_reminders() -> int:
    """Every reminder that is due; for a periodic run (backends that cannot defer)."""
    from kosilab.events.services import offers_expire_due, reminders_send_due

    offers_expire_due()
    return reminders_send_due()
