"""The same things in the same shape (docs/architecture.md, "Conventions"): checks on the source
that fail when a new piece of code leaves the convention."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.test import override_settings

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


# --- Static files ------------------------------------------------------------------------------
# Like the templates: an app's files in kosilab/<app>/static/<app>/, the site-wide ones (the base
# layout's stylesheet, script and icon) in kosilab/static/kosilab/.

STATIC_TAG = re.compile(r"""\{%\s*static\s+["']([^"']+)["']\s*%\}""")


def _static_names() -> dict[str, list[str]]:
    names: dict[str, list[str]] = {}
    for template in sorted(APPS.glob("**/templates/**/*.html")):
        for name in STATIC_TAG.findall(template.read_text()):
            names.setdefault(name, []).append(str(template.relative_to(APPS)))
    return names


def test_static_files_live_in_their_app_folder():
    misplaced = []
    for path in sorted(APPS.glob("**/static/**/*")):
        if path.is_dir():
            continue
        relative = path.relative_to(APPS).parts
        root, static, folder = relative[0], relative[1], relative[2]
        expected = "kosilab" if root == "static" else root
        if not ((root == "static" and static == "kosilab") or (static == "static" and folder == expected)):
            misplaced.append("/".join(relative))
    assert misplaced == []


def test_every_static_name_in_the_templates_exists():
    names = _static_names()
    assert len(names) > 5
    assert {name: where for name, where in names.items() if finders.find(name) is None} == {}


def test_collectstatic_with_the_manifest_of_production(tmp_path):
    """What ``manage.py release`` does in production: every name the templates use is in the manifest."""
    manifest = {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}
    with override_settings(STATIC_ROOT=tmp_path, STORAGES={**settings.STORAGES, "staticfiles": manifest}):
        call_command("collectstatic", interactive=False, verbosity=0)
        for name in _static_names():
            assert (tmp_path / staticfiles_storage.stored_name(name)).is_file(), name
