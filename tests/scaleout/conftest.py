"""The scale-out test starts nginx, two app servers and two workers and wants the machine for itself.

It runs when it is all a run selects (``make test-scaleout``, ``pytest tests/scaleout``, ``-m
scaleout``) and is left out (deselected, counted in the summary) of any run that selects other tests
too, such as ``make test``; CI runs it as a step of its own (``.ci/run``).
"""

from __future__ import annotations

import pytest


@pytest.hookimpl(trylast=True)  # after -m and -k have chosen
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    scaleout = [item for item in items if item.get_closest_marker("scaleout")]
    if scaleout and len(scaleout) < len(items):
        config.hook.pytest_deselected(items=scaleout)
        items[:] = [item for item in items if not item.get_closest_marker("scaleout")]
