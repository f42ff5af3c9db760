"""Permission matrix rows for the case-study library (see kosilab/core/tests/matrix.py).

The library, the world list and the timeline are for everybody and list what the person may see.
A case study's profile, its history and its versions are public; the profile of a lab on this
platform exists exactly where its lab does (a lab that is not public: only for its team).
"""

from __future__ import annotations

import pytest

from kosilab.core.tests.matrix import ANYONE, PRIVATE_ELSEWHERE, case, matrix_test
from kosilab.knowledge.history import record_revision
from kosilab.knowledge.models import RevisionSource
from kosilab.knowledge.tests.library_factories import ProfileFactory


@pytest.fixture
def world(matrix_world):
    profiles = {
        "case": ProfileFactory(slug="case", lab=None),
        "home_profile": ProfileFactory(slug="home-profile", lab=matrix_world["lab"]),
        "hidden_profile": ProfileFactory(slug="hidden-profile", lab=matrix_world["private_lab"]),
    }
    for profile in profiles.values():
        record_revision(profile=profile, source=RevisionSource.EDIT, author=matrix_world["people"]["manager"])
    return {**matrix_world, **profiles}


CASES = [
    case("knowledge:library", "get", "/knowledge/", ANYONE),
    case("knowledge:library-filtered", "get", "/knowledge/?q=lab&kind=case_study&theme=mobility&country=DE", ANYONE),
    case("knowledge:world", "get", "/knowledge/world/", ANYONE),
    case("knowledge:timeline", "get", "/knowledge/timeline/?status=active", ANYONE),
    case("knowledge:profile", "get", "/knowledge/labs/case/", ANYONE),
    case("knowledge:profile-hosted", "get", "/knowledge/labs/home-profile/", ANYONE),
    case("knowledge:profile-private", "get", "/knowledge/labs/hidden-profile/", PRIVATE_ELSEWHERE),
    case("knowledge:history", "get", "/knowledge/labs/case/history/", ANYONE),
    case("knowledge:history-private", "get", "/knowledge/labs/hidden-profile/history/", PRIVATE_ELSEWHERE),
    case("knowledge:revision", "get", "/knowledge/labs/home-profile/history/1/", ANYONE),
    case("knowledge:revision-private", "get", "/knowledge/labs/hidden-profile/history/1/", PRIVATE_ELSEWHERE),
    case("knowledge:revision-missing", "get", "/knowledge/labs/case/history/99/", dict.fromkeys(ANYONE, 404)),
]

test_permission_matrix = matrix_test(CASES)


def test_the_pages_answer_only_get(client, world):
    for url in ("/knowledge/", "/knowledge/world/", "/knowledge/timeline/", "/knowledge/labs/case/"):
        assert client.post(url).status_code == 405
