"""Who sees a session plan: the object rule, the queryset and the permission agree
(kosilab/core/tests/visibility.py)."""

from __future__ import annotations

import datetime as dt

from kosilab.core.tests.visibility import agreement
from kosilab.planning.models import Session
from kosilab.planning.policies import session_policy
from kosilab.processes.tests.visibility import processes_in_every_state
from kosilab.rooms.tests.factories import next_monday


@agreement(session_policy)
def test_sessions(world):
    sessions = [
        Session.objects.create(
            lab_id=process.lab_id, process=process, title=name, date=next_monday(), starts_at=dt.time(10)
        )
        for name, process in processes_in_every_state(world).items()
    ]
    sessions += [
        Session.objects.create(lab=world[lab], title="Kick-off", is_template=True, template_name=f"Kick-off {lab}")
        for lab in ("lab", "private_lab", "other_lab")
    ]
    return sessions
