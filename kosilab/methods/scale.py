"""Synthetic methods in bulk, for ``manage.py seed_scale`` (see kosilab/core/scale.py): each lab
copies ``OWN_METHODS_PER_LAB`` methods of the shared library into its own."""

from __future__ import annotations

from kosilab.core.scale import ScaleContext
from kosilab.labs.scale import LabInfo
from kosilab.methods.models import Method

OWN_METHODS_PER_LAB = 2


def shared_methods() -> list[Method]:
    """The methods of the shared library, in a fixed order (the steps draw from it at random)."""
    return list(Method.objects.filter(lab=None).order_by("slug"))


def own_methods(ctx: ScaleContext, labs: list[LabInfo]) -> None:
    """Copies of shared methods as each lab's own."""
    rng = ctx.rng
    shared = shared_methods()
    own: list[Method] = []
    for info in labs:
        for original in rng.sample(shared, min(OWN_METHODS_PER_LAB, len(shared))) if shared else []:
            own.append(
                Method(
                    slug=f"{info.lab.slug}-{original.slug}",
                    lab=info.lab,
                    based_on=original,
                    **{
                        f"{field}_{code}": getattr(original, f"{field}_{code}")
                        for field in ("title", "summary", "goal", "preparation", "materials", "steps", "tips")
                        for code in ("de", "en")
                    },
                    sources=original.sources,
                    phases=original.phases,
                    group_min=original.group_min,
                    group_max=original.group_max,
                    duration_min=original.duration_min,
                    duration_max=original.duration_max,
                    offline=original.offline,
                    online=original.online,
                    difficulty=original.difficulty,
                    created_by=info.manager,
                )
            )
    ctx.bulk(Method, own)
    ctx.progress(f"{len(own)} own methods")
