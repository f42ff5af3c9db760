"""What the apps above challenges add to the challenge page (see kosilab/core/extensions.py)."""

from kosilab.core.extensions import point

CHALLENGE_PAGE = point(
    "challenges.challenge_page",
    "Context of a challenge's page: fn(request, challenge) -> dict merged into the template context.",
)
