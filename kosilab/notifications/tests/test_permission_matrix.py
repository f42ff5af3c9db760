"""Permission matrix rows for notifications (see kosilab/core/tests/matrix.py)."""

CASES: list = []
