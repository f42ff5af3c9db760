"""Every co-creation page answers with a fixed number of SQL queries, whatever the number of ideas,
comments, replies, supports or reports (1 and 50), for anonymous visitors and for a lab manager."""

from __future__ import annotations

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from kosilab.cocreation import services
from kosilab.cocreation.tests.factories import comment, idea, open_challenge, open_phase
from kosilab.core.tests.factories import UserFactory
from kosilab.core.tests.queries import grow_and_measure, login_if_manager

pytestmark = pytest.mark.django_db

# (anonymous, lab manager); None: the page is not for anonymous visitors.
PINS = {
    # The lab manager, the cards rendered (not kept yet): + the process roles (part of the audience
    # the cards are kept for) and the ideas of the page they support (filled in for each reader).
    "list": (3, 8),
    "phase_list": (3, 8),
    # The manager, the threads rendered (not kept yet): + the process roles (the audience); "change"
    # and "delete" under their own comments come from the marks in the threads, without a query. The
    # idea and its place are two queries (selectors.idea_with_place).
    "detail": (5, 10),
    "moderation": (None, 6),
}


@pytest.fixture
def setting(query_setting):
    return query_setting


def _ideas(place):
    def grow(n):
        for _ in range(n):
            one = idea(place)
            top = comment(one)
            comment(one, parent=top)
            services.idea_support(idea=one, user=UserFactory())

    return grow


@pytest.mark.parametrize("as_manager", [False, True], ids=["anonymous", "manager"])
@pytest.mark.parametrize("sort", ["new", "supported", "discussed"])
def test_idea_list(client, setting, as_manager, sort):
    place = open_challenge(setting["lab"])
    login_if_manager(client, setting, as_manager)
    one, fifty = grow_and_measure(client, f"/ideas/challenge/{place.pk}/?sort={sort}", _ideas(place))
    assert (one, fifty) == (PINS["list"][as_manager],) * 2


@pytest.mark.parametrize("as_manager", [False, True], ids=["anonymous", "manager"])
def test_phase_idea_list(client, setting, as_manager):
    place = open_phase(setting["lab"])
    login_if_manager(client, setting, as_manager)
    one, fifty = grow_and_measure(client, f"/ideas/phase/{place.pk}/", _ideas(place))
    assert (one, fifty) == (PINS["phase_list"][as_manager],) * 2


@pytest.mark.parametrize("as_manager", [False, True], ids=["anonymous", "manager"])
def test_idea_page(client, setting, as_manager):
    the_idea = idea(open_challenge(setting["lab"]))
    login_if_manager(client, setting, as_manager)

    def grow(n):
        for _ in range(n):
            top = comment(the_idea)
            comment(the_idea, parent=top)
            comment(the_idea, parent=top)
            services.idea_support(idea=the_idea, user=UserFactory())

    one, fifty = grow_and_measure(client, f"/ideas/{the_idea.pk}/", grow)
    assert (one, fifty) == (PINS["detail"][as_manager],) * 2


def test_moderation_page(client, setting):
    place = open_challenge(setting["lab"])
    client.force_login(setting["manager"])

    def grow(n):
        for _ in range(n):
            one = idea(place)
            services.report_create(idea=one, reporter=UserFactory(), reason="Spam")
            services.report_create(idea=one, comment=comment(one), reporter=UserFactory(), reason="Rude")

    one, fifty = grow_and_measure(client, f"/ideas/moderation/{setting['lab'].slug}/", grow)
    assert (one, fifty) == (PINS["moderation"][True],) * 2


@pytest.mark.parametrize("kind", ["challenge", "process"])
def test_the_panel_takes_one_query(setting, kind):
    if kind == "challenge":
        target = open_challenge(setting["lab"])
        place = target
    else:
        place = open_phase(setting["lab"])
        target = place.process
    _ideas(place)(3)
    request = RequestFactory().get("/")
    request.user = UserFactory()
    template = Template('{% include "cocreation/_panel.html" %}')
    with CaptureQueriesContext(connection) as queries:
        html = template.render(Context({"target": target, "request": request}))
    assert len(queries) == 1
    assert "3 ideas so far." in html
    assert "Submit an idea" in html
