"""Factories for the planner's tests: methods, sessions and blocks."""

from __future__ import annotations

import datetime as dt
import itertools

from kosilab.methods.models import Method
from kosilab.planning import services
from kosilab.planning.models import Block, Session
from kosilab.rooms.tests.factories import next_monday

_numbers = itertools.count(1)


def MethodFactory(**values: object) -> Method:
    number = next(_numbers)
    defaults: dict[str, object] = {
        "slug": f"method-{number}",
        "title_en": f"Method {number}",
        "title_de": f"Methode {number}",
        "group_min": 2,
        "group_max": 30,
        "duration_min": 30,
        "duration_max": 60,
        "phases": ["prompts"],
    }
    defaults.update(values)
    return Method.objects.create(**defaults)


def SessionFactory(*, process, by=None, **values: object) -> Session:
    defaults: dict[str, object] = {
        "title": "Kick-off workshop",
        "date": next_monday(),
        "starts_at": dt.time(10),
        "slot_minutes": 180,
    }
    defaults.update(values)
    return services.session_create(process=process, by=by, **defaults)  # type: ignore[arg-type]


def add_blocks(session: Session, *minutes: int, **values: object) -> list[Block]:
    return [
        services.block_add(session=session, by=None, title=f"Block {i + 1}", minutes=m, **values)  # type: ignore[arg-type]
        for i, m in enumerate(minutes)
    ]
