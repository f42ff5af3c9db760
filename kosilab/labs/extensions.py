"""What the apps above labs add to the lab pages (see kosilab/core/extensions.py)."""

from kosilab.core.extensions import point

LAB_PAGE = point(
    "labs.lab_page",
    "Sections of the main column of a lab's page, in order: fn(request, lab) -> SafeString or None.",
)
LAB_LIST = point(
    "labs.lab_list",
    "Figures shown per lab in the list of labs: fn(queryset of labs) -> the queryset, annotated.",
)
