from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q, QuerySet

from kosilab.accounts.types import User, Viewer
from kosilab.actors.models import Organisation, Profile, Visibility
from kosilab.core.widgets import Match, ranked


class NameVisibility:
    """Whose names a viewer may see in lists, after the visibility each person chose for their profile.

    ``sees_private`` is for the people who work with them: the lab's staff and the process team.
    The users passed to :meth:`shows` should come with ``profile`` selected (no query per row).
    """

    def __init__(self, viewer: Viewer, *, sees_private: bool) -> None:
        self.viewer = viewer
        self.sees_private = sees_private

    def shows(self, user: User | None) -> bool:
        if user is None:
            return True  # nothing to hide: shown as a deleted account
        if self.sees_private or user.pk == self.viewer.pk:
            return True
        try:
            visibility = user.profile.visibility
        except ObjectDoesNotExist:
            return False
        if visibility == Visibility.PUBLIC:
            return True
        return visibility == Visibility.MEMBERS and bool(self.viewer.is_authenticated)


def people_directory(viewer: Viewer, *, sector: str = "", query: str = "") -> QuerySet[Profile]:
    """Profiles a viewer may find: public ones, and members-only ones for logged-in people.

    Private profiles are never listed (their teams see them on the process pages).
    """
    shown = [Visibility.PUBLIC, Visibility.MEMBERS] if viewer.is_authenticated else [Visibility.PUBLIC]
    profiles = Profile.objects.filter(visibility__in=shown, user__is_active=True)
    if sector:
        profiles = profiles.filter(sector=sector)
    if query:
        profiles = profiles.filter(
            Q(user__name__icontains=query)
            | Q(skills__icontains=query)
            | Q(interests__icontains=query)
            | Q(organisation__name__icontains=query)
        )
    return profiles.select_related("user", "organisation").order_by("user__name", "pk")


def people_search(viewer: Viewer, text: str) -> list[Match]:
    """At most ten people whose name (or organisation) contains ``text``, names that start with it
    first: the people the directory shows the viewer (never a private profile, nor an inactive
    account). For the autocomplete of team forms (kosilab/core/widgets.py)."""
    profiles = people_directory(viewer).select_related(None).select_related("user", "organisation")
    found = ranked(profiles, "user__name", text, "organisation__name")
    return [Match(str(p.user_id), p.user.name, p.organisation.name if p.organisation else "") for p in found]


def organisation_search(text: str) -> list[Match]:
    """At most ten organisations whose name contains ``text``, those that start with it first
    (organisations are public: everybody sees the same)."""
    found = ranked(Organisation.objects.all(), "name", text)
    return [Match(str(o.pk), o.name, o.city) for o in found]
