"""Every planner page answers with a fixed number of SQL queries, whatever the number of sessions,
blocks or templates (1 and 50), for the lab manager and, where they may see it, a team member."""

from __future__ import annotations

import pytest

from kosilab.core.tests.queries import grow_and_measure
from kosilab.planning import services
from kosilab.planning.tests.factories import MethodFactory, SessionFactory

pytestmark = pytest.mark.django_db

# (lab manager, team member); None: not a page for team members.
PINS = {
    "session_list": (5, 6),
    "editor": (8, 6),
    "print": (5, 6),
    "templates": (5, None),
}


def _blocks(session, member):
    def grow(n):
        for i in range(n):
            method = MethodFactory(materials_en=f"Markers\nCards {i}")
            services.block_add(session=session, by=None, method=method, responsible=member, notes="Notes")

    return grow


def _sessions(process):
    def grow(n):
        for _ in range(n):
            session = SessionFactory(process=process)
            services.block_add(session=session, by=None, title="Welcome", minutes=15)

    return grow


def _templates(session):
    def grow(n):
        for i in range(n):
            services.session_save_as_template(session=session, by=None, name=f"Template {i}")

    return grow


@pytest.mark.parametrize("as_member", [False, True], ids=["manager", "member"])
def test_session_list(client, process, manager, member, as_member):
    client.force_login(member if as_member else manager)
    one, fifty = grow_and_measure(client, f"/planning/process/{process.pk}/", _sessions(process))
    assert (one, fifty) == (PINS["session_list"][as_member],) * 2


@pytest.mark.parametrize("as_member", [False, True], ids=["manager", "member"])
def test_session_editor(client, session, manager, member, as_member):
    client.force_login(member if as_member else manager)
    one, fifty = grow_and_measure(client, f"/planning/{session.pk}/", _blocks(session, member))
    assert (one, fifty) == (PINS["editor"][as_member],) * 2


@pytest.mark.parametrize("as_member", [False, True], ids=["manager", "member"])
def test_print_view(client, session, manager, member, as_member):
    client.force_login(member if as_member else manager)
    one, fifty = grow_and_measure(client, f"/planning/{session.pk}/print/", _blocks(session, member))
    assert (one, fifty) == (PINS["print"][as_member],) * 2


def test_templates_list(client, session, manager, lab):
    client.force_login(manager)
    one, fifty = grow_and_measure(client, f"/planning/templates/{lab.slug}/", _templates(session))
    assert (one, fifty) == (PINS["templates"][0],) * 2
