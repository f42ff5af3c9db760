"""Architecture contracts for import-linter that imports alone cannot express.

``model_writes``: every write to a model goes through the app that owns it. A module of one app
may read another app's models, but never call a writing method on them
(``Other.objects.create/update/delete/…``, also at the end of a query chain such as
``Other.objects.filter(…).update(…)``); it calls the owning app's services instead. Tests and
migrations are exempt. Writes through an instance (``obj.save()``) cannot be told apart without
types and are not checked here; reviews and the service-per-write rule cover them.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from importlinter import Contract, ContractCheck, fields, output

WRITES = frozenset(
    {"create", "bulk_create", "update", "bulk_update", "get_or_create", "update_or_create", "delete", "save"}
)
MANAGERS = frozenset({"objects", "_default_manager", "_base_manager"})


@dataclass(frozen=True)
class Write:
    path: str
    line: int
    app: str
    owner: str
    model: str
    method: str


def _models_of(app_dir: Path) -> set[str]:
    models = app_dir / "models.py"
    if not models.exists():
        return set()
    return {node.name for node in ast.parse(models.read_text()).body if isinstance(node, ast.ClassDef)}


Classes = dict[str, tuple[str, str]]  # local name -> (app, model)


def _aliases(tree: ast.AST, package: str, models: dict[str, set[str]]) -> tuple[Classes, dict[str, str]]:
    """Names bound to other apps' model classes, and names bound to other apps' models modules."""
    classes: Classes = {}
    modules: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            parts = node.module.split(".")
            if len(parts) == 3 and parts[0] == package and parts[2] == "models" and parts[1] in models:
                for alias in node.names:
                    if alias.name in models[parts[1]]:
                        classes[alias.asname or alias.name] = (parts[1], alias.name)
            elif len(parts) == 2 and parts[0] == package and parts[1] in models:
                for alias in node.names:
                    if alias.name == "models":
                        modules[alias.asname or "models"] = parts[1]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if len(parts) == 3 and parts[0] == package and parts[2] == "models" and alias.asname:
                    modules[alias.asname] = parts[1]
    return classes, modules


def _model_at_root(node: ast.expr, classes: Classes, modules: dict[str, str]) -> tuple[str, str] | None:
    """For ``X.objects.a(…).b(…)``: the (app, model) of X, if the chain starts at a manager of it."""
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            if node.attr in MANAGERS:
                base = node.value
                if isinstance(base, ast.Name) and base.id in classes:
                    return classes[base.id]
                if isinstance(base, ast.Attribute) and isinstance(base.value, ast.Name) and base.value.id in modules:
                    return (modules[base.value.id], base.attr)
                return None
            node = node.value
        else:
            return None


def foreign_writes(root: Path, package: str) -> list[Write]:
    base = root / package
    apps = sorted(p for p in base.iterdir() if (p / "apps.py").exists())
    models = {app.name: _models_of(app) for app in apps}
    found: list[Write] = []
    for app in apps:
        for path in sorted(app.rglob("*.py")):
            if {"tests", "migrations"} & set(path.relative_to(app).parts):
                continue
            tree = ast.parse(path.read_text(), filename=str(path))
            classes, modules = _aliases(tree, package, {k: v for k, v in models.items() if k != app.name})
            if not classes and not modules:
                continue
            for node in ast.walk(tree):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in WRITES:
                    owner = _model_at_root(node.func.value, classes, modules)
                    if owner is not None:
                        where = str(path.relative_to(root))
                        found.append(Write(where, node.lineno, app.name, owner[0], owner[1], node.func.attr))
    return found


class ModelWritesContract(Contract):
    """No app writes to another app's models (see the module docstring)."""

    type_name = "model_writes"

    root_package = fields.StringField()

    def check(self, graph: object, verbose: bool) -> ContractCheck:
        writes = foreign_writes(Path.cwd(), str(self.root_package))
        return ContractCheck(kept=not writes, metadata={"writes": writes})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for write in check.metadata["writes"]:
            output.print_error(
                f"{write.path}:{write.line}: {write.app} writes {write.owner}.{write.model} (.{write.method}()); "
                f"call a service of {write.owner} instead."
            )
            output.new_line()
