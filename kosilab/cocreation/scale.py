"""Synthetic ideas in bulk, for ``manage.py seed_scale`` (see kosilab/core/scale.py): about
``IDEAS_SHARE`` of the open challenges collect ideas, with comments and supports; the counters on
each idea match its rows."""

from __future__ import annotations

from kosilab.accounts.models import User
from kosilab.actors.scale import DISTRICTS, INTERESTS
from kosilab.challenges.models import Challenge, ChallengeStatus
from kosilab.challenges.scale import contributions_open
from kosilab.cocreation.models import Comment, Idea, Support
from kosilab.core.scale import ScaleContext
from kosilab.labs.scale import LabInfo

IDEAS_SHARE = 0.3  # of the open challenges collect ideas
IDEAS_PER_CHALLENGE = (3, 30)
COMMENTS_PER_IDEA = (0, 6)
SUPPORTS_PER_IDEA = (0, 25)


def ideas(ctx: ScaleContext, labs: list[LabInfo], people: list[User]) -> None:
    """Ideas by ``people`` on open challenges of ``labs`` (which then take contributions)."""
    rng = ctx.rng
    by_lab = {info.lab.pk: info for info in labs}
    open_challenges = list(Challenge.objects.filter(lab_id__in=by_lab, status=ChallengeStatus.OPEN).order_by("pk"))
    chosen = [c for c in open_challenges if rng.random() < IDEAS_SHARE]
    contributions_open([c.pk for c in chosen])
    objs: list[Idea] = []
    plans: list[tuple[int, int]] = []  # comments, supports per idea
    for challenge in chosen:
        for _ in range(rng.randint(*IDEAS_PER_CHALLENGE)):
            comments, supports = rng.randint(*COMMENTS_PER_IDEA), rng.randint(*SUPPORTS_PER_IDEA)
            plans.append((comments, supports))
            objs.append(
                Idea(
                    challenge=challenge,
                    lab_id=challenge.lab_id,
                    author=rng.choice(people),
                    title=f"Idee: {rng.choice(INTERESTS)} in {rng.choice(DISTRICTS)}",
                    text="Ein Vorschlag aus der Nachbarschaft, wie es besser gehen könnte.",
                    comment_count=comments,
                    support_count=supports,
                )
            )
    saved = ctx.bulk(Idea, objs)
    comments_out: list[Comment] = []
    supports_out: list[Support] = []
    for idea, (comments, supports) in zip(saved, plans, strict=True):
        comments_out += [
            Comment(idea=idea, author=rng.choice(people), text="Gute Idee, das sollten wir ausprobieren.")
            for _ in range(comments)
        ]
        supports_out += [Support(idea=idea, user=user) for user in rng.sample(people, supports)]
    ctx.bulk(Comment, comments_out)
    ctx.bulk(Support, supports_out)
    ctx.progress(f"{len(saved)} ideas, {len(comments_out)} comments, {len(supports_out)} supports")
