"""Ideas on open places, for the co-creation tests."""

from __future__ import annotations

from typing import Any

from kosilab.challenges.models import Challenge
from kosilab.cocreation import services
from kosilab.cocreation.models import Comment, Idea
from kosilab.core.tests.factories import ChallengeFactory, ProcessFactory, UserFactory


def open_challenge(lab: Any, **values: Any) -> Challenge:
    return ChallengeFactory(lab=lab, status=values.pop("status", "open"), contributions_open=True, **values)


def open_phase(lab: Any) -> Any:
    process = ProcessFactory(lab=lab)
    phase = process.current_phase
    phase.contributions_open = True
    phase.save(update_fields=["contributions_open"])
    phase.process = process
    return phase


def idea(place: Any, author: Any = None, **values: Any) -> Idea:
    return services.idea_create(
        place=place,
        author=author or UserFactory(),
        title=values.pop("title", "Benches at the river"),
        text=values.pop("text", "More benches where people meet."),
        **values,
    )


def comment(on: Idea, author: Any = None, text: str = "Good idea", parent: Comment | None = None) -> Comment:
    return services.comment_create(idea=on, author=author or UserFactory(), text=text, parent=parent)
