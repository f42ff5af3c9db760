"""Processes in every state of visibility, with a team, for the agreement tests of the policies of
processes and of what belongs to a process (results, indicators, sessions, ideas, handovers)."""

from __future__ import annotations

from typing import Any

from kosilab.core.sectors import Sector
from kosilab.core.tests.factories import ProcessFactory
from kosilab.processes.models import MemberRole, Process, ProcessMember, ProcessStatus, ProcessVisibility

PUBLIC, INTERNAL = ProcessVisibility.PUBLIC, ProcessVisibility.INTERNAL


def processes_in_every_state(world: dict[str, Any]) -> dict[str, Process]:
    """Made once per world: per lab (public "home", not public "hidden", public "other") a public and
    an internal process. ``member`` is on home's public and internal process and on hidden's public
    one; ``lead`` leads home's public process and other's internal one; some are completed or stopped."""
    if "processes" in world:
        return world["processes"]
    labs = {"home": world["lab"], "hidden": world["private_lab"], "other": world["other_lab"]}
    processes = {}
    for lab_name, lab in labs.items():
        for visibility in (PUBLIC, INTERNAL):
            name = f"{lab_name}-{visibility}"
            processes[name] = ProcessFactory(lab=lab, title=name, visibility=visibility)
    Process.objects.filter(pk=processes["home-internal"].pk).update(status=ProcessStatus.COMPLETED)
    Process.objects.filter(pk=processes["other-public"].pk).update(status=ProcessStatus.STOPPED)
    people = world["people"]
    team = [
        ("home-public", "lead", MemberRole.LEAD),
        ("home-public", "member", MemberRole.CO_CREATOR),
        ("home-internal", "member", MemberRole.OBSERVER),
        ("hidden-public", "member", MemberRole.EXPERT),
        ("other-internal", "lead", MemberRole.LEAD),
    ]
    for process_name, role, member_role in team:
        ProcessMember.objects.create(
            process=processes[process_name], user=people[role], role=member_role, sector=Sector.SCIENCE
        )
    world["processes"] = processes
    return processes
