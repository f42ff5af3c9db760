"""k-suppression: counts of people below the smallest group shown (``KOSILAB_RESEARCH_MIN_GROUP``,
k) are left empty and flagged, so that a table cannot point at one or two people.

- A count from 1 to k−1 is suppressed (0 is shown: it says nobody).
- Within a breakdown whose total is known (a team's members by sector), if only one cell was
  suppressed, the smallest other non-zero cell is suppressed as well, so that the hidden one
  cannot be computed back from the total (secondary suppression).
- A person's sector (in participation and the people's network) is shown only if at least k
  people in the export share that sector.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.conf import settings


def min_group() -> int:
    return int(getattr(settings, "KOSILAB_RESEARCH_MIN_GROUP", 5))


def suppressed(count: int, k: int) -> bool:
    return 0 < count < k


def cell(count: int, k: int) -> tuple[int | str, int]:
    """The value to write and its flag (1 if suppressed)."""
    return ("", 1) if suppressed(count, k) else (count, 0)


def breakdown(counts: Mapping[str, int], k: int) -> dict[str, bool]:
    """Which cells of a breakdown to suppress (primary and secondary)."""
    hidden = {key: suppressed(value, k) for key, value in counts.items()}
    if sum(hidden.values()) == 1:
        others = [(value, key) for key, value in counts.items() if value > 0 and not hidden[key]]
        if others:
            hidden[min(others)[1]] = True
    return hidden
