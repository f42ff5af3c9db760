from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kosilab.accounts.forms import AccountForm
from kosilab.accounts.models import User
from kosilab.actors import services
from kosilab.actors.forms import OrganisationForm, ProfileForm
from kosilab.actors.models import Organisation, Profile, Visibility
from kosilab.actors.selectors import organisation_search, people_directory, people_search
from kosilab.core.errors import DomainError
from kosilab.core.forms import save_form
from kosilab.core.pagination import paginate
from kosilab.core.permissions import get_visible_or_404, require_perm
from kosilab.core.queries import count_of
from kosilab.core.sectors import Sector
from kosilab.core.widgets import autocomplete_view


def organisation_list(request: HttpRequest) -> HttpResponse:
    sector = request.GET.get("sector", "")
    query = request.GET.get("q", "").strip()[:100]
    organisations = Organisation.objects.annotate(
        people_total=count_of(Profile.objects.all(), "organisation")
    ).order_by("name", "pk")
    if sector in Sector.values:
        organisations = organisations.filter(sector=sector)
    if query:
        organisations = organisations.filter(Q(name__icontains=query) | Q(city__icontains=query))
    context = {
        "page_obj": paginate(request, organisations),
        "sectors": Sector.choices,
        "sector": sector,
        "query": query,
        "can_add": request.user.has_perm("actors.add_organisation"),
    }
    return render(request, "actors/organisation_list.html", context)


def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_visible_or_404(request, Organisation.objects.all(), "actors.view_organisation_public", pk=pk)
    people = Profile.objects.filter(organisation=organisation).select_related("user").order_by("user__name", "pk")
    if request.user.is_authenticated:
        people = people.filter(visibility__in=[Visibility.PUBLIC, Visibility.MEMBERS])
    else:
        people = people.filter(visibility=Visibility.PUBLIC)
    context = {
        "organisation": organisation,
        "page_obj": paginate(request, people),
        "labs_hosted": organisation.hosted_labs.order_by("name"),
        "can_change": request.user.has_perm("actors.change_organisation", organisation),
    }
    return render(request, "actors/organisation_detail.html", context)


@require_http_methods(["GET", "POST"])
def organisation_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    organisation = None
    if pk is not None:
        organisation = get_visible_or_404(request, Organisation.objects.all(), "actors.view_organisation_public", pk=pk)
        require_perm(request, "actors.change_organisation", organisation)
    else:
        require_perm(request, "actors.add_organisation", None)
    form = OrganisationForm(request.POST or None, instance=organisation)

    def save(data: dict[str, Any]) -> Organisation:
        if organisation is None:
            return services.organisation_create(by=request.user, **data)
        return services.organisation_update(organisation=organisation, by=request.user, **data)

    if saved := save_form(request, form, save):
        messages.success(request, _("The organisation has been saved."))
        return redirect(saved)
    return render(request, "actors/organisation_form.html", {"form": form, "organisation": organisation})


def person_list(request: HttpRequest) -> HttpResponse:
    sector = request.GET.get("sector", "")
    query = request.GET.get("q", "").strip()[:100]
    people = people_directory(request.user, sector=sector if sector in Sector.values else "", query=query)
    context = {"page_obj": paginate(request, people), "sectors": Sector.choices, "sector": sector, "query": query}
    return render(request, "actors/person_list.html", context)


def person_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    profile = get_visible_or_404(
        request, Profile.objects.select_related("user", "organisation"), "actors.view_profile", user_id=user_id
    )
    return render(request, "actors/person_detail.html", {"profile": profile})


@login_required
@require_http_methods(["GET", "POST"])
def my_profile(request: HttpRequest) -> HttpResponse:
    """The person's own account (name, language) and profile, saved together."""
    user = request.user
    assert isinstance(user, User)
    # Reading the page writes nothing: a missing profile is made when the form is saved.
    person = Profile.objects.select_related("organisation").filter(user=user).first() or Profile(user=user)
    account_form = AccountForm(request.POST or None, instance=user, prefix="account")
    profile_form = ProfileForm(request.POST or None, instance=person, prefix="profile")
    if request.method == "POST" and account_form.is_valid() and profile_form.is_valid():
        try:
            services.account_update(
                user=user,
                profile=person,
                name=account_form.cleaned_data["name"],
                language=account_form.cleaned_data["language"],
                **profile_form.cleaned_data,
            )
        except DomainError as error:
            profile_form.add_error(error.field, error.message)
        else:
            messages.success(request, _("Your profile has been saved."))
            return redirect("actors:my_profile")
    return render(request, "actors/my_profile.html", {"account_form": account_form, "profile_form": profile_form})


@login_required
@require_http_methods(["GET"])
def people_autocomplete(request: HttpRequest) -> HttpResponse:
    """Matches for the people field of team forms: whom the directory shows the viewer."""
    return autocomplete_view(request, lambda text: people_search(request.user, text))


@login_required
@require_http_methods(["GET"])
def organisation_autocomplete(request: HttpRequest) -> HttpResponse:
    """Matches for an organisation field (e.g. of the profile)."""
    return autocomplete_view(request, organisation_search)
