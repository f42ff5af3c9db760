"""Every URL × every role: the permission matrix of docs/permissions.md, as a test.

Roles, codes, the world and the test are in ``matrix.py``; each app keeps its rows in its own
``tests/test_permission_matrix.py`` (events also in ``tests/test_documents_matrix.py``). Here: the
rows of core's own pages, and the check that every named URL has a row somewhere.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

import kosilab
from kosilab.core.tests.matrix import ANYONE, case, matrix_test

# (url name for coverage, method, url template filled from the world, expected codes by role, POST data)
CASES = [
    case("core:accessibility", "get", "/accessibility/", ANYONE),
    case("core:privacy", "get", "/privacy/", ANYONE),
]
# Not in the matrix, and why: the link that stops a kind of mail carries a signed token (tested in
# core/tests/test_mail_templates.py); an image at /media/ is served to whoever may see the row
# naming it, the row's own permission (tested with a shown and a hidden idea in
# core/tests/test_object_storage.py); set_language is Django's; the admin is Django's own.
EXEMPT = {"core:mail_stop", "core:media", "set_language"}


@pytest.fixture
def world(matrix_world):
    return matrix_world


test_permission_matrix = matrix_test(CASES)


def _named_urls() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                walk(pattern.url_patterns, f"{pattern.namespace}:" if pattern.namespace else namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(namespace + pattern.name)

    walk(get_resolver().url_patterns)
    return names


def app_matrices() -> list[str]:
    """The modules that hold matrix rows (a list named CASES): ``kosilab/<app>/tests/test_*matrix.py``."""
    package = Path(kosilab.__file__).parent
    return [
        ".".join(path.relative_to(package.parent).with_suffix("").parts)
        for path in sorted(package.glob("*/tests/test_*matrix.py"))
    ]


def test_every_named_url_is_in_the_matrix():
    cases = []
    for module in app_matrices():
        cases += importlib.import_module(module).CASES
    covered = {param.id.rsplit("-", 1)[0].split("-")[0] for param in cases}
    missing = _named_urls() - covered - EXEMPT
    assert not missing, f"URLs without a row in the permission matrix: {sorted(missing)}"
