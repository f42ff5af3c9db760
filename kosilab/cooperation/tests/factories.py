"""A small network for the page tests: a lab with a public and an internal process, people of the
four sectors, one of whom keeps their profile private."""

from __future__ import annotations

import datetime

from kosilab.actors.models import Visibility
from kosilab.core.sectors import Sector
from kosilab.core.tests.factories import OrganisationFactory, ProcessFactory, UserFactory
from kosilab.processes.models import ProcessMember

START = datetime.date(2024, 1, 15)


def person(organisation=None, visibility=Visibility.MEMBERS, name=None):
    values = {
        "profile": {
            "organisation": organisation,
            "sector": organisation.sector if organisation else "",
            "visibility": visibility,
        }
    }
    if name:
        values["name"] = name
    return UserFactory(**values)


def member(process, user, organisation=None):
    organisation = organisation or user.profile.organisation
    return ProcessMember.objects.create(
        process=process,
        user=user,
        organisation=organisation,
        sector=organisation.sector if organisation else Sector.PUBLIC,
    )


def small_network(lab, *, prefix=""):
    """Public process: City office, Bike Ltd, University (Greta Public, Bert Members, Pia Private);
    internal process: City office and Neighbourhood Association. Returns the objects by name."""
    city = OrganisationFactory(name=f"{prefix}City office", sector=Sector.PUBLIC)
    firm = OrganisationFactory(name=f"{prefix}Bike Ltd", sector=Sector.BUSINESS)
    uni = OrganisationFactory(name=f"{prefix}University", sector=Sector.SCIENCE)
    club = OrganisationFactory(name=f"{prefix}Neighbourhood Association", sector=Sector.CIVIL_SOCIETY)
    greta = person(city, Visibility.PUBLIC, name=f"{prefix}Greta Public")
    bert = person(firm, Visibility.MEMBERS, name=f"{prefix}Bert Members")
    pia = person(uni, Visibility.PRIVATE, name=f"{prefix}Pia Private")
    carl = person(club, Visibility.PUBLIC, name=f"{prefix}Carl Club")
    public = ProcessFactory(lab=lab, started_on=START, title="Bicycle garages")
    for user in (greta, bert, pia):
        member(public, user)
    internal = ProcessFactory(lab=lab, started_on=START, title="Internal matter", visibility="internal")
    member(internal, greta)
    member(internal, carl)
    return {
        "city": city,
        "firm": firm,
        "uni": uni,
        "club": club,
        "greta": greta,
        "bert": bert,
        "pia": pia,
        "carl": carl,
        "public": public,
        "internal": internal,
    }
