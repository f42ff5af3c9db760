"""The lab's audit log page: labels for every action code, what a manager sees and filters, its
query count, and the retention period kept by ``manage.py tasks_housekeeping``."""

from __future__ import annotations

import ast
import datetime as dt
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from kosilab.accounts.services import user_delete
from kosilab.core.audit import log_action
from kosilab.core.models import AuditEntry
from kosilab.core.tests.factories import ChallengeFactory, UserFactory
from kosilab.core.tests.queries import grow_and_measure
from kosilab.labs.audit import ACTION_LABELS, ADMIN_VERBS, NOT_SHOWN, action_label

BERLIN = ZoneInfo("Europe/Berlin")
NOW = dt.datetime(2027, 3, 10, 9, 0, tzinfo=BERLIN)
URL = "/labs/home-lab/audit/"


@pytest.fixture
def client(client):
    """A browser that reads English, unless a test asks for German."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


# --- Every action code has a label ----------------------------------------------------------------


def _strings(node: ast.AST | None, function: ast.AST) -> set[str]:
    """The string constants an expression can give: literals, both sides of ``a if c else b``, and
    what a local name was assigned in the same function."""
    if node is None:
        return set()
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _strings(node.body, function) | _strings(node.orelse, function)
    if isinstance(node, ast.Name):
        found: set[str] = set()
        for assign in ast.walk(function):
            if isinstance(assign, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == node.id for t in assign.targets
            ):
                found |= _strings(assign.value, function)
        return found
    return set()


def _name(call: ast.Call) -> str | None:
    func = call.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)


def _action_codes() -> tuple[set[str], set[str], list[str]]:
    """Every action code passed to ``log_action`` in the application's source, the verbs of the
    admin's ``admin.<model>.<verb>`` codes, and the calls whose code cannot be read."""
    codes: set[str] = set()
    admin_verbs: set[str] = set()
    unreadable: list[str] = []
    root = Path(settings.BASE_DIR) / "kosilab"
    for path in sorted(root.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for call in ast.walk(function):
                if not (isinstance(call, ast.Call) and _name(call) == "log_action" and call.args):
                    continue
                code = call.args[0]
                if isinstance(code, ast.Call) and _name(code) == "_action" and len(code.args) == 2:
                    verbs = _strings(code.args[1], function)  # core.admin.AuditedAdmin._action
                    admin_verbs |= verbs
                    found = verbs
                else:
                    found = _strings(code, function)
                    codes |= found
                if not found:
                    unreadable.append(f"{path.relative_to(root.parent)}:{call.lineno}")
    return codes, admin_verbs, unreadable


def test_every_action_code_passed_to_log_action_has_a_label():
    codes, admin_verbs, unreadable = _action_codes()
    assert not unreadable, f"log_action calls whose action code the scan cannot read: {unreadable}"
    assert len(codes) > 100  # the scan finds the codes of every app
    assert sorted(codes - set(ACTION_LABELS)) == []
    assert admin_verbs == {"added", "changed", "deleted", "inlines_changed"}
    assert admin_verbs <= set(ADMIN_VERBS)


def test_no_label_for_a_code_nobody_writes_any_more():
    codes, _verbs, _unreadable = _action_codes()
    assert sorted(set(ACTION_LABELS) - codes) == []
    assert codes >= NOT_SHOWN


def test_labels_are_german_and_english():
    with translation.override("en"):
        assert action_label("events.event.cancelled") == "Event cancelled"
        assert action_label("admin.rooms.room.deleted") == "Deleted in the admin"
        assert action_label("something.unknown") == "something.unknown"
    with translation.override("de"):
        assert action_label("events.event.cancelled") == "Veranstaltung abgesagt"
        assert action_label("admin.rooms.room.deleted") == "Im Admin gelöscht"
        german = {code: action_label(code) for code in ACTION_LABELS}
    with translation.override("en"):
        same = [code for code in ACTION_LABELS if action_label(code) == german[code]]
    assert same == ["events.registration.checked_in"] or same == []


# --- What a manager reads --------------------------------------------------------------------------


@pytest.fixture
def entries(lab, other_lab, manager, facilitator, participant):
    """Entries of the home lab at fixed moments, one of another lab, one that is not shown."""
    challenge = ChallengeFactory(lab=lab, title="Cargo bikes")
    # Setting up the lab and its team was logged when the fixtures ran: a week before.
    AuditEntry.objects.update(created_at=NOW - dt.timedelta(days=7))
    moments = {}
    with time_machine.travel(NOW - dt.timedelta(days=3), tick=False):
        moments["created"] = log_action("challenges.challenge.created", actor=facilitator, target=challenge)
    with time_machine.travel(dt.datetime(2027, 3, 7, 23, 30, tzinfo=BERLIN), tick=False):  # 22:30 UTC
        moments["late"] = log_action("processes.log.added", actor=facilitator, lab=lab)
    with time_machine.travel(NOW - dt.timedelta(days=1), tick=False):
        moments["updated"] = log_action("challenges.challenge.updated", actor=manager, target=challenge)
        moments["joined"] = log_action("challenges.participation.joined", actor=participant, target=challenge)
        moments["supported"] = log_action("cocreation.supported", actor=participant, target=challenge)
        moments["lab"] = log_action("labs.lab.updated", actor=manager, target=lab)
        moments["elsewhere"] = log_action("labs.lab.updated", actor=manager, target=other_lab)
        moments["admin"] = log_action("admin.challenges.challenge.changed", actor=manager, target=challenge)
        moments["system"] = log_action("events.registration.reminded", actor=None, lab=lab)
    return {"challenge": challenge, **moments}


@pytest.mark.django_db
def test_a_manager_reads_who_did_what_when_on_which_object(client, lab, manager, entries):
    client.force_login(manager)
    response = client.get(URL)
    html = response.content.decode()
    assert "Challenge created" in html and "Fiete Facilitator" in html
    assert "Joined a challenge" in html and "Paula Participant" in html
    assert "Changed in the admin" in html
    assert "Challenge: <a" in html and "Cargo bikes</a>" in html
    assert "a deleted account, a guest or the system" in html
    rows = _rows(response)
    assert entries["supported"].pk not in rows  # who supports what is never shown by name
    assert entries["elsewhere"].pk not in rows  # nor what happened in another lab
    shown = AuditEntry.objects.filter(lab=lab).exclude(pk=entries["supported"].pk)
    assert sorted(rows) == sorted(shown.values_list("pk", flat=True))
    assert f"{len(rows)} entries" in html


@pytest.mark.django_db
def test_a_deleted_account_is_shown_as_such_and_the_page_speaks_german(client, lab, manager, participant, entries):
    user_delete(user=participant)
    client.force_login(manager)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    html = client.get(URL).content.decode()
    assert "Paula Participant" not in html
    assert "ein gelöschtes Konto, ein Gast oder das System" in html
    assert "Bei einer Fragestellung mitgemacht" in html
    assert "Änderungsprotokoll" in html


def _rows(response):
    return [entry.pk for entry in response.context["page_obj"]]


@pytest.mark.django_db
def test_filters_by_object_person_action_and_time(client, lab, manager, participant, entries):
    client.force_login(manager)
    challenge = entries["challenge"]
    by_object = client.get(URL, {"object_type": "challenges.challenge", "object_id": str(challenge.pk)})
    assert _rows(by_object) == [entries[k].pk for k in ("admin", "joined", "updated", "created")]
    assert "Only the history of “Cargo bikes”." in by_object.content.decode()

    by_kind = client.get(URL, {"object_type": "labs.lab"})
    created = AuditEntry.objects.get(lab=lab, action="labs.lab.created")  # when the factory set the lab up
    assert _rows(by_kind) == [entries["lab"].pk, created.pk]

    by_actor = client.get(URL, {"actor": participant.pk})
    assert _rows(by_actor) == [entries["joined"].pk]  # the support is not shown, not even here
    assert "Only the entries of Paula Participant." in by_actor.content.decode()

    by_name = client.get(URL, {"person": "mara"})
    assert _rows(by_name) == [entries[k].pk for k in ("admin", "lab", "updated")]

    assert _rows(client.get(URL, {"action": "admin"})) == [entries["admin"].pk]
    assert _rows(client.get(URL, {"action": "challenges.challenge.created"})) == [entries["created"].pk]

    # Days are Berlin days, both ends included; "created" was at 09:00 and "late" at 23:30 on 7 March.
    until = _rows(client.get(URL, {"until": "2027-03-07"}))
    assert until[:2] == [entries["late"].pk, entries["created"].pk]
    assert entries["updated"].pk not in until
    one_day = _rows(client.get(URL, {"since": "2027-03-07", "until": "2027-03-07"}))
    assert one_day == [entries["late"].pk, entries["created"].pk]
    assert _rows(client.get(URL, {"since": "2027-03-08", "until": "2027-03-08"})) == []
    since = _rows(client.get(URL, {"since": "2027-03-09"}))
    assert entries["updated"].pk in since and entries["created"].pk not in since


@pytest.mark.django_db
def test_bad_filters_are_named_and_never_reveal_a_name(client, lab, manager, other_manager, entries):
    client.force_login(manager)
    response = client.get(URL, {"since": "2027-03-10", "until": "2027-03-01", "action": "nope"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "The end must not lie before the start." in html
    assert "Select a valid choice." in html
    # Someone who never acted in this lab: nothing found, and their name is not shown.
    response = client.get(URL, {"actor": other_manager.pk})
    assert _rows(response) == []
    assert "Otto Other" not in response.content.decode()


@pytest.mark.django_db
def test_only_managers_see_the_link_on_the_lab_page(client, lab, manager, facilitator):
    client.force_login(manager)
    assert URL in client.get("/labs/home-lab/").content.decode()
    client.force_login(facilitator)
    assert URL not in client.get("/labs/home-lab/").content.decode()
    assert client.get(URL).status_code == 403


# --- Query count -------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("filtered", [False, True], ids=["all", "filtered"])
def test_the_audit_log_answers_with_a_fixed_number_of_queries(client, lab, manager, filtered):
    """Session, user, lab roles, the lab, the filter choices, the count and the page: 7, with 1 or
    50 people who each acted on another object."""
    client.force_login(manager)
    query = f"?person=anna&action=labs.lab.updated&object_type=labs.lab&object_id={lab.pk}" if filtered else ""

    def grow(n):
        for _ in range(n):
            person = UserFactory(name="Anna Example")
            log_action("challenges.challenge.created", actor=person, target=ChallengeFactory(lab=lab))
            log_action("labs.lab.updated", actor=person, target=lab)

    assert grow_and_measure(client, URL + query, grow) == (7, 7)


# --- Retention -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_housekeeping_deletes_entries_older_than_the_retention_period(lab, manager, settings):
    settings.KOSILAB_AUDIT_RETENTION_DAYS = 730
    written = {}
    for days in (800, 731, 729, 1):
        with time_machine.travel(NOW - dt.timedelta(days=days), tick=False):
            written[days] = log_action("labs.lab.updated", actor=manager, target=lab).pk
    before = AuditEntry.objects.exclude(pk__in=written.values()).count()  # the manager joining the team: now
    out = StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("tasks_housekeeping", stdout=out)
    assert "2 expired audit entries deleted" in out.getvalue()
    assert set(AuditEntry.objects.filter(pk__in=written.values()).values_list("pk", flat=True)) == {
        written[729],
        written[1],
    }
    assert AuditEntry.objects.exclude(pk__in=written.values()).count() == before

    # A year later, with the period shortened to 90 days, only what is younger stays.
    settings.KOSILAB_AUDIT_RETENTION_DAYS = 90
    with time_machine.travel(NOW + dt.timedelta(days=60), tick=False):
        call_command("tasks_housekeeping", stdout=StringIO())
    assert set(AuditEntry.objects.filter(pk__in=written.values()).values_list("pk", flat=True)) == {written[1]}


def _retention_in_a_fresh_process(tmp_path, **variables: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("KOSILAB_", "DJANGO_"))}
    environment.update({"KOSILAB_VAR_DIR": str(tmp_path), **variables})
    return subprocess.run(
        [sys.executable, "-c", "import config.settings as s; print(s.KOSILAB_AUDIT_RETENTION_DAYS)"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_retention_period_is_two_years_unless_configured_and_at_least_a_day(tmp_path):
    assert _retention_in_a_fresh_process(tmp_path).stdout.strip() == "730"
    assert _retention_in_a_fresh_process(tmp_path, KOSILAB_AUDIT_RETENTION_DAYS="365").stdout.strip() == "365"
    refused = _retention_in_a_fresh_process(tmp_path, KOSILAB_AUDIT_RETENTION_DAYS="0")
    assert refused.returncode != 0
    assert "KOSILAB_AUDIT_RETENTION_DAYS must be 1 or more" in refused.stderr
