from __future__ import annotations

import itertools
from typing import Any

from kosilab.methods.models import Method

_numbers = itertools.count(1)


def MethodFactory(**values: Any) -> Method:
    """A method with texts in both languages; ``title`` sets both titles."""
    number = next(_numbers)
    title = values.pop("title", f"Method {number}")
    defaults: dict[str, Any] = {
        "slug": f"method-{number}",
        "title_de": title,
        "title_en": title,
        "summary_de": "Kurz gesagt.",
        "summary_en": "In short.",
        "goal_de": "Ziel.",
        "goal_en": "Goal.",
        "steps_de": "Erstens\nZweitens",
        "steps_en": "First\nSecond",
        "phases": ["proposals"],
        "group_min": 5,
        "group_max": 30,
        "duration_min": 30,
        "duration_max": 90,
        "offline": True,
        "online": False,
        "difficulty": 1,
    }
    defaults.update(values)
    return Method.objects.create(**defaults)


def entry(slug: str = "world-cafe", **values: Any) -> dict[str, Any]:
    """A valid entry of a library file (data/README.md)."""
    data: dict[str, Any] = {"slug": slug}
    for name in ("title", "summary", "goal", "preparation", "materials", "steps", "tips"):
        data[f"{name}_de"] = f"{name} de {slug}"
        data[f"{name}_en"] = f"{name} en {slug}"
    data |= {
        "sources": "Brown, J.: The World Café, 2005",
        "phases": ["prompts", "proposals"],
        "group_min": 12,
        "group_max": 200,
        "duration_min": 45,
        "duration_max": 90,
        "offline": True,
        "online": False,
        "difficulty": 1,
    }
    data.update(values)
    return data
