"""Permission matrix rows for continuation (see kosilab/core/tests/matrix.py)."""

CASES: list = []
