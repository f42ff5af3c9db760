"""The loader of the shared library: validation, all or nothing, idempotent; the real data files."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from kosilab.core.tests.factories import LabFactory
from kosilab.methods.library import LibraryError, library_files, load_library
from kosilab.methods.models import LANGUAGES, TEXT_FIELDS, Method
from kosilab.methods.tests.factories import MethodFactory, entry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_library(db):
    """Start without the shared methods that migration 0002 loaded."""
    Method.objects.all().delete()


def write(tmp_path, name, entries):
    path = tmp_path / name
    path.write_text(json.dumps(entries), encoding="utf-8")
    return path


def test_loads_and_loading_again_changes_nothing(tmp_path):
    files = [write(tmp_path, "a.json", [entry("world-cafe")]), write(tmp_path, "b.json", [entry("open-space")])]
    report = load_library(paths=files)
    assert sorted(report.created) == ["open-space", "world-cafe"]
    cafe = Method.objects.get(slug="world-cafe")
    assert cafe.lab is None
    assert cafe.title_en == "title en world-cafe"
    assert cafe.phases == ["prompts", "proposals"]
    stamp = cafe.updated_at

    again = load_library(paths=files)
    assert (again.created, again.updated) == ([], [])
    assert sorted(again.unchanged) == ["open-space", "world-cafe"]
    cafe.refresh_from_db()
    assert cafe.updated_at == stamp
    assert Method.objects.count() == 2


def test_a_changed_entry_is_updated_in_place(tmp_path):
    load_library(paths=[write(tmp_path, "a.json", [entry("world-cafe")])])
    pk = Method.objects.get().pk
    report = load_library(paths=[write(tmp_path, "a.json", [entry("world-cafe", group_max=300, online=True)])])
    assert report.updated == ["world-cafe"]
    method = Method.objects.get()
    assert (method.pk, method.group_max, method.online) == (pk, 300, True)


def test_methods_of_labs_are_never_touched(tmp_path):
    own = MethodFactory(lab=LabFactory(), slug="our-cafe", title="Ours")
    load_library(paths=[write(tmp_path, "a.json", [entry("world-cafe")])])
    own.refresh_from_db()
    assert own.title_en == "Ours"
    assert own.lab is not None


def test_a_slug_taken_by_a_lab_method_is_refused(tmp_path):
    MethodFactory(lab=LabFactory(), slug="world-cafe")
    with pytest.raises(LibraryError, match="world-cafe: the slug is taken by a lab's own method"):
        load_library(paths=[write(tmp_path, "a.json", [entry("open-space"), entry("world-cafe")])])
    assert not Method.objects.filter(slug="open-space").exists()


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"group_max": 3}, "group_max (3) is smaller than group_min (12)"),
        ({"duration_min": 2}, "duration_min must be between 5 and 10080, not 2"),
        ({"duration_max": 30}, "duration_max (30) is smaller than duration_min (45)"),
        ({"group_min": "12"}, "group_min must be a whole number"),
        ({"group_min": True}, "group_min must be a whole number"),
        ({"phases": ["ideas"]}, "unknown phases: ideas"),
        ({"phases": []}, "phases must be a non-empty list of phase keys"),
        ({"phases": ["prompts", "prompts"]}, "phases lists a phase twice"),
        ({"offline": False, "online": False}, "offline and online cannot both be false"),
        ({"online": "yes"}, "offline and online must be true or false"),
        ({"difficulty": 4}, "difficulty must be 1, 2 or 3"),
        ({"title_en": "x" * 151}, "title_en is 151 characters long, at most 150 are allowed"),
        ({"title_en": ""}, "title_de and title_en must both be filled in"),
        ({"tips_de": ""}, "tips_de and tips_en must both be filled in or both be empty"),
        ({"steps_en": ["a", "b"]}, "steps_en must be a string"),
        ({"slug": "World Café"}, "slug must be lowercase"),
        ({"slug": "recommend"}, "slug 'recommend' is reserved"),
        ({"colour": "red"}, "unknown keys: colour"),
    ],
)
def test_an_invalid_entry_changes_nothing(tmp_path, change, problem):
    good = write(tmp_path, "a.json", [entry("open-space")])
    bad = write(tmp_path, "b.json", [entry("fishbowl"), {**entry("world-cafe"), **change}])
    with pytest.raises(LibraryError) as raised:
        load_library(paths=[good, bad])
    assert any(p.startswith("b.json, entry 2") and problem in p for p in raised.value.problems), raised.value.problems
    assert Method.objects.count() == 0


def test_missing_keys_and_broken_files_are_named(tmp_path):
    incomplete = entry("world-cafe")
    del incomplete["sources"], incomplete["difficulty"]
    broken = tmp_path / "broken.json"
    broken.write_text("[{", encoding="utf-8")
    files = [write(tmp_path, "a.json", [incomplete]), broken, write(tmp_path, "c.json", {"slug": "x"})]
    with pytest.raises(LibraryError) as raised:
        load_library(paths=files)
    problems = raised.value.problems
    assert "a.json, entry 1 (world-cafe): missing keys: difficulty, sources" in problems
    assert any(p.startswith("broken.json: cannot be read as JSON") for p in problems)
    assert "c.json: must contain a list of methods" in problems


def test_a_slug_used_twice_is_refused(tmp_path):
    files = [write(tmp_path, "a.json", [entry("world-cafe")]), write(tmp_path, "b.json", [entry("world-cafe")])]
    with pytest.raises(
        LibraryError, match=r"b.json, entry 1 \(world-cafe\): the slug is used twice \(also in a.json\)"
    ):
        load_library(paths=files)
    assert Method.objects.count() == 0


def test_the_command_prints_counts_and_refuses_bad_files(tmp_path, capsys):
    good = write(tmp_path, "a.json", [entry("world-cafe"), entry("open-space")])
    call_command("load_method_library", str(good))
    assert "2 created, 0 updated, 0 unchanged" in capsys.readouterr().out
    bad = write(tmp_path, "b.json", [entry("fishbowl", group_max=1)])
    with pytest.raises(CommandError, match=r"Nothing was loaded(.|\n)*b.json, entry 1 \(fishbowl\): group_max"):
        call_command("load_method_library", str(good), str(bad))
    assert Method.objects.count() == 2


def test_the_loader_works_with_the_historical_model_of_the_migration(tmp_path):
    state = MigrationExecutor(connection).loader.project_state(("methods", "0002_load_library"))
    model = state.apps.get_model("methods", "Method")
    report = load_library(model, paths=[write(tmp_path, "a.json", [entry("world-cafe")])])
    assert report.created == ["world-cafe"]
    assert Method.objects.get().title_de == "title de world-cafe"


def test_the_real_library_loads_with_both_languages(empty_library):
    assert library_files(), "kosilab/methods/data/*.json are missing"
    report = load_library()
    assert len(report.created) >= 40
    methods = Method.objects.filter(lab__isnull=True)
    assert methods.count() >= 40
    for method in methods:
        for name in TEXT_FIELDS:
            for code in LANGUAGES:
                assert getattr(method, f"{name}_{code}").strip(), f"{method.slug}: {name}_{code} is empty"
        assert method.sources.strip(), f"{method.slug}: no sources"
    assert load_library().unchanged == report.created  # loading again changes nothing
