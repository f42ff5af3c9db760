"""Permission matrix rows for cocreation (see kosilab/core/tests/matrix.py)."""

CASES: list = []
