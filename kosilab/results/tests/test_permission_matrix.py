"""Permission matrix rows for results (see kosilab/core/tests/matrix.py)."""

CASES: list = []
