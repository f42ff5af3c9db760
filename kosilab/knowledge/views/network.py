"""The network of labs: the labs of this installation and the case-study labs with their contacts
and profiles, and the partners and role models each hosted lab names.

- ``/knowledge/network/``: public; what each visitor may see (hidden labs only for their team).
- ``/knowledge/network/<lab>/``: a lab's partners and role models, for everybody who may see the
  lab; its managers and platform admins add and remove them (``knowledge.change_relations``).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kosilab.accounts.types import Viewer
from kosilab.core.errors import DomainError
from kosilab.core.http import HtmxRequest
from kosilab.core.pagination import paginate
from kosilab.core.permissions import get_visible_or_404, require_perm
from kosilab.knowledge import selectors, services
from kosilab.knowledge.models import LabProfile, LabRelation, RelationKind
from kosilab.labs.models import Lab

CASE_STUDIES_PER_PAGE = 50
HOSTED = "lab:"  # choice values of hosted labs: "lab:<lab slug>"; case studies: their profile slug


@require_GET
def network(request: HtmxRequest) -> HttpResponse:
    labs = list(selectors.network_labs(request.user))
    relations = selectors.visible_relations(request.user)
    page = paginate(request, selectors.case_study_profiles(), CASE_STUDIES_PER_PAGE)
    context = {
        "labs": [(lab, relations.of_lab(lab.pk)) for lab in labs],
        "page_obj": page,
        "case_studies": [(profile, relations.marking(profile.pk)) for profile in page.object_list],
    }
    return render(request, "knowledge/network/network.html", context)


class RelationForm(forms.Form):
    """Mark another lab as partner or role model: which lab, how, and an optional note."""

    target = forms.ChoiceField(label=gettext_lazy("Lab"))
    kind = forms.ChoiceField(
        label=gettext_lazy("Mark it as"), choices=RelationKind.choices, widget=forms.RadioSelect, initial="partner"
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        max_length=LabRelation._meta.get_field("note").max_length,
        help_text=gettext_lazy("Optional: what you do together or what you learn from this lab."),
    )

    def __init__(self, data: Any = None, *, lab: Lab, user: Viewer) -> None:
        super().__init__(data)
        self.lab = lab
        self.user = user
        case_studies, hosted = selectors.relation_candidates(user, lab)
        self.case_studies = {profile.slug: profile for profile in case_studies}
        self.hosted = {f"{HOSTED}{other.slug}": other for other in hosted}
        field = self.fields["target"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            ("", _("Choose a lab")),
            (_("Labs on this platform"), [(key, other.name) for key, other in self.hosted.items()]),
            (
                _("Case-study labs"),
                [(profile.slug, f"{profile.name} ({profile.city or profile.country})") for profile in case_studies],
            ),
        ]

    def target_object(self) -> LabProfile | Lab:
        key = self.cleaned_data["target"]
        return self.hosted[key] if key in self.hosted else self.case_studies[key]


def _lab(request: HtmxRequest, lab_slug: str) -> Lab:
    return get_visible_or_404(request, Lab.objects.all(), "labs.view_lab", slug=lab_slug)


@require_http_methods(["GET", "POST"])
def network_lab(request: HtmxRequest, lab_slug: str) -> HttpResponse:
    """A lab's partners and role models; its managers mark more (POST)."""
    lab = _lab(request, lab_slug)
    can_change = request.user.has_perm("knowledge.change_relations", lab)
    form = None
    status = 200
    if request.method == "POST":
        require_perm(request, "knowledge.change_relations", lab)
        form = RelationForm(request.POST, lab=lab, user=request.user)
        if form.is_valid():
            try:
                relation, created = services.relation_create(
                    lab=lab,
                    target=form.target_object(),
                    kind=form.cleaned_data["kind"],
                    note=form.cleaned_data["note"],
                    by=request.user,
                )
            except DomainError as error:
                form.add_error("target" if error.field == "target" else None, error.message)
            else:
                names = {"lab": relation.target.name, "kind": relation.get_kind_display()}
                if created:
                    messages.success(request, _("%(lab)s is now marked as %(kind)s.") % names)
                else:
                    messages.info(request, _("%(lab)s was marked as %(kind)s already.") % names)
                return redirect("knowledge:network_lab", lab.slug)
        status = 400
    elif can_change:
        form = RelationForm(lab=lab, user=request.user)
    relations = selectors.visible_relations(request.user, lab=lab)
    context = {
        "lab": lab,
        "own_profile": selectors.own_profile_of(lab),
        "relations": relations.of_lab(lab.pk),
        "marked_by": selectors.marked_by(request.user, lab),
        "can_change": can_change,
        "can_compare": request.user.has_perm("knowledge.compare_lab", lab),
        "form": form,
    }
    return render(request, "knowledge/network/lab.html", context, status=status)


@require_POST
def relation_delete(request: HtmxRequest, lab_slug: str, pk: int) -> HttpResponse:
    lab = _lab(request, lab_slug)
    require_perm(request, "knowledge.change_relations", lab)
    relation = selectors.lab_relation(lab, pk)
    if relation is None:  # removed meanwhile (a second click), or never this lab's
        messages.info(request, _("This mark had been removed already."))
    else:
        services.relation_delete(relation=relation, by=request.user)
        messages.success(
            request,
            _("%(lab)s is no longer marked as %(kind)s.")
            % {"lab": relation.target.name, "kind": relation.get_kind_display()},
        )
    return redirect("knowledge:network_lab", lab.slug)
