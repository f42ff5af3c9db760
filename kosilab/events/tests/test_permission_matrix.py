"""Permission matrix rows for events (see kosilab/core/tests/matrix.py)."""

CASES: list = []
