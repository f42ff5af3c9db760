"""What the apps above the playbook add to its pages (see kosilab/core/extensions.py)."""

from kosilab.core.extensions import point

DIMENSION_EXAMPLES = point(
    "playbook.dimension_examples",
    "Shown under each readiness dimension of the self-assessment (what illustrates it, e.g. case studies), "
    "one call for all dimensions: fn(request) -> dict of dimension key to SafeString, or None.",
)
