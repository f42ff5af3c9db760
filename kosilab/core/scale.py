"""What the synthetic data at scale (``manage.py seed_scale``, see bench/README.md) is written with.

Each domain app writes its own models in its ``scale.py`` with ``bulk_create``, straight into the
tables (no services: no audit entries, no mails); ``kosilab/site/management/commands/seed_scale.py``
calls the apps in order. They share one ``ScaleContext``: the counts asked for, one random
generator (so the same seed gives the same data), the clock, where the numbering continues after
earlier batches, and the number of rows written per model. The objects one step creates and a
later one needs are passed along by the command.
"""

from __future__ import annotations

import datetime
import random
import re
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from django.db import models
from django.utils import timezone

BATCH_SIZE = 1000

M = TypeVar("M", bound=models.Model)
T = TypeVar("T")


class Writer(Protocol):
    def write(self, msg: str) -> Any: ...


@dataclass(frozen=True)
class Counts:
    """How many labs, people, organisations, challenges and processes one batch has."""

    labs: int
    people: int
    organisations: int
    challenges: int
    processes: int


@dataclass
class ScaleContext:
    """The state of one batch, shared by every app's step. Numbers in e-mails and slugs continue after
    earlier batches (``lab_offset``, ``person_offset``)."""

    counts: Counts
    rng: random.Random
    out: Writer
    lab_offset: int = 0
    person_offset: int = 0
    now: datetime.datetime = field(default_factory=timezone.now)
    created: dict[str, int] = field(default_factory=dict)  # rows written, by model label
    started: float = field(default_factory=time.monotonic)
    today: datetime.date = field(init=False)  # local, of ``now``
    tz: datetime.tzinfo = field(init=False)

    def __post_init__(self) -> None:
        self.today = timezone.localdate(self.now)
        self.tz = timezone.get_current_timezone()

    def progress(self, text: str) -> None:
        self.out.write(f"  [{time.monotonic() - self.started:6.1f}s] {text}")

    def bulk(self, model: type[M], objs: Sequence[M]) -> list[M]:
        """Insert ``objs`` in batches and count them."""
        created = model._default_manager.bulk_create(objs, batch_size=BATCH_SIZE)
        label = model._meta.label
        self.created[label] = self.created.get(label, 0) + len(created)
        return created

    def pick(self, weights: dict[T, int]) -> T:
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def moment(self, day: datetime.date) -> datetime.datetime:
        """A time during office hours on ``day``, never in the future."""
        at = datetime.datetime.combine(
            day, datetime.time(self.rng.randint(8, 18), self.rng.randint(0, 59)), tzinfo=self.tz
        )
        return min(at, self.now)

    def between(self, start: datetime.datetime, end: datetime.datetime) -> datetime.datetime:
        share = self.rng.random()  # always drawn, so that the sequence does not depend on the clock
        return start + (end - start) * share if end > start else start

    def days_ago(self, low: int, high: int) -> datetime.date:
        return self.today - datetime.timedelta(days=self.rng.randint(low, high))


def highest_number(values: Sequence[str], pattern: str) -> int:
    """The highest number that ``pattern`` (one group of digits) finds in ``values``; 0 if none."""
    regex = re.compile(pattern)
    numbers = [int(match.group(1)) for value in values if (match := regex.fullmatch(value))]
    return max(numbers, default=0)


@contextmanager
def explicit_timestamps(*model_classes: type[models.Model]) -> Iterator[None]:
    """Let bulk_create keep the created/updated times we set instead of stamping "now" on every row."""
    saved: list[tuple[models.DateField[Any, Any], bool, bool]] = []
    for model in model_classes:
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, models.DateField) and (model_field.auto_now or model_field.auto_now_add):
                saved.append((model_field, model_field.auto_now, model_field.auto_now_add))
                model_field.auto_now = model_field.auto_now_add = False
    try:
        yield
    finally:
        for model_field, auto_now, auto_now_add in saved:
            model_field.auto_now, model_field.auto_now_add = auto_now, auto_now_add
