"""The research export's content: no name, e-mail address or text of a person in any file (in any
script, in any encoding), pseudonyms stable within an export and keyed, k-suppression, the GraphML
networks, the codebook's completeness, the time window and the lab scope, and the audit entry."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from kosilab.core.models import AuditEntry
from kosilab.core.tests.english import english_everywhere  # noqa: F401
from kosilab.research.codebook_schema import TABLES
from kosilab.research.export import ExportOptions, build_export
from kosilab.research.services import research_export_request, research_export_run, research_exports_expire
from kosilab.research.tests import world as w
from kosilab.research.tests.helpers import files, graph, header, leaks, stored, table

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("k3")]

PSEUDONYM = re.compile(r"^[PO]-[0-9a-f]{10,}$")


@pytest.fixture
def k3():
    with override_settings(KOSILAB_RESEARCH_MIN_GROUP=3):
        yield


@pytest.fixture
def world():
    return w.build()


def build(lab, *, key=None, **options):
    return build_export(ExportOptions(lab=lab, **options), key=key).content


def _export(world, **options):
    return build(world["lab"], **options)


@pytest.mark.parametrize("free_text", [False, True], ids=["without-free-text", "with-free-text"])
@pytest.mark.parametrize("scope", ["lab", "all"])
def test_no_name_address_or_text_of_a_person_reaches_any_file(world, free_text, scope):
    lab = world["lab"] if scope == "lab" else None
    content = build(lab, free_text=free_text)
    assert leaks(content, w.markers()) == []
    # Nor the database ids of people and organisations, as pseudonyms or anywhere in those columns.
    for row in table(content, "participation"):
        assert PSEUDONYM.match(row["person"]), row
        assert row["organisation"] == "" or PSEUDONYM.match(row["organisation"])


def test_free_text_only_when_chosen_and_then_without_names(world):
    without = _export(world)
    assert leaks(without, ["SUMMARYMARKER", "EVENTDESCMARKER", "INDDESCMARKER", "NOTEMARKER"]) == []
    assert "summary" not in header(files(without)["processes.csv"])

    with_text = _export(world, free_text=True)
    [big] = [p for p in table(with_text, "processes") if p["title"] == "Fahrradgaragen"]
    assert big["summary"] == "SUMMARYMARKER led by [name] [name] ([e-mail]) with [organisation]; ask [name] [name]."
    [measurement] = table(with_text, "measurements")
    assert measurement["note"] == "NOTEMARKER counted by [e-mail], checked by [name]"
    # A name in a title the lab wrote is replaced whether or not free text is chosen.
    assert {p["title"] for p in table(without, "processes")} == {"Fahrradgaragen", "Radwege mit [name]"}


def test_pseudonyms_are_stable_within_an_export(world):
    content = _export(world)
    participation = table(content, "participation")
    people = {row["person"] for row in participation}
    assert len(people) == 7  # six people and the guest
    # The same person is the same pseudonym in the team, the challenge and the event.
    per_context = {}
    for row in participation:
        per_context.setdefault(row["context"], set()).add(row["person"])
    assert per_context["challenge"] <= per_context["team"]
    ties = table(content, "ties")
    in_ties = {row[end] for row in ties if row["node_kind"] == "person" for end in ("source", "target")}
    assert in_ties <= people
    assert set(graph(content, "network_people.graphml").nodes) == in_ties
    organisations = {row["organisation"] for row in participation} - {""}
    assert set(graph(content).nodes) >= organisations


def test_pseudonyms_depend_on_the_key_and_on_the_export_unless_stable(world):
    def people(**options):
        content = build(world["lab"], **options)
        return [row["person"] for row in table(content, "participation")]

    stable_a = people(stable_pseudonyms=True, key=b"key A")
    assert people(stable_pseudonyms=True, key=b"key A") == stable_a
    assert set(people(stable_pseudonyms=True, key=b"key B")).isdisjoint(stable_a)
    assert set(people(key=b"key A")).isdisjoint(stable_a)  # a fresh salt for every export
    assert set(people(key=b"key A")).isdisjoint(people(key=b"key A"))


def test_small_groups_are_suppressed(world):
    content = _export(world)
    teams = {(r["process_id"], r["sector"]): r for r in table(content, "teams_by_sector")}
    big, small = str(world["big"].pk), str(world["small"].pk)
    assert teams[(big, "public")] | {} == {"process_id": big, "sector": "public", "members": "3", "suppressed": "0"}
    for sector in ("business", "science", "civil_society"):
        assert (teams[(big, sector)]["members"], teams[(big, sector)]["suppressed"]) == ("", "1")
    processes = {r["process_id"]: r for r in table(content, "processes")}
    assert (processes[big]["team_size"], processes[big]["team_size_suppressed"]) == ("6", "0")
    assert (processes[small]["team_size"], processes[small]["team_size_suppressed"]) == ("", "1")
    [event] = table(content, "events")
    assert (event["confirmed"], event["attended"]) == ("5", "3")  # four people and the guest; three checked in
    # Sectors with fewer than three people: hidden for people, and their organisation with them.
    for row in table(content, "participation"):
        if row["sector_suppressed"] == "1":
            assert (row["sector"], row["organisation"]) == ("", "")
    assert {r["sector"] for r in table(content, "participation")} == {"public", ""}
    people = graph(content, "network_people.graphml")
    assert {data["sector"] for _, data in people.nodes(data=True)} == {"public", ""}


def test_a_larger_k_suppresses_more(world):
    with override_settings(KOSILAB_RESEARCH_MIN_GROUP=10):
        content = _export(world)
    assert {r["team_size"] for r in table(content, "processes")} == {""}
    assert {r["sector"] for r in table(content, "participation")} == {""}


def test_the_networks_parse_back_with_networkx(world):
    content = _export(world)
    organisations = graph(content)
    assert organisations.number_of_nodes() == 2
    [(a, b, edge)] = organisations.edges(data=True)
    assert all(PSEUDONYM.match(node) and node.startswith("O-") for node in (a, b))
    assert edge["kinds"] == "challenge;event;team"
    assert {data["sector"] for _, data in organisations.nodes(data=True)} == {"public", "business"}
    assert {data["lab"] for _, data in organisations.nodes(data=True)} == {"rlab"}
    people = graph(content, "network_people.graphml")
    assert people.number_of_nodes() == 6
    assert all(node.startswith("P-") for node in people.nodes)


def test_the_codebook_lists_every_column_of_every_file(world):
    for free_text in (False, True):
        exported = files(_export(world, free_text=free_text))
        codebook = exported["codebook.md"].decode("utf-8")
        assert set(exported) == {t.filename for t in TABLES} | {
            "network.graphml",
            "network_people.graphml",
            "codebook.md",
        }
        for name, data in exported.items():
            if not name.endswith(".csv"):
                continue
            assert f"### {name}" in codebook
            section = codebook.split(f"### {name}", 1)[1].split("### ", 1)[0]
            for column in header(data):
                assert f"| `{column}` |" in section, (name, column)
        assert ("`summary`" in codebook) is free_text
        assert "| Smallest group shown (k) | 3 |" in codebook


def test_a_lab_export_holds_only_that_lab(world):
    content = _export(world)
    assert [r["lab"] for r in table(content, "labs")] == ["rlab"]
    assert str(world["hidden"].pk) not in {r["process_id"] for r in table(content, "processes")}
    assert leaks(content, ["Hidden matter", "Hidden event", "Other Lab"]) == []
    everything = build(None)
    assert {r["lab"] for r in table(everything, "labs")} == {"rlab", "rother"}
    assert "Hidden matter" in {r["title"] for r in table(everything, "processes")}


def test_the_time_window_limits_every_dated_table(world):
    today = timezone.localdate()
    # Processes started 90 and 30 days ago, the event was 10 days ago, the measurement 20 days ago,
    # the challenge was joined today.
    content = _export(world, start=today - dt.timedelta(days=40), end=today - dt.timedelta(days=15))
    assert [r["title"] for r in table(content, "processes")] == ["Radwege mit [name]"]
    assert {r["process_id"] for r in table(content, "phases")} == {str(world["small"].pk)}
    assert table(content, "events") == []
    assert {(r["context"], r["context_id"]) for r in table(content, "participation")} == {
        ("team", str(world["small"].pk))
    }
    assert len(table(content, "measurements")) == 1
    assert len(table(content, "indicators")) == 1  # not dated: every indicator of the lab


def test_every_export_is_audited_without_names(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        export = research_export_request(by=world["manager"], lab=world["lab"], free_text=True)
    export.refresh_from_db()
    assert export.status == "ready"
    requested, created = AuditEntry.objects.filter(action__startswith="research.").order_by("pk")
    assert (requested.action, created.action) == ("research.export_requested", "research.export_created")
    for entry in (requested, created):
        assert entry.actor == world["manager"]
        assert entry.lab_id == world["lab"].pk
        assert not any(marker.lower() in str(entry.data).lower() for marker in w.markers())
    assert requested.data["scope"] == "rlab"
    assert requested.data["free_text"] is True
    assert created.data["rows"]["participation"] == 17
    assert created.data["sha256"] == export.sha256
    assert export.size == created.data["bytes"]
    assert leaks(stored(export.stored_file), w.markers()) == []


def test_a_build_runs_once(world):
    export = research_export_request(by=world["manager"], lab=world["lab"])  # the queue runs after the commit
    assert research_export_run(export_id=export.pk, key=b"k") is not None
    assert research_export_run(export_id=export.pk, key=b"k") is None
    assert AuditEntry.objects.filter(action="research.export_created").count() == 1


def test_files_of_old_exports_are_deleted(world):
    export = research_export_request(by=world["manager"], lab=world["lab"])
    export = research_export_run(export_id=export.pk)
    assert default_storage.exists(export.stored_file)
    assert research_exports_expire(now=timezone.now() + dt.timedelta(days=6)) == 0
    assert research_exports_expire(now=timezone.now() + dt.timedelta(days=8)) == 1
    assert not default_storage.exists(export.stored_file)
    export.refresh_from_db()
    assert (export.status, export.stored_file) == ("expired", "")


def test_cells_that_look_like_formulas_are_text(world):
    from kosilab.processes.models import Process

    Process.objects.filter(pk=world["small"].pk).update(title='=HYPERLINK("http://evil")')
    titles = {p["title"] for p in table(_export(world), "processes")}
    assert titles == {"Fahrradgaragen", '\'=HYPERLINK("http://evil")'}


def test_the_daily_housekeeping_deletes_the_files_of_old_exports(world):
    export = research_export_run(export_id=research_export_request(by=world["manager"], lab=world["lab"]).pk)
    out = io.StringIO()
    with time_machine.travel(timezone.now() + dt.timedelta(days=8)):
        call_command("research_housekeeping", stdout=out)
    assert out.getvalue().strip() == "1 research export files deleted."
    assert not default_storage.exists(export.stored_file)
