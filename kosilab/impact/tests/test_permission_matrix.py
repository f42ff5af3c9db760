"""Permission matrix rows for impact (see kosilab/core/tests/matrix.py)."""

CASES: list = []
