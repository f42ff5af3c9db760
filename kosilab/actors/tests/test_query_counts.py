"""The pages of organisations and people answer with a fixed number of SQL queries, whatever the
number of organisations or people (1 and 50; see kosilab/core/tests/queries.py)."""

from __future__ import annotations

import pytest

from kosilab.actors.models import Profile
from kosilab.core.tests.factories import OrganisationFactory, UserFactory
from kosilab.core.tests.queries import grow_and_measure, list_pages_test

pytestmark = pytest.mark.django_db

# Pinned query counts per page: (anonymous, lab manager). Session and user lookups included.
PINS = {
    "organisations": (2, 5),
    "people": (2, 5),
    "organisation": (4, 7),
}


@pytest.fixture
def setting(query_setting):
    return query_setting


def _people_with_organisations(n):
    for _ in range(n):
        UserFactory(profile={"visibility": "public", "organisation": OrganisationFactory(), "skills": "Moderation"})


test_list_pages_have_a_fixed_query_count = list_pages_test(
    [
        (
            "organisations",
            lambda s: "/actors/organisations/",
            lambda s: lambda n: [OrganisationFactory() for _ in range(n)],
        ),
        ("people", lambda s: "/actors/people/", lambda s: _people_with_organisations),
    ],
    PINS,
)


@pytest.mark.parametrize("as_manager", [False, True], ids=["anonymous", "manager"])
def test_organisation_page_does_not_grow_with_people(client, setting, as_manager):
    org = OrganisationFactory()
    if as_manager:
        client.force_login(setting["manager"])

    def grow(n):
        for _ in range(n):
            Profile.objects.filter(user=UserFactory()).update(organisation=org, visibility="public")

    one, fifty = grow_and_measure(client, f"/actors/organisations/{org.pk}/", grow)
    assert one == fifty
    assert one == PINS["organisation"][as_manager]
