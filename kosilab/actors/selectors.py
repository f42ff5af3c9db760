from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist

from kosilab.actors.models import Visibility


class NameVisibility:
    """Whose names a viewer may see in lists, after the visibility each person chose for their profile.

    ``sees_private`` is for the people who work with them: the lab's staff and the process team.
    The users passed to :meth:`shows` should come with ``profile`` selected (no query per row).
    """

    def __init__(self, viewer: Any, *, sees_private: bool) -> None:
        self.viewer = viewer
        self.sees_private = sees_private

    def shows(self, user: Any) -> bool:
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
