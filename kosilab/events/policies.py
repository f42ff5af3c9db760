"""Who may see an event and a registration (kosilab/core/visibility.py).

Organisers of a lab's event are that lab's team (managers and facilitators); a network event (no
lab) is organised by the team of its organising lab and of the co-organising labs it names.
Platform admins organise every event (kosilab/events/rules.py adds them).
"""

from __future__ import annotations

from django.db.models import Q

from kosilab.core.types import AccountOrAnonymous
from kosilab.core.visibility import VisibilityPolicy, register, under
from kosilab.events.models import Event, EventStatus, Registration
from kosilab.labs.policies import lab_policy
from kosilab.labs.roles import lab_roles, staff_lab_ids

# The statuses everybody sees (the public lists and feeds); a draft is for its organisers.
SHOWN_STATUSES = [EventStatus.PUBLISHED, EventStatus.CANCELLED]


def organises(user: AccountOrAnonymous, event: Event) -> bool:
    """Is ``user`` in the team of the event's lab, or for a network event of its organising or a
    co-organising lab? One query for the co-organisers, only for lab staff and network events."""
    roles = lab_roles(user)
    if event.lab_id is not None:
        return event.lab_id in roles
    if not roles:
        return False
    if event.organising_lab_id in roles:
        return True
    return bool(event.co_organisers.filter(pk__in=list(roles)).exists())


def organised_q(user: AccountOrAnonymous) -> Q:
    """The events ``user`` organises, as :func:`organises` says."""
    staff_of = staff_lab_ids(user)
    co_organised = Event.co_organisers.through.objects.filter(lab_id__in=staff_of).values("event_id")
    return (
        Q(lab_id__in=staff_of)
        | Q(lab__isnull=True, organising_lab_id__in=staff_of)
        | Q(lab__isnull=True, pk__in=co_organised)
    )


class EventPolicy(VisibilityPolicy[Event]):
    """Published and cancelled events of public labs and of the network are seen by everybody;
    drafts, and the events of a lab that is not public, by their organisers."""

    model = Event
    perm = "events.view_event"
    related = ("lab",)
    queries_per_object = True  # the co-organisers of a network event (see organises)

    def public(self, obj: Event) -> bool:
        return obj.status in SHOWN_STATUSES and (obj.lab is None or lab_policy.public(obj.lab))

    def public_q(self) -> Q:
        return Q(status__in=SHOWN_STATUSES) & (Q(lab__isnull=True) | under("lab", lab_policy.public_q()))

    def granted(self, user: AccountOrAnonymous, obj: Event) -> bool:
        return organises(user, obj)

    def granted_q(self, user: AccountOrAnonymous) -> Q:
        return organised_q(user)


event_policy = register(EventPolicy())


class RegistrationPolicy(VisibilityPolicy[Registration]):
    """Names of attendees are never public: a registration is seen by its person and by the
    event's organisers (a guest without an account reaches it by its secret link instead)."""

    model = Registration
    perm = "events.view_registration"
    related = ("event",)
    queries_per_object = True  # the co-organisers of a network event (see organises)

    def granted(self, user: AccountOrAnonymous, obj: Registration) -> bool:
        own = bool(user.is_authenticated) and obj.user_id == user.pk
        return own or organises(user, obj.event)

    def granted_q(self, user: AccountOrAnonymous) -> Q:
        own = Q(user_id=user.pk) if user.is_authenticated else Q(pk__in=[])
        return own | under("event", organised_q(user))


registration_policy = register(RegistrationPolicy())
