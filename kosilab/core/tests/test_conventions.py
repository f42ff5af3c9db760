"""The same things in the same shape (docs/architecture.md, "Conventions"): checks on the source
that fail when a new piece of code leaves the convention."""

from __future__ import annotations

import ast
from pathlib import Path

import kosilab

APPS = Path(kosilab.__file__).parent


def test_every_public_service_function_takes_keyword_arguments_only():
    positional = []
    for path in sorted(APPS.glob("*/services.py")):
        for node in ast.parse(path.read_text()).body:
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) or node.name.startswith("_"):
                continue
            if node.args.posonlyargs or node.args.args or node.args.vararg:
                positional.append(f"{path.parent.name}.services.{node.name}")
    assert len(list(APPS.glob("*/services.py"))) > 10
    assert positional == []
