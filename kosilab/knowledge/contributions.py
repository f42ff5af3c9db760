"""What knowledge adds to the pages of the apps below (see kosilab/core/extensions.py).

- the lab page (``labs.lab_page``): the lab's profile, its partners and role models, and for its
  staff "labs like yours";
- the playbook's readiness self-assessment (``playbook.dimension_examples``): under each dimension,
  the case-study labs that illustrate it, with one sentence each in the reader's language. One
  query for all dimensions.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.safestring import SafeString

from kosilab.core.extensions import contribute, render_section
from kosilab.knowledge import selectors
from kosilab.labs.extensions import LAB_PAGE
from kosilab.labs.models import Lab
from kosilab.playbook.extensions import DIMENSION_EXAMPLES


@contribute(LAB_PAGE.name, order=50)
def profile_and_network(request: HttpRequest, lab: Lab) -> SafeString:
    relations = selectors.visible_relations(request.user, lab=lab)
    context = {
        "lab": lab,
        "own_profile": selectors.own_profile_of(lab),
        "relations": relations.of_lab(lab.pk),
        "can_compare": request.user.has_perm("knowledge.compare_lab", lab),
        "can_edit_profile": request.user.has_perm("knowledge.change_own_profile", lab),
    }
    return render_section(request, "knowledge/network/_lab_section.html", context)


@contribute(DIMENSION_EXAMPLES.name)
def case_studies_per_dimension(request: HttpRequest) -> dict[str, SafeString] | None:
    examples = selectors.dimension_examples()
    if not examples:
        return None
    return {
        key: render_section(request, "knowledge/compare/_playbook_examples.html", {"key": key, "examples": items})
        for key, items in examples.items()
    }
