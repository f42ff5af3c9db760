"""Factories for events and registrations, for these tests and for other apps' tests.

``EventFactory`` makes a published event a week ahead (lab "None" = network event). ``register``
goes through the services, so seats and the waiting list stay right.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import factory
from django.utils import timezone

from kosilab.events.models import Event, EventKind, EventStatus, Question, QuestionKind, Registration


class EventFactory(factory.django.DjangoModelFactory[Event]):
    class Meta:
        model = Event

    lab = None
    kind = EventKind.WORKSHOP
    title = factory.Sequence(lambda n: f"Workshop {n}")
    description = "We try things out together."
    starts_at = factory.LazyFunction(lambda: (timezone.now() + timedelta(days=7)).replace(microsecond=0))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    address = "Rathausplatz 1, Dortmund"
    capacity = 20
    organiser = "KoSI-Lab"
    status = EventStatus.PUBLISHED


class QuestionFactory(factory.django.DjangoModelFactory[Question]):
    class Meta:
        model = Question

    event = factory.SubFactory(EventFactory)
    kind = QuestionKind.TEXT
    label = factory.Sequence(lambda n: f"Question {n}?")


def register(
    event: Event,
    user: Any = None,
    *,
    name: str = "",
    email: str = "",
    language: str = "en",
    answers: dict[int, str] | None = None,
    confirm: bool = True,
) -> Registration:
    """Register through the services. A guest (no ``user``) is confirmed at once unless ``confirm=False``.

    Returns the registration (confirmed, or waiting when the event is full).
    """
    from kosilab.events import services

    if user is None:
        n = Registration.objects.count() + 1
        registration = services.registration_create(
            event=event,
            user=None,
            name=name or f"Guest {n}",
            email=email or f"guest{n}-{event.pk}@example.org",
            language=language,
            answers=answers or {},
        )
        if confirm:
            registration = services.registration_confirm_email(registration=registration)
        return registration
    return services.registration_create(event=event, user=user, language=language, answers=answers or {})
