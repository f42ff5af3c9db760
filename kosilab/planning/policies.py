"""Who may see a session plan (kosilab/core/visibility.py)."""

from __future__ import annotations

from django.db.models import Q

from kosilab.core.types import AccountOrAnonymous
from kosilab.core.visibility import VisibilityPolicy, register
from kosilab.labs.roles import lab_roles, staff_lab_ids
from kosilab.planning.models import Session
from kosilab.processes.roles import process_roles


class SessionPolicy(VisibilityPolicy[Session]):
    """Session plans are internal: a process's sessions are seen by the process team and by the
    process's lab's team (who steer it); a lab's templates by the lab's team."""

    model = Session
    perm = "planning.view_session"
    related = ("process",)

    def granted(self, user: AccountOrAnonymous, obj: Session) -> bool:
        if obj.process_id is not None and (
            obj.process.lab_id in lab_roles(user) or obj.process_id in process_roles(user)  # type: ignore[union-attr]
        ):
            return True
        return bool(obj.is_template) and obj.lab_id in lab_roles(user)

    def granted_q(self, user: AccountOrAnonymous) -> Q:
        staff_of = staff_lab_ids(user)
        of_process = Q(process__isnull=False) & (
            Q(process_id__in=list(process_roles(user))) | Q(process__lab_id__in=staff_of)
        )
        return of_process | Q(is_template=True, lab_id__in=staff_of)


session_policy = register(SessionPolicy())
