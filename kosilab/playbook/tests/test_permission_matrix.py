"""Permission matrix rows for playbook (see kosilab/core/tests/matrix.py)."""

CASES: list = []
