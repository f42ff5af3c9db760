"""The network pages: what each reader sees, the filters, bad input, the background analysis."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from kosilab.cooperation.models import AnalysisStatus, NetworkAnalysis
from kosilab.cooperation.tests.factories import small_network
from kosilab.core.tests.english import english_everywhere  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def net(lab):
    return small_network(lab)


def page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_public_sees_the_organisations_of_public_work_only(client, lab, net):
    html = page(client, f"/cooperation/lab/{lab.slug}/")

    assert "City office" in html and "Bike Ltd" in html and "University" in html
    assert "Neighbourhood Association" not in html  # only tied through the internal process
    assert "Greta Public" not in html  # no people for the public
    assert 'role="img"' in html and "<title" in html and "<desc" in html


def test_people_are_ignored_for_the_public(client, lab, net):
    html = page(client, f"/cooperation/lab/{lab.slug}/", nodes="person")

    assert "Greta Public" not in html and "Person 1" not in html
    assert 'name="nodes"' not in html


def test_the_lab_team_sees_everything_and_people_named_as_their_profiles_allow(client, lab, manager, net):
    client.force_login(manager)

    html = page(client, f"/cooperation/lab/{lab.slug}/")
    assert "Neighbourhood Association" in html  # the internal process counts for the team

    html = page(client, f"/cooperation/lab/{lab.slug}/", nodes="person")
    assert "Greta Public" in html and "Bert Members" in html and "Carl Club" in html
    assert "Pia Private" not in html  # a private profile is never named
    assert "Person 1" in html


def test_a_platform_admin_never_sees_a_private_profile_named(client, lab, admin_user, net):
    client.force_login(admin_user)

    html = page(client, f"/cooperation/lab/{lab.slug}/", nodes="person")

    assert "Greta Public" in html
    assert "Pia Private" not in html


def test_another_labs_manager_sees_the_public_network(client, lab, other_manager, net):
    client.force_login(other_manager)

    html = page(client, f"/cooperation/lab/{lab.slug}/", nodes="person")

    assert "Neighbourhood Association" not in html and "Greta Public" not in html


def test_a_private_lab_does_not_exist_for_outsiders(client, lab, net):
    lab.is_public = False
    lab.save()

    assert client.get(f"/cooperation/lab/{lab.slug}/").status_code == 404
    assert client.get("/cooperation/lab/no-such-lab/").status_code == 404


def test_filters_by_kind_and_time(client, lab, manager, net):
    client.force_login(manager)

    assert "City office" not in page(client, f"/cooperation/lab/{lab.slug}/", kinds="event")
    assert "No ties yet for these filters" in page(client, f"/cooperation/lab/{lab.slug}/", end="2000-01-01")
    assert "City office" in page(client, f"/cooperation/lab/{lab.slug}/", kinds=["team", "event"])


@pytest.mark.parametrize(
    "params",
    [
        {"start": "2024-05-01", "end": "2024-01-01"},
        {"start": "0001-01-01"},
        {"kinds": "friendship"},
        {"nodes": "lab"},
        {"start": "not a date"},
    ],
)
def test_bad_filters_get_a_message_and_the_network_without_them(client, lab, manager, net, params):
    client.force_login(manager)

    html = page(client, f"/cooperation/lab/{lab.slug}/", **params)

    assert "Some filters could not be used" in html
    assert "City office" in html


def test_a_change_shows_on_the_next_request(client, lab, net):
    from kosilab.cooperation.tests.factories import member, person
    from kosilab.core.tests.factories import OrganisationFactory

    url = f"/cooperation/lab/{lab.slug}/"
    assert "Green Energy" not in page(client, url)
    member(net["public"], person(OrganisationFactory(name="Green Energy", sector="business")))

    assert "Green Energy" in page(client, url)


def test_the_lab_page_links_to_its_network(client, lab):
    html = page(client, lab.get_absolute_url())

    assert f'href="/cooperation/lab/{lab.slug}/"' in html


# --- The installation: analysed in the background ---------------------------------------------


def test_the_installation_page_queues_an_analysis_and_shows_it_when_done(
    client, lab, other_lab, net, django_capture_on_commit_callbacks
):
    small_network(other_lab, prefix="Other ")

    with django_capture_on_commit_callbacks(execute=True):
        first = page(client, "/cooperation/")
    assert "The analysis of the network is queued" in first
    assert 'hx-get="/cooperation/"' in first
    analysis = NetworkAnalysis.objects.get()
    assert analysis.status == AnalysisStatus.DONE  # the immediate backend ran the task after the commit
    assert analysis.progress == 100

    html = page(client, "/cooperation/")
    assert "City office" in html and "Other Bike Ltd" in html
    assert "The labs compared" in html and "Home Lab" in html and "Other Lab" in html
    assert "queued" not in html
    assert NetworkAnalysis.objects.count() == 1  # kept until the data changes


def test_the_progress_poll_reloads_the_page_when_ready(client, lab, net, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        page(client, "/cooperation/")
    poll = client.get("/cooperation/", headers={"HX-Request": "true"})
    assert poll.status_code == 200
    assert "queued" in poll.content.decode()

    from kosilab.cooperation.services import network_analysis_run

    network_analysis_run(analysis_id=NetworkAnalysis.objects.get().pk)
    poll = client.get("/cooperation/", headers={"HX-Request": "true"})
    assert poll.headers["HX-Refresh"] == "true"


def test_a_change_queues_a_new_analysis_and_the_old_one_is_shown_meanwhile(
    client, lab, net, django_capture_on_commit_callbacks
):
    from kosilab.cooperation.tests.factories import member, person
    from kosilab.core.tests.factories import OrganisationFactory

    with django_capture_on_commit_callbacks(execute=True):
        page(client, "/cooperation/")
    member(net["public"], person(OrganisationFactory(name="Green Energy", sector="business")))

    with django_capture_on_commit_callbacks(execute=False):
        html = page(client, "/cooperation/")
    assert "from before the latest changes" in html
    assert "City office" in html and "Green Energy" not in html
    assert NetworkAnalysis.objects.filter(status=AnalysisStatus.QUEUED).count() == 1

    from kosilab.cooperation.services import network_analysis_run

    network_analysis_run(analysis_id=NetworkAnalysis.objects.get(status=AnalysisStatus.QUEUED).pk)
    assert "Green Energy" in page(client, "/cooperation/")
    assert NetworkAnalysis.objects.count() == 1  # the older analysis is gone


def test_the_admin_and_the_public_get_analyses_of_their_own(
    client, lab, admin_user, net, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page(client, "/cooperation/")
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        page(client, "/cooperation/")
    html = page(client, "/cooperation/")

    assert NetworkAnalysis.objects.count() == 2
    assert "Neighbourhood Association" in html
