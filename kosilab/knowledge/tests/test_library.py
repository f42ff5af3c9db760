"""The loader of the case-study library: validation, all or nothing, idempotent, source hashes and
revisions; the command and the migration's historical models; the real data files."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from kosilab.core.tests.factories import LabFactory
from kosilab.knowledge.facets import FACTS
from kosilab.knowledge.library import CaseStudyError, data_files, load_case_studies, source_hash
from kosilab.knowledge.models import LabProfile, ProfileRevision, RevisionSource
from kosilab.knowledge.search import PROFILE_SEARCH
from kosilab.knowledge.tests.library_factories import DATA, ProfileFactory, case_entry, fact, write

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_library(db):
    """Start without the case studies that migration 0003 loaded."""
    LabProfile.objects.all().delete()


def test_the_fixture_files_load_and_loading_again_changes_nothing():
    files = [DATA / "labs_a.json", DATA / "labs_b.json"]
    report = load_case_studies(paths=files)
    assert sorted(report.created) == ["mindlab-test", "running-lab", "unknown-founding"]
    mindlab = LabProfile.objects.get(slug="mindlab-test")
    assert mindlab.lab is None
    assert (mindlab.founded, mindlab.ended, mindlab.status, mindlab.end_mode) == (2002, 2018, "ended", "closed")
    assert list(mindlab.methods.values_list("slug", flat=True)) == ["design-thinking"]
    assert mindlab.facts["founded"]["certainty"] == "conflict"
    assert mindlab.source_hash == source_hash(json.loads(files[0].read_text())[0])
    assert "Copenhagen" in mindlab.search_de and "Dänemark" in mindlab.search_de and "Denmark" in mindlab.search_en
    revision = mindlab.revisions.get()
    assert (revision.number, revision.source, revision.author) == (1, RevisionSource.DATA_FILE, None)
    assert "founded" in revision.changed and "name" in revision.changed
    assert revision.data["methods"] == ["design-thinking"]
    stamp = mindlab.updated_at

    again = load_case_studies(paths=files)
    assert (again.created, again.updated) == ([], [])
    assert sorted(again.unchanged) == ["mindlab-test", "running-lab", "unknown-founding"]
    mindlab.refresh_from_db()
    assert mindlab.updated_at == stamp
    assert ProfileRevision.objects.count() == 3


def test_edits_in_the_site_survive_a_reload_of_the_unchanged_file(tmp_path):
    path = write(tmp_path, "a.json", [case_entry("lab-a")])
    load_case_studies(paths=[path])
    LabProfile.objects.filter(slug="lab-a").update(name="Accepted edit")
    load_case_studies(paths=[path])
    assert LabProfile.objects.get(slug="lab-a").name == "Accepted edit"


def test_a_changed_entry_writes_over_and_keeps_the_old_version(tmp_path):
    load_case_studies(paths=[write(tmp_path, "a.json", [case_entry("lab-a")])])
    profile = LabProfile.objects.get(slug="lab-a")
    pk = profile.pk
    report = load_case_studies(
        paths=[write(tmp_path, "a.json", [case_entry("lab-a", founded=2003, methods=["world-cafe", "open-space"])])]
    )
    assert report.updated == ["lab-a"]
    profile = LabProfile.objects.get(slug="lab-a")
    assert (profile.pk, profile.founded, profile.version) == (pk, 2003, 2)
    assert sorted(profile.methods.values_list("slug", flat=True)) == ["open-space", "world-cafe"]
    first, second = profile.revisions.order_by("number")
    assert (first.data["founded"], second.data["founded"]) == (2002, 2003)
    assert second.changed == ["founded", "methods"]
    assert second.source == RevisionSource.DATA_FILE


def test_a_hash_change_without_a_change_of_values_records_no_version(tmp_path):
    entry = case_entry("lab-a")
    load_case_studies(paths=[write(tmp_path, "a.json", [entry])])
    LabProfile.objects.filter(slug="lab-a").update(source_hash="old")
    report = load_case_studies(paths=[write(tmp_path, "a.json", [entry])])
    assert report.updated == ["lab-a"]
    profile = LabProfile.objects.get(slug="lab-a")
    assert (profile.version, profile.revisions.count(), profile.source_hash) == (1, 1, source_hash(entry))


def test_a_slug_taken_by_a_hosted_labs_profile_is_refused(tmp_path):
    ProfileFactory(slug="lab-b", lab=LabFactory())
    with pytest.raises(CaseStudyError) as raised:
        load_case_studies(paths=[write(tmp_path, "a.json", [case_entry("lab-a"), case_entry("lab-b")])])
    assert raised.value.problems == [
        "a.json, entry 2 (lab-b): the slug is taken by the profile of a lab on this platform; rename one of them"
    ]
    assert not LabProfile.objects.filter(slug="lab-a").exists()


def test_methods_missing_from_the_library_are_refused(tmp_path):
    with pytest.raises(CaseStudyError, match=r"a.json, entry 1 \(lab-a\): methods not in the method library: no-such"):
        load_case_studies(paths=[write(tmp_path, "a.json", [case_entry("lab-a", methods=["world-cafe", "no-such"])])])
    assert LabProfile.objects.count() == 0


NO_FACTS = {key: value for key, value in case_entry()["facts"].items() if key != "space"}


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"slug": "Mind Lab"}, "slug must be lowercase"),
        ({"slug": "world"}, "slug 'world' is reserved"),
        ({"colour": "red"}, "unknown keys: colour"),
        ({"name": ""}, "name must be filled in"),
        ({"name": "x" * 151}, "name is 151 characters long, at most 150 are allowed"),
        ({"summary_en": ""}, "summary_de and summary_en must both be filled in"),
        ({"host_de": ""}, "host_de and host_en must both be filled in or both be empty"),
        ({"summary_de": ["a"]}, "summary_de must be a string"),
        ({"country": "XX"}, "country 'XX' is not an ISO 3166-1 alpha-2 code"),
        ({"country": "dk"}, "country 'dk' is not an ISO 3166-1 alpha-2 code"),
        ({"website": "javascript:alert(1)"}, "website must be an http:// or https:// address"),
        ({"founded": 1850}, "founded must be a year between 1900 and 2100"),
        ({"founded": "2002"}, "founded must be a year between 1900 and 2100"),
        ({"founded": True}, "founded must be a year between 1900 and 2100"),
        ({"founded": 2019}, "ended (2018) lies before founded (2019)"),
        ({"end_mode": ""}, "status 'ended' needs an end_mode"),
        ({"status": "active", "end_mode": "", "end_reasons": []}, "status 'active' cannot have an ended year"),
        ({"status": "gone"}, "status must be one of 'active', 'ended', 'unknown', not 'gone'"),
        ({"end_mode": "exploded"}, "end_mode must be one of"),
        ({"stage": "teen"}, "stage must be one of"),
        ({"themes": ["space_travel"]}, "themes: unknown keys space_travel"),
        ({"themes": "mobility"}, "themes must be a list of keys"),
        ({"sectors": ["public", "public"]}, "sectors lists a key twice"),
        ({"team_size": 0}, "team_size must be a whole number between 1 and 100000, or null"),
        ({"space_m2": 1.5}, "space_m2 must be a whole number between 1 and 1000000, or null"),
        ({"term_bound": "yes"}, "term_bound must be true, false or null"),
        ({"methods": "design-thinking"}, "methods must be a list of slugs"),
        ({"facts": NO_FACTS}, "facts: the fact 'space' has a value but no entry with its sources"),
        ({"facts": {**NO_FACTS, "space": fact(), "weather": fact()}}, "facts: unknown facts weather"),
        ({"facts": {**NO_FACTS, "space": fact(sources=[])}}, "facts.space: sources must name at least one address"),
        ({"facts": {**NO_FACTS, "space": fact(sources=["not a url"])}}, "facts.space: sources must be a list of http"),
        ({"facts": {**NO_FACTS, "space": fact(certainty="probably")}}, "facts.space: certainty must be one of"),
        (
            {"facts": {**NO_FACTS, "space": fact(checked="6.12.2026")}},
            "facts.space: checked must be a date written YYYY-MM-DD",
        ),
        (
            {"facts": {**NO_FACTS, "space": fact("conflict", note_en="")}},
            "facts.space: certainty 'conflict' needs note_de and note_en",
        ),
        (
            {"facts": {**NO_FACTS, "space": {"sources": [], "certainty": "unrecorded"}}},
            "facts.space: missing keys: checked",
        ),
        ({"facts": {**NO_FACTS, "space": fact(weight=1)}}, "facts.space: unknown keys: weight"),
        ({"facts": []}, "facts must be an object"),
        ({"illustrates": {"weather": {"de": "x", "en": "y"}}}, "illustrates: unknown topics weather"),
        ({"illustrates": {"resources": {"de": "x"}}}, "illustrates.resources must be"),
    ],
)
def test_an_invalid_entry_changes_nothing(tmp_path, change, problem):
    good = write(tmp_path, "a.json", [case_entry("lab-a")])
    bad = write(tmp_path, "b.json", [case_entry("lab-b"), {**case_entry("lab-c"), **change}])
    with pytest.raises(CaseStudyError) as raised:
        load_case_studies(paths=[good, bad])
    assert any(p.startswith("b.json, entry 2") and problem in p for p in raised.value.problems), raised.value.problems
    assert LabProfile.objects.count() == 0


def test_missing_keys_broken_files_and_slugs_used_twice_are_named(tmp_path):
    incomplete = case_entry("lab-a")
    del incomplete["facts"], incomplete["city"]
    broken = tmp_path / "broken.json"
    broken.write_text("[{", encoding="utf-8")
    files = [
        write(tmp_path, "a.json", [incomplete, case_entry("lab-b")]),
        broken,
        write(tmp_path, "c.json", {"slug": "x"}),
        write(tmp_path, "d.json", [case_entry("lab-b"), "text"]),
    ]
    with pytest.raises(CaseStudyError) as raised:
        load_case_studies(paths=files)
    problems = raised.value.problems
    assert "a.json, entry 1 (lab-a): missing keys: city, facts" in problems
    assert any(p.startswith("broken.json: cannot be read as JSON") for p in problems)
    assert "c.json: must contain a list of labs" in problems
    assert "d.json, entry 1 (lab-b): the slug is used twice (also in a.json, entry 2 (lab-b))" in problems
    assert "d.json, entry 2: an entry must be an object with the keys of data/README.md" in problems


def test_the_command_loads_checks_and_refuses_bad_files(tmp_path, capsys):
    good = write(tmp_path, "a.json", [case_entry("lab-a"), case_entry("lab-b")])
    call_command("load_case_studies", str(good), "--check")
    assert "2 case-study labs in 1 file(s) are valid; nothing was written." in capsys.readouterr().out
    assert LabProfile.objects.count() == 0
    call_command("load_case_studies", str(good))
    assert "2 created, 0 updated, 0 unchanged" in capsys.readouterr().out
    bad = write(tmp_path, "b.json", [case_entry("lab-c", founded=3000)])
    with pytest.raises(CommandError, match=r"Nothing was loaded(.|\n)*b.json, entry 1 \(lab-c\): founded must be"):
        call_command("load_case_studies", str(good), str(bad))
    with pytest.raises(CommandError, match=r"b.json, entry 1 \(lab-c\): founded"):
        call_command("load_case_studies", str(bad), "--check")
    assert LabProfile.objects.count() == 2


def test_the_loader_works_with_the_historical_models_of_the_migration(tmp_path):
    state = MigrationExecutor(connection).loader.project_state(("knowledge", "0003_load_case_studies"))
    model = state.apps.get_model("knowledge", "LabProfile")
    path = write(tmp_path, "a.json", [case_entry("lab-a")])
    assert load_case_studies(model, paths=[path]).created == ["lab-a"]
    profile = LabProfile.objects.get(slug="lab-a")
    assert profile.summary_de.startswith("Ein Labor")
    assert list(profile.methods.values_list("slug", flat=True)) == ["design-thinking"]
    revision = profile.revisions.get()
    assert (revision.number, revision.source, revision.data["founded"]) == (1, "data_file", 2002)
    # A changed entry, again through the historical models: the version goes up by one.
    load_case_studies(model, paths=[write(tmp_path, "a.json", [case_entry("lab-a", founded=2001)])])
    profile.refresh_from_db()
    assert profile.version == 2
    assert list(profile.revisions.order_by("number").values_list("number", "changed")) == [
        (1, revision.changed),
        (2, ["founded"]),
    ]
    # The full-text search finds what the historical loader wrote.
    assert list(PROFILE_SEARCH.search(LabProfile.objects.all(), "Copenhagen studio")) == [profile]


def test_the_real_data_files_load_completely(empty_library):
    """kosilab/knowledge/data/*.json: at least 24 labs, summaries in both languages, sources for every fact."""
    assert data_files(), "kosilab/knowledge/data/*.json are missing"
    report = load_case_studies()
    assert len(report.created) >= 24
    profiles = list(LabProfile.objects.all())
    assert len(profiles) >= 24
    for profile in profiles:
        assert profile.summary_de.strip() and profile.summary_en.strip(), profile.slug
        for key, fields in FACTS.items():
            values = [getattr(profile, name) for name in fields if name != "methods"]
            if key == "methods":
                values.append(list(profile.methods.all()))
            if any(value not in (None, "", []) for value in values):
                assert key in profile.facts, f"{profile.slug}: {key} has no sources"
                entry = profile.facts[key]
                assert entry["sources"] or entry["certainty"] == "unrecorded", f"{profile.slug}: {key}"
    again = load_case_studies()
    assert again.created == again.updated == []
