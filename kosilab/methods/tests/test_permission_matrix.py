"""Permission matrix rows for methods (see kosilab/core/tests/matrix.py)."""

CASES: list = []
