"""Permission matrix rows for planning (see kosilab/core/tests/matrix.py)."""

CASES: list = []
