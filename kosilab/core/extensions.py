"""Extension points: a lower app names a place, the apps above it contribute to it.

The apps are layered (docs/architecture.md, pinned by ``.importlinter``): an app may import the
apps below it, never those above. Some pages of a lower app still show what an upper app owns —
the lab page lists the lab's open challenges, running processes and upcoming events; the challenge
page lists the processes that grew out of it. Such a page names an extension point and asks it for
its contributions; the upper app registers them in its ``AppConfig.ready()``::

    # kosilab/processes/apps.py
    def ready(self) -> None:
        from kosilab.processes import contributions  # registers with @contribute(...)

    # kosilab/processes/contributions.py
    @contribute(LAB_PAGE, order=20)
    def running_processes(request, lab):
        return render_section(request, "processes/_lab_section.html", {...})

Every point is declared once (:func:`point`) by the app that shows it, with what a contribution
receives and returns, so a typo in a name fails at start-up and not silently on a page.
Contributions are called in ``order`` (then registration order).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString


@dataclass
class Point:
    """A named place that upper apps contribute to."""

    name: str
    doc: str
    contributions: list[tuple[int, int, Callable[..., Any]]] = field(default_factory=list)

    def __call__(self, *args: Any, **kwargs: Any) -> list[Any]:
        """Call every contribution with the arguments; ``None`` results are left out."""
        results = (fn(*args, **kwargs) for _order, _seq, fn in sorted(self.contributions, key=lambda c: c[:2]))
        return [result for result in results if result is not None]

    def each(self) -> list[Callable[..., Any]]:
        return [fn for _order, _seq, fn in sorted(self.contributions, key=lambda c: c[:2])]


_points: dict[str, Point] = {}


def point(name: str, doc: str) -> Point:
    """Declare an extension point (idempotent: a module imported twice declares it once)."""
    existing = _points.get(name)
    if existing is not None:
        return existing
    _points[name] = declared = Point(name, doc)
    return declared


def contribute(name: str, *, order: int = 100) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register the decorated function with the extension point ``name`` (declared beforehand)."""

    def register(fn: Callable[..., Any]) -> Callable[..., Any]:
        try:
            target = _points[name]
        except KeyError:
            raise LookupError(f"No extension point named {name!r}; known: {sorted(_points)}") from None
        if all(existing is not fn for _order, _seq, existing in target.contributions):
            target.contributions.append((order, len(target.contributions), fn))
        return fn

    return register


def points() -> dict[str, Point]:
    return dict(_points)


def render_section(request: HttpRequest, template: str, context: dict[str, Any]) -> SafeString:
    """A contribution's piece of a page, rendered with the request (for ``{% csrf_token %}``, i18n…)."""
    return SafeString(render_to_string(template, context, request=request))
