"""Every page of the case-study library answers with a fixed number of SQL queries, whatever the
number of profiles, facts, linked methods and versions (kosilab/core/tests/queries.py)."""

from __future__ import annotations

import itertools

import pytest

from kosilab.core.tests.factories import LabFactory
from kosilab.core.tests.queries import grow_and_measure, login_if_manager
from kosilab.knowledge.facets import FACTS
from kosilab.knowledge.history import record_revision
from kosilab.knowledge.models import LabProfile, RevisionSource
from kosilab.knowledge.tests.library_factories import ProfileFactory, fact
from kosilab.methods.tests.factories import MethodFactory

pytestmark = pytest.mark.django_db

# Pinned query counts per page: (anonymous, lab manager). Session and user lookups included.
PINS = {
    # facet counts, count, page (+ session, user, lab roles; may this person review proposals: for all
    # but platform admins, Django's ModelBackend asks the user's and groups' model permissions once)
    "library": (3, 8),
    "world": (2, 5),  # facet counts, the profiles (+ session, user, lab roles)
    "timeline": (4, 7),  # facet counts, count, page, span of years (+ session, user, lab roles)
    "profile": (2, 5),  # profile with its lab, linked methods (+ session, user, lab roles)
    # a case study: as a profile (a lab manager may propose a change: the rules say so, and Django's
    # ModelBackend is not asked; for a signed-in person who may not, it asks once: + 2)
    "case_profile": (2, 5),
    "history": (3, 6),  # profile, count, page with authors (+ session, user, lab roles)
    "revision": (2, 5),  # profile, the version and the one before (+ session, user, lab roles)
}
THEMES = ["mobility", "education", "employment"]


@pytest.fixture
def setting(query_setting):
    profile = ProfileFactory(
        slug="original",
        lab=query_setting["lab"],
        method_families=["living_lab"],
        themes=THEMES,
        facts={key: fact() for key in FACTS},
    )
    record_revision(profile=profile, source=RevisionSource.DATA_FILE)
    case = ProfileFactory(slug="case-study", lab=None, themes=THEMES, facts={key: fact() for key in FACTS})
    return {**query_setting, "profile": profile, "case": case, "numbers": itertools.count()}


def _profiles(s):
    """Case studies and profiles of labs, every fact stated with a source."""

    def grow(n):
        for _ in range(n):
            i = next(s["numbers"])
            lab = s["lab"] if i % 5 == 0 else LabFactory(slug=f"lab-{i}", name=f"Lab {i}", is_public=i % 2 == 0)
            ProfileFactory(
                lab=None if i % 3 else (lab if not LabProfile.objects.filter(lab=lab).exists() else None),
                country=["DE", "DK", "MX", "GB"][i % 4],
                founded=1990 + i % 30 if i % 7 else None,
                ended=2020 if i % 4 == 1 else None,
                status="ended" if i % 4 == 1 else "active",
                end_mode="closed" if i % 4 == 1 else "",
                themes=THEMES[: 1 + i % 3],
                sectors=["public", "science"],
                has_space=i % 2 == 0,
                facts={key: fact() for key in FACTS},
            )

    return grow


def _methods_and_facts(s):
    """Linked methods of the library on the one profile."""

    def grow(n):
        for _ in range(n):
            i = next(s["numbers"])
            s["profile"].methods.add(MethodFactory(slug=f"method-q-{i}"))

    return grow


def _case_methods(s):
    """Linked methods of the library on the case study."""

    def grow(n):
        for _ in range(n):
            s["case"].methods.add(MethodFactory(slug=f"method-c-{next(s['numbers'])}"))

    return grow


def _versions(s):
    def grow(n):
        for _ in range(n):
            profile = s["profile"]
            profile.name = f"Name {next(s['numbers'])}"
            profile.save()
            record_revision(profile=profile, source=RevisionSource.EDIT, author=s["manager"], changed=["name"])

    return grow


@pytest.mark.parametrize("as_manager", [False, True], ids=["anonymous", "manager"])
@pytest.mark.parametrize(
    ("page", "url", "grow"),
    [
        ("library", lambda s: "/knowledge/", _profiles),
        (
            "library",
            lambda s: "/knowledge/?q=lab&theme=mobility&theme=education&country=DE&decade=1990&decade=unknown",
            _profiles,
        ),
        ("library", lambda s: "/knowledge/?kind=case_study&space=yes&status=active&page=2&size=20", _profiles),
        ("world", lambda s: "/knowledge/world/?theme=education", _profiles),
        ("timeline", lambda s: "/knowledge/timeline/", _profiles),
        ("timeline", lambda s: "/knowledge/timeline/?q=profile&status=active", _profiles),
        ("profile", lambda s: "/knowledge/labs/original/", _methods_and_facts),
        ("case_profile", lambda s: "/knowledge/labs/case-study/", _case_methods),
        ("history", lambda s: "/knowledge/labs/original/history/", _versions),
        ("revision", lambda s: "/knowledge/labs/original/history/2/", _versions),
    ],
)
def test_pages_have_a_fixed_query_count(client, setting, as_manager, page, url, grow):
    login_if_manager(client, setting, as_manager)
    one, fifty = grow_and_measure(client, url(setting), grow(setting))
    assert one == fifty, f"{page}: {one} queries with 1 row, {fifty} with 50"
    assert one == PINS[page][as_manager]
