"""The pages of "compare your lab" and of the network of labs answer with a fixed number of SQL
queries, whatever the number of case-study labs, hosted labs, profiles and relations (1 and 50;
see kosilab/core/tests/queries.py)."""

from __future__ import annotations

import itertools

import pytest

from kosilab.core.tests.factories import LabFactory, UserFactory
from kosilab.core.tests.queries import count, login_if_manager
from kosilab.knowledge.tests.comparing import OWN_FACETS, case_study, only_these_case_studies, own_profile, relate
from kosilab.labs.models import LabRole
from kosilab.labs.services import lab_team_set

pytestmark = pytest.mark.django_db

# (anonymous, lab manager); session and user look-ups included. "Labs like yours" and the side by
# side: session, user, lab, lab roles; the own profile; the compared columns of all case studies
# (plain rows) and the ten best as profiles.
PINS = {
    "similar": (None, 7),
    "side_by_side": (None, 8),  # + the chosen profiles
    "side_by_side_search": (None, 9),  # + the search's hits
    "side_by_side_pdf": (None, 6),  # the chosen profiles, no ranking
    "network": (4, 7),  # labs with profiles, relations, case studies: count and page
    "network_lab": (4, 9),  # the lab, its profile, its relations, who names it (+ roles, the form's two lists)
    "lab_page_section": 2,  # the lab page's section: the profile, the relations
}

_numbers = itertools.count()


@pytest.fixture
def setting(query_setting):
    global _numbers
    _numbers = itertools.count()  # the first case study is case-0, the first hosted lab hosted-1
    only_these_case_studies()
    own_profile(query_setting["lab"], **OWN_FACETS)
    return query_setting


def _grow_case_studies(setting, n):
    for _ in range(n):
        number = next(_numbers)
        target = case_study(
            f"case-{number}", f"Case {number}", positions=["edge"], themes=["mobility"], website="https://example.org"
        )
        relate(setting["lab"], target, "partner" if number % 2 else "role_model", note="n")


def _grow_hosted_labs(setting, n):
    for _ in range(n):
        number = next(_numbers)
        lab = LabFactory(slug=f"hosted-{number}", name=f"Hosted {number}", contact_email="a@example.org")
        own_profile(lab, positions=["inside"])
        lab_team_set(lab=lab, user=UserFactory(), role=LabRole.MANAGER, by=None)
        relate(lab, own_profile(setting["lab"]), "role_model")
        relate(setting["lab"], own_profile(lab), "partner")


def _measure(client, setting, url, as_manager):
    login_if_manager(client, setting, as_manager)
    _grow_case_studies(setting, 1)
    _grow_hosted_labs(setting, 1)
    one = count(client, url)
    _grow_case_studies(setting, 49)
    _grow_hosted_labs(setting, 49)
    fifty = count(client, url)
    return one, fifty


@pytest.mark.parametrize(
    ("page", "path"),
    [
        ("similar", "/knowledge/compare/q/"),
        ("side_by_side", "/knowledge/compare/q/side-by-side/?with=case-0&with=hosted-1-profile"),
        ("side_by_side_search", "/knowledge/compare/q/side-by-side/?with=case-0&q=case"),
        ("side_by_side_pdf", "/knowledge/compare/q/side-by-side.pdf?with=case-0&with=hosted-1-profile"),
    ],
)
def test_compare_pages_do_not_grow_with_profiles_or_relations(client, setting, page, path):
    one, fifty = _measure(client, setting, path, as_manager=True)
    assert (one, fifty) == (PINS[page][True],) * 2


@pytest.mark.parametrize("as_manager", [False, True], ids=["anonymous", "manager"])
@pytest.mark.parametrize(
    ("page", "path"), [("network", "/knowledge/network/"), ("network_lab", "/knowledge/network/q/")]
)
def test_network_pages_do_not_grow_with_labs_or_relations(client, setting, as_manager, page, path):
    one, fifty = _measure(client, setting, path, as_manager)
    assert (one, fifty) == (PINS[page][as_manager],) * 2


def test_the_lab_page_section_asks_two_queries_whatever_the_relations(client, setting, django_assert_num_queries):
    from django.test import RequestFactory

    from kosilab.knowledge.contributions import profile_and_network

    request = RequestFactory().get("/")
    request.user = setting["manager"]
    _grow_case_studies(setting, 30)
    lab = setting["lab"]
    profile_and_network(request, lab)  # the manager's roles are loaded once per request
    with django_assert_num_queries(PINS["lab_page_section"]):
        html = profile_and_network(request, lab)
    assert html.count("Case ") >= 30
