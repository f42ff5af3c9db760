"""The legacy archive: what goes in (and what stays out), the round trip from lab A to lab B, and every
kind of bad archive refused as a whole."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from decimal import Decimal

import pytest
import time_machine

from kosilab.continuation.services import handover_create
from kosilab.core.models import AuditEntry
from kosilab.core.tests.concurrency import run_at_once
from kosilab.core.tests.english import english_everywhere  # noqa: F401
from kosilab.core.tests.factories import LabFactory, OrganisationFactory, ProcessFactory, UserFactory
from kosilab.labs.models import LabRole
from kosilab.labs.services import lab_team_set
from kosilab.methods.models import Method
from kosilab.methods.services import method_create
from kosilab.playbook.services import block_update, checklist_set
from kosilab.processes.services import log_add
from kosilab.results.models import ResultVisibility
from kosilab.results.tests.factories import make_result
from kosilab.sustainability import archive as legacy
from kosilab.sustainability.models import InheritedArchive
from kosilab.sustainability.services import LegacyImportRefused, legacy_export, legacy_import
from kosilab.sustainability.tests.factories import make_funding, make_mandate, make_sponsor

NOW = dt.datetime(2027, 6, 10, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


METHOD = {
    "title_de": "Zukunftswerkstatt",
    "title_en": "Future workshop",
    "summary_de": "Kritik, Fantasie, Umsetzung.",
    "summary_en": "Critique, fantasy, implementation.",
    "steps_de": "Kritikphase\nFantasiephase\nUmsetzungsphase",
    "phases": ["prompts", "proposals"],
    "group_min": 8,
    "group_max": 25,
    "duration_min": 120,
    "duration_max": 480,
    "offline": True,
    "online": False,
    "difficulty": 2,
}


def build_lab_a():
    """Lab A with its own method, a public and an internal process, results, a handover, playbook work,
    mandates and funding; and personal data that must not travel."""
    lab = LabFactory(
        slug="lab-a", name="Lab A", city="Wuppertal", contact_name="Clara Contact", contact_email="clara@example.org"
    )
    manager = UserFactory(name="Mara Manager", email="mara@example.org")
    lab_team_set(lab=lab, user=manager, role=LabRole.MANAGER, by=None)
    method_create(lab=lab, by=manager, **METHOD)
    public = ProcessFactory(lab=lab, title="Fahrradgaragen im Quartier")
    internal = ProcessFactory(lab=lab, title="Interne Vorbereitung", visibility="internal")
    log_add(process=public, by=manager, text="Gelernt: früh mit dem Ordnungsamt sprechen.")
    result = make_result(public, title="Geschäftsmodell Fahrradgaragen")
    make_result(public, title="Entwurf", visibility=ResultVisibility.DRAFT)
    make_result(internal, title="Intern")
    handover_create(
        result=result,
        by=manager,
        taker_kind="organisation",
        taker_organisation=OrganisationFactory(name="Mobilstation"),
        form="regular_service",
        commitments="Betrieb von drei Garagen",
    )
    block_update(
        lab=lab,
        block_key="goal_definition.goals",
        by=manager,
        status="done",
        notes="Mara ruft Herrn X an.",
        responsible=manager,
    )
    checklist_set(lab=lab, item_key="council_decision", done=True, by=manager)
    make_mandate(
        lab,
        starts_on=dt.date(2024, 1, 1),
        ends_on=dt.date(2027, 12, 31),
        tied_to_term=True,
        term_ends_on=dt.date(2027, 10, 31),
    )
    make_sponsor(lab, label="Oberbürgermeisteramt")
    make_funding(
        lab,
        starts_on=dt.date(2024, 1, 1),
        ends_on=dt.date(2027, 9, 30),
        funder="ESF Plus",
        amount_per_year=Decimal("120000"),
    )
    return lab, manager


def unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def zipped(files: dict[str, bytes | str], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, body in files.items():
            archive.writestr(name, body)
    return buffer.getvalue()


@pytest.mark.django_db
def test_the_archive_holds_the_published_legacy_and_no_personal_data():
    lab, manager = build_lab_a()
    data = legacy_export(lab=lab, by=manager)
    files = unzip(data)
    assert set(files) == {"manifest.json", "README.md", "index.html", *(f"{kind}.json" for kind in legacy.KINDS)}
    manifest = json.loads(files["manifest.json"])
    assert manifest["format"] == "kosilab-legacy" and manifest["format_version"] == 1
    assert manifest["lab"]["name"] == "Lab A" and manifest["exported_at"].startswith("2027-06-10")
    assert manifest["counts"] == {
        "methods": 1,
        "processes": 1,
        "results": 1,
        "handovers": 1,
        "playbook_blocks_done": 1,
        "mandates": 1,
        "sponsors": 1,
        "funding": 1,
    }
    processes = json.loads(files["processes.json"])
    assert [p["title"] for p in processes] == ["Fahrradgaragen im Quartier"]
    assert processes[0]["log"][0]["text"] == "Gelernt: früh mit dem Ordnungsamt sprechen."
    assert [r["title"] for r in json.loads(files["results.json"])] == ["Geschäftsmodell Fahrradgaragen"]
    assert json.loads(files["handovers.json"])[0]["taker"] == "Mobilstation"
    playbook = json.loads(files["playbook.json"])
    assert playbook["checklist_done"] == ["council_decision"]
    everything = b"".join(files.values()).decode()
    for personal in ("mara@example.org", "Mara Manager", "clara@example.org", "Clara Contact", "Herrn X", "@"):
        assert personal not in everything, personal
    assert "Interne Vorbereitung" not in everything and "Entwurf" not in everything
    assert "Geschäftsmodell Fahrradgaragen" in files["index.html"].decode()
    assert "What is left out" in files["README.md"].decode()
    assert AuditEntry.objects.filter(action="sustainability.legacy_exported", lab=lab).count() == 1


@pytest.mark.django_db
def test_round_trip_from_lab_a_to_lab_b_once():
    lab_a, _ = build_lab_a()
    data = legacy_export(lab=lab_a, by=None)
    lab_b = LabFactory(slug="lab-b", name="Lab B")
    successor = UserFactory()
    lab_team_set(lab=lab_b, user=successor, role=LabRole.MANAGER, by=None)

    archive, created = legacy_import(lab=lab_b, by=successor, data=data)

    assert created
    (copy,) = Method.objects.filter(lab=lab_b)
    original = Method.objects.get(lab=lab_a)
    for name in ("title_de", "title_en", "summary_en", "steps_de", "phases", "group_max", "duration_min", "difficulty"):
        assert getattr(copy, name) == getattr(original, name), name
    assert list(archive.methods.all()) == [copy]
    assert archive.predecessor == "Lab A" and archive.predecessor_city == "Wuppertal"
    assert archive.content["processes"][0]["log"][0]["text"].startswith("Gelernt")
    assert archive.content["handovers"][0]["commitments"] == "Betrieb von drei Garagen"
    assert archive.content["history"]["funding"][0]["funder"] == "ESF Plus"

    # The same archive again, and the same lab exported again unchanged: loaded once.
    assert legacy_import(lab=lab_b, by=successor, data=data) == (archive, False)
    with time_machine.travel(NOW + dt.timedelta(days=3), tick=False):
        again = legacy_export(lab=lab_a, by=None)
    assert again != data
    assert legacy_import(lab=lab_b, by=successor, data=again) == (archive, False)
    assert Method.objects.filter(lab=lab_b).count() == 1
    assert InheritedArchive.objects.count() == 1


@pytest.mark.django_db
def test_a_lab_cannot_load_its_own_archive():
    lab_a, _ = build_lab_a()
    with pytest.raises(LegacyImportRefused) as refused:
        legacy_import(lab=lab_a, by=None, data=legacy_export(lab=lab_a, by=None))
    assert "own archive" in refused.value.problems[0]
    assert Method.objects.filter(lab=lab_a).count() == 1


def _valid_files() -> dict[str, bytes]:
    lab_a, _ = build_lab_a()
    return unzip(legacy_export(lab=lab_a, by=None))


def _with(files: dict[str, bytes], name: str, change) -> bytes:
    value = json.loads(files[name])
    change(value)
    return zipped({**files, name: json.dumps(value)})


def _nested_bomb() -> bytes:
    return zipped({"manifest.json": b" " * (9 * 1024 * 1024)})


BAD = {
    "not a zip": lambda files: b"PK\x03\x04 not really",
    "empty": lambda files: b"",
    "too large": lambda files: b"0" * (legacy.MAX_ARCHIVE_BYTES + 1),
    "zip bomb": lambda files: _nested_bomb(),
    "unknown file": lambda files: zipped({**files, "evil.exe": b"MZ"}),
    "path in a name": lambda files: zipped({**files, "../manifest.json": b"{}"}),
    "no manifest": lambda files: zipped({k: v for k, v in files.items() if k != "manifest.json"}),
    "no methods file": lambda files: zipped({k: v for k, v in files.items() if k != "methods.json"}),
    "not json": lambda files: zipped({**files, "processes.json": b"{nope"}),
    "NaN": lambda files: zipped({**files, "processes.json": b"[NaN]"}),
    "other format": lambda files: _with(files, "manifest.json", lambda m: m.update(format="something-else")),
    "newer version": lambda files: _with(files, "manifest.json", lambda m: m.update(format_version=2)),
    "wrong type": lambda files: _with(files, "methods.json", lambda m: m[0].update(group_min="eight")),
    "too long": lambda files: _with(files, "results.json", lambda r: r[0].update(title="x" * 201)),
    "unknown key": lambda files: _with(files, "processes.json", lambda p: p[0].update(secret="x")),
    "missing key": lambda files: _with(files, "handovers.json", lambda h: h[0].pop("status")),
    "bad date": lambda files: _with(files, "processes.json", lambda p: p[0].update(started_on="2027-02-30")),
    "bad choice": lambda files: _with(files, "handovers.json", lambda h: h[0].update(status="stolen")),
    "dangling reference": lambda files: _with(files, "results.json", lambda r: r[0].update(process_ref=99)),
    "unknown block": lambda files: _with(files, "playbook.json", lambda p: p["blocks"][0].update(key="no.such")),
    "method the service refuses": lambda files: _with(files, "methods.json", lambda m: m[0].update(group_max=1)),
    "NUL in a text": lambda files: _with(files, "methods.json", lambda m: m[0].update(title_en="a\x00b")),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", list(BAD))
def test_a_bad_archive_is_refused_as_a_whole_with_a_message(case):
    files = _valid_files()
    lab_b = LabFactory(slug="lab-b", name="Lab B")
    methods_before = Method.objects.count()
    with pytest.raises(LegacyImportRefused) as refused:
        legacy_import(lab=lab_b, by=None, data=BAD[case](files))
    assert refused.value.problems and all(refused.value.problems)
    assert Method.objects.count() == methods_before
    assert not InheritedArchive.objects.exists()
    assert not AuditEntry.objects.filter(action="sustainability.legacy_imported").exists()


@pytest.mark.django_db
def test_a_file_claiming_a_small_size_is_read_no_further_than_the_limit(monkeypatch):
    monkeypatch.setattr(legacy, "MAX_ENTRY_BYTES", 1000)
    files = _valid_files()
    with pytest.raises(legacy.ArchiveError, match="too much data"):
        legacy.archive_read(zipped({**files, "methods.json": b"[" + b" " * 5000 + b"]"}))


@pytest.mark.django_db
def test_several_problems_are_reported_together():
    files = _valid_files()
    data = zipped(
        {
            **files,
            "processes.json": b"{}",
            "results.json": b"[1]",
        }
    )
    with pytest.raises(legacy.ArchiveError) as refused:
        legacy.archive_read(data)
    assert len(refused.value.problems) == 2
    assert refused.value.problems[0].startswith("processes.json")


@pytest.mark.django_db(transaction=True)
@pytest.mark.concurrency
def test_the_same_archive_loaded_twice_at_once_is_loaded_once():
    lab_a, _ = build_lab_a()
    data = legacy_export(lab=lab_a, by=None)
    lab_b = LabFactory(slug="lab-b", name="Lab B")

    results, errors = run_at_once(lambda i: legacy_import(lab=lab_b, by=None, data=data)[1], 6)

    assert errors == []
    assert sorted(results) == [False] * 5 + [True]
    assert InheritedArchive.objects.filter(lab=lab_b).count() == 1
    assert Method.objects.filter(lab=lab_b).count() == 1
