"""The architecture contracts of `make check` catch what they promise (on small made-up packages)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from tools.architecture import foreign_writes

ROOT = Path(__file__).resolve().parents[2]


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return tmp_path


def _app(name: str, models: str = "", **modules: str) -> dict[str, str]:
    files = {f"town/{name}/__init__.py": "", f"town/{name}/apps.py": "", f"town/{name}/models.py": models}
    files.update({f"town/{name}/{module}.py": text for module, text in modules.items()})
    return files


def test_a_write_to_another_apps_model_is_found_and_reads_and_own_writes_are_not(tmp_path):
    root = _package(
        tmp_path,
        {
            "town/__init__.py": "",
            **_app("halls", models="class Hall: ...\nclass Key: ...\n"),
            **_app(
                "fairs",
                models="class Fair: ...\n",
                services="""
                    from town.fairs.models import Fair
                    from town.halls.models import Hall as Room
                    from town.halls import models as halls

                    def fair_create():
                        Fair.objects.create()                       # its own model: fine
                        Room.objects.filter(pk=1).exists()          # a read: fine
                        Room.objects.select_for_update().get(pk=1)  # a lock: fine
                        Room.objects.filter(pk=1).update(busy=True)  # a write
                        halls.Key.objects.bulk_create([])           # a write through the module
                """,
            ),
            "town/fairs/tests/test_x.py": "from town.halls.models import Hall\nHall.objects.create()\n",
        },
    )
    found = [(w.path, w.line, w.app, w.owner, w.model, w.method) for w in foreign_writes(root, "town")]
    assert found == [
        ("town/fairs/services.py", 10, "fairs", "halls", "Hall", "update"),
        ("town/fairs/services.py", 11, "fairs", "halls", "Key", "bulk_create"),
    ]


def test_lint_imports_refuses_an_upward_import_and_a_foreign_write(tmp_path):
    """The same contract types as `.importlinter`, on a made-up package: lower imports upper."""
    lint = Path(sys.executable).parent / "lint-imports"
    root = _package(
        tmp_path,
        {
            "town/__init__.py": "",
            **_app("base"),
            **_app("halls", models="class Hall: ...\n", views="import town.base\n"),
            **_app("fairs", services="from town.halls.models import Hall\nHall.objects.create()\n"),
            **_app("markets", views="import town.fairs\n"),
            ".importlinter": """
                [importlinter]
                root_package = town
                contract_types =
                    model_writes: tools.architecture.ModelWritesContract

                [importlinter:contract:layers]
                name = layers
                type = layers
                containers = town
                layers =
                    fairs | markets
                    halls
                    base

                [importlinter:contract:writes]
                name = writes
                type = model_writes
                root_package = town
            """,
        },
    )
    shutil.copytree(ROOT / "tools", root / "tools", ignore=shutil.ignore_patterns("tests", "__pycache__"))
    result = subprocess.run([lint, "--no-cache"], cwd=root, capture_output=True, text=True, check=False)  # noqa: S603
    assert result.returncode == 1
    assert "town.markets is not allowed to import town.fairs" in " ".join(result.stdout.split())
    assert "fairs writes halls.Hall (.create())" in " ".join(result.stdout.split())
    assert "Contracts: 0 kept, 2 broken." in result.stdout
