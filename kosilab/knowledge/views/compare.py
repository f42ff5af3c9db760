"""Compare your lab: "labs like yours" and the side-by-side table (HTML, print and PDF).

Who may compare: the lab's staff (managers and facilitators) and platform admins
(``knowledge.compare_lab``): the pages show the lab's own profile, which may not be public, and
they are a working tool of the lab. Everybody else gets 403 for a lab they see (log-in for an
anonymous visitor) and 404 for one they do not. The other labs are chosen among the profiles the
person may see (case studies, and hosted labs visible to them).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from kosilab.core.http import HtmxRequest
from kosilab.core.permissions import get_visible_or_404, require_perm
from kosilab.knowledge import compare, selectors
from kosilab.knowledge.compare_pdf import render_side_by_side
from kosilab.knowledge.models import LabProfile
from kosilab.labs.models import Lab

MAX_CHOSEN = 3
SEARCH_RESULTS = 20
SLUG_MAX = 80


def _lab(request: HtmxRequest, lab_slug: str) -> Lab:
    lab = get_visible_or_404(request, Lab.objects.all(), "labs.view_lab", slug=lab_slug)
    require_perm(request, "knowledge.compare_lab", lab)
    return lab


def _edit_url(lab: Lab) -> str:
    return selectors.own_profile_edit_url(lab)


@require_GET
def similar(request: HtmxRequest, lab_slug: str) -> HttpResponse:
    """Labs like yours: the case-study labs most like the lab's own profile, with the reasons."""
    lab = _lab(request, lab_slug)
    own = selectors.own_profile(lab)
    context = {
        "lab": lab,
        "own": own,
        "matches": selectors.similar_labs(own),
        "nearly_empty": compare.nearly_empty(own),
        "stated": len(compare.stated(own)),
        "criteria": compare.CRITERIA,
        "edit_url": _edit_url(lab),
        "max_chosen": MAX_CHOSEN,
    }
    return render(request, "knowledge/compare/similar.html", context)


class SlugList(forms.Field):
    """Every value of a repeated query parameter (``?with=a&with=b``)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[str]:
        values = value if isinstance(value, list | tuple) else ([value] if value else [])
        return [str(item).strip() for item in values if str(item).strip()]


class ChooseForm(forms.Form):
    """The labs to compare with (``with``, one to three, by the short name of their profile) and
    a search for more labs to choose from (``q``). Read from the query string."""

    q = forms.CharField(label=gettext_lazy("Find another lab by name or city"), required=False, max_length=100)

    def __init__(self, data: Any, *, lab: Lab, own: LabProfile, user: Any) -> None:
        super().__init__(data)
        self.fields["with"] = SlugList(required=False)
        self.lab, self.own, self.user = lab, own, user
        self.chosen: list[LabProfile] = []

    def clean_with(self) -> list[str]:
        slugs: list[str] = []
        for value in self.cleaned_data.get("with") or []:
            try:
                if len(value) > SLUG_MAX:
                    raise ValidationError("too long")
                validate_slug(value)
            except ValidationError:
                raise ValidationError(
                    _("“%(value)s” is not the short name of a lab.") % {"value": value[:40]}, code="invalid"
                ) from None
            if value not in slugs:
                slugs.append(value)
        if len(slugs) > MAX_CHOSEN:
            raise ValidationError(_("Choose at most three labs to compare with your lab."), code="too_many")
        return slugs

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        slugs: list[str] = data.get("with") or []
        if not slugs:
            return data
        found = selectors.comparable_profiles_by_slug(self.user, slugs)
        errors = []
        for slug in slugs:
            profile = found.get(slug)
            if profile is None:
                errors.append(_("No lab with the short name “%(slug)s” was found.") % {"slug": slug})
            elif profile.lab_id == self.lab.pk:
                errors.append(_("This is your own lab: choose other labs to compare it with."))
            else:
                self.chosen.append(profile)
        for error in errors:
            self.add_error("with", error)
        return data


@dataclass(frozen=True)
class Option:
    profile: LabProfile
    checked: bool


def _options(form: ChooseForm, matches: list[compare.Match]) -> list[Option]:
    """What the choose form offers: the labs chosen, then the labs most like this one, then the
    search's hits; each once, never the own lab."""
    chosen = {profile.pk for profile in form.chosen}
    offered: list[LabProfile] = list(form.chosen) + [match.profile for match in matches]
    query = form.cleaned_data.get("q", "")
    if query:
        offered += selectors.comparable_profiles_search(form.user, query, exclude_lab=form.lab, limit=SEARCH_RESULTS)
    seen: set[int] = set()
    options = []
    for profile in offered:
        if profile.pk in seen or profile.lab_id == form.lab.pk:
            continue
        seen.add(profile.pk)
        options.append(Option(profile, profile.pk in chosen))
    return options


def _choose(request: HtmxRequest, lab_slug: str) -> tuple[Lab, LabProfile, ChooseForm]:
    lab = _lab(request, lab_slug)
    own = selectors.own_profile(lab)
    form = ChooseForm(request.GET, lab=lab, own=own, user=request.user)
    form.is_valid()
    return lab, own, form


def _page(request: HtmxRequest, lab: Lab, own: LabProfile, form: ChooseForm, *, status: int = 200) -> HttpResponse:
    matches = selectors.similar_labs(own)
    chosen = form.chosen if form.is_valid() else []
    context = {
        "lab": lab,
        "own": own,
        "form": form,
        "options": _options(form, matches),
        "chosen": chosen,
        "rows": compare.side_by_side(own, chosen) if chosen else [],
        "nearly_empty": compare.nearly_empty(own),
        "edit_url": _edit_url(lab),
        "query_string": request.GET.urlencode() if chosen else "",
        "max_chosen": MAX_CHOSEN,
    }
    return render(request, "knowledge/compare/side_by_side.html", context, status=status)


@require_GET
def side_by_side(request: HtmxRequest, lab_slug: str) -> HttpResponse:
    """The own lab against one to three chosen labs, facet by facet; printable."""
    lab, own, form = _choose(request, lab_slug)
    return _page(request, lab, own, form, status=200 if form.is_valid() else 400)


@require_GET
def side_by_side_pdf(request: HtmxRequest, lab_slug: str) -> HttpResponse:
    """The side-by-side table as a PDF; without a valid choice, the page with the message (400)."""
    lab, own, form = _choose(request, lab_slug)
    if form.is_valid() and not form.chosen:
        form.add_error("with", _("Choose one to three labs to compare with your lab."))
    if not form.is_valid():
        return _page(request, lab, own, form, status=400)
    content = render_side_by_side(lab, own, form.chosen, compare.side_by_side(own, form.chosen))
    response = HttpResponse(content, content_type="application/pdf")
    filename = f"{slugify(_('comparison')) or 'comparison'}-{lab.slug}-{timezone.localdate():%Y-%m-%d}.pdf"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    patch_cache_control(response, private=True, no_store=True)
    return response
