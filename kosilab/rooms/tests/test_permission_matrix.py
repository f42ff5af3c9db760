"""Permission matrix rows for rooms (see kosilab/core/tests/matrix.py)."""

CASES: list = []
