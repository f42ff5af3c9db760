"""Who may see a result (kosilab/core/visibility.py)."""

from __future__ import annotations

from django.db.models import Q

from kosilab.core.types import AccountOrAnonymous
from kosilab.core.visibility import VisibilityPolicy, register, under
from kosilab.labs.roles import lab_roles, staff_lab_ids
from kosilab.processes.models import ProcessMember
from kosilab.processes.policies import process_policy
from kosilab.processes.roles import process_roles
from kosilab.results.models import Result, ResultVisibility


class ResultPolicy(VisibilityPolicy[Result]):
    """A public result is seen by whoever sees its process: by everybody, for a public process of a
    public lab. Every result, drafts included, is seen by the process team and the lab's team (those
    who may change the process are among them: the lab's team, the process lead and facilitators)."""

    model = Result
    perm = "results.view_result"
    related = ("process", "process__lab")

    def public(self, obj: Result) -> bool:
        return obj.visibility == ResultVisibility.PUBLIC and process_policy.public(obj.process)

    def public_q(self) -> Q:
        return Q(visibility=ResultVisibility.PUBLIC) & under("process", process_policy.public_q())

    def granted(self, user: AccountOrAnonymous, obj: Result) -> bool:
        return obj.process_id in process_roles(user) or obj.process.lab_id in lab_roles(user)

    def granted_q(self, user: AccountOrAnonymous) -> Q:
        # The process team as a subquery, not from the role cache: a page that lists results (the
        # process's results) has no other need for the process roles of a lab's team.
        team = ProcessMember.objects.filter(user_id=user.pk).values("process_id") if user.is_authenticated else []
        return Q(process_id__in=team) | Q(process__lab_id__in=staff_lab_ids(user))


result_policy = register(ResultPolicy())
