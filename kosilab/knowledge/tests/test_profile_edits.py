"""Writes of a profile: edits at the version seen, provenance of the changed facts, checks of facts,
and a hosted lab's own profile (services.py)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import translation

from kosilab.core.errors import DomainError
from kosilab.core.models import AuditEntry
from kosilab.core.tests.factories import LabFactory, UserFactory
from kosilab.knowledge import services
from kosilab.knowledge.models import LabProfile, ProfileRevision, RevisionSource
from kosilab.knowledge.tests.editing import CHECKED, case_study

pytestmark = pytest.mark.django_db

TODAY = dt.date(2031, 3, 14)
STALE = "Somebody else has changed this profile since you opened it."


@pytest.fixture(autouse=True)
def english_and_a_fixed_day():
    with translation.override("en"), time_machine.travel(dt.datetime(2031, 3, 14, 11, 0, tzinfo=dt.UTC), tick=True):
        yield


@pytest.fixture
def profile():
    return case_study()


@pytest.fixture
def admin():
    return UserFactory(is_superuser=True, is_staff=True)


def test_an_edit_writes_the_values_dates_the_changed_facts_and_keeps_a_version(profile, admin):
    services.profile_update(
        profile=profile,
        actor=admin,
        data={
            "founded": 2003,
            "themes": ["mobility", "employment"],
            "facts": {"founded": {"sources": ["https://example.org/annual-report"], "certainty": "confirmed"}},
        },
        comment="The annual report says 2003.",
        expected_version=1,
    )
    profile.refresh_from_db()
    assert profile.founded == 2003
    assert profile.themes == ["employment", "mobility"]  # in the vocabulary's order
    assert profile.version == 2
    founded = profile.facts["founded"]
    assert founded["sources"] == ["https://example.org/annual-report"]
    assert (founded["certainty"], founded["checked"]) == ("confirmed", TODAY.isoformat())
    # A changed fact without sources of its own: the lab is a case study, so "source not recorded".
    assert profile.facts["themes"]["sources"] == []
    assert profile.facts["themes"]["certainty"] == "unrecorded"
    assert profile.facts["summary"]["checked"] == CHECKED  # untouched
    revision = profile.revisions.get(number=2)
    assert (revision.author, revision.source) == (admin, RevisionSource.EDIT)
    assert revision.changed == ["founded", "themes"]
    assert revision.comment == "The annual report says 2003."
    assert revision.data["founded"] == 2003
    entry = AuditEntry.objects.get(action="knowledge.profile_updated")
    assert (entry.actor, entry.object_id, entry.data["changed"]) == (admin, str(profile.pk), ["founded", "themes"])
    assert "mobility" in profile.search_en.lower() or "Mobility" in profile.search_en


def test_a_stale_version_is_refused_and_nothing_changes(profile, admin):
    services.profile_update(profile=profile, actor=admin, data={"founded": 2004}, expected_version=1)
    seen_before = LabProfile.objects.get(pk=profile.pk)
    with pytest.raises(DomainError) as refused:
        services.profile_update(
            profile=LabProfile.objects.get(pk=profile.pk), actor=admin, data={"founded": 2005}, expected_version=1
        )
    assert refused.value.message.startswith(STALE)
    after = LabProfile.objects.get(pk=profile.pk)
    assert (after.founded, after.version, after.updated_at) == (2004, 2, seen_before.updated_at)
    assert ProfileRevision.objects.filter(profile=profile).count() == 2
    assert AuditEntry.objects.filter(action="knowledge.profile_updated").count() == 1


def test_nothing_changed_is_said_and_not_recorded(profile, admin):
    with pytest.raises(DomainError, match="Nothing has changed"):
        services.profile_update(profile=profile, actor=admin, data={"founded": 2002}, expected_version=1)
    assert profile.revisions.count() == 1


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"themes": ["mobility", "dragons"]}, "themes", "“dragons” is not one of the choices."),
        ({"country": "XX"}, "country", "Enter the country as its two-letter code, e.g. DE."),
        ({"country": ""}, "country", "Enter the country as its two-letter code, e.g. DE."),
        ({"ended": 1999, "status": "ended", "end_mode": "closed"}, "ended", "A lab cannot end before it was founded."),
        ({"ended": 2010}, "ended", "An active lab has no year in which it ended."),
        ({"status": "ended"}, "end_mode", "Say how the lab ended."),
        ({"founded": 1066}, "founded", "Please enter a year between 1900 and 2032."),
        ({"team_size": 10**6}, "team_size", "Please enter at most 10000."),
        ({"has_space": False, "space_m2": 40}, "space_m2", "A lab without its own space has no floor area."),
        ({"name": ""}, "name", "This field cannot be blank."),
        ({"stage": "flying"}, "stage", "Value 'flying' is not a valid choice."),
        (
            {"methods": ["world-cafe", "no-such-method"]},
            "methods",
            "The method library has no method “no-such-method”.",
        ),
    ],
)
def test_bad_values_are_refused_with_a_message_and_nothing_changes(profile, admin, data, field, message):
    with pytest.raises(DomainError) as refused:
        services.profile_update(profile=profile, actor=admin, data=data, expected_version=1)
    assert (refused.value.field, refused.value.message) == (field, message)
    stored = LabProfile.objects.get(pk=profile.pk)
    assert (stored.version, stored.founded, stored.country, stored.themes) == (1, 2002, "DK", ["employment"])


def test_new_sources_for_an_unchanged_fact_are_added_and_the_fact_is_checked_today(profile, admin):
    services.profile_update(
        profile=profile,
        actor=admin,
        data={"facts": {"themes": {"sources": ["Interview with the lab's director, 2030"], "certainty": "confirmed"}}},
        expected_version=1,
    )
    profile.refresh_from_db()
    themes = profile.facts["themes"]
    assert themes["sources"] == ["https://example.org/themes", "Interview with the lab's director, 2030"]
    assert (themes["certainty"], themes["checked"]) == ("confirmed", TODAY.isoformat())
    assert profile.revisions.get(number=2).changed == ["themes"]


def test_an_emptied_fact_loses_its_provenance(profile, admin):
    services.profile_update(profile=profile, actor=admin, data={"themes": []}, expected_version=1)
    profile.refresh_from_db()
    assert "themes" not in profile.facts


def test_a_fact_marked_unverified_says_so(profile, admin):
    services.profile_update(
        profile=profile,
        actor=admin,
        data={"team_size": 12, "facts": {"team": {"sources": ["https://example.org/team"], "certainty": "unverified"}}},
        expected_version=1,
    )
    profile.refresh_from_db()
    assert profile.facts["team"] == {
        "sources": ["https://example.org/team"],
        "certainty": "unverified",
        "checked": TODAY.isoformat(),
        "note_de": "",
        "note_en": "",
    }


# --- Checking facts ----------------------------------------------------------------------------


def test_an_admin_marks_facts_as_checked_today(profile, admin):
    services.profile_facts_check(profile=profile, actor=admin, facts=["founded", "summary"])
    profile.refresh_from_db()
    assert profile.facts["founded"]["checked"] == TODAY.isoformat()
    assert profile.facts["summary"]["checked"] == TODAY.isoformat()
    assert profile.facts["themes"]["checked"] == CHECKED
    assert profile.facts["founded"]["sources"] == ["https://example.org/founded"]
    revision = profile.revisions.get(number=2)
    assert (revision.source, revision.author, revision.changed) == (RevisionSource.CHECK, admin, ["founded", "summary"])
    assert AuditEntry.objects.get(action="knowledge.facts_checked").data["facts"] == ["founded", "summary"]


@pytest.mark.parametrize(
    ("facts", "message"),
    [
        ([], "Choose the facts you have checked."),
        (["weather"], "“weather” is not a fact of a profile."),
        (["budget"], "“budget” is not a fact of a profile."),
        (["funding"], "The fact “funding” has no value or no sources to check."),
    ],
)
def test_checking_needs_known_facts_with_an_entry(profile, admin, facts, message):
    with pytest.raises(DomainError, match=message):
        services.profile_facts_check(profile=profile, actor=admin, facts=facts)
    assert profile.revisions.count() == 1


def test_only_platform_admins_check_facts(profile):
    lab = LabFactory(slug="home")
    manager = UserFactory()
    from kosilab.labs.services import lab_team_set

    lab_team_set(lab=lab, user=manager, role="manager", by=None)
    with pytest.raises(DomainError, match="Only platform administrators"):
        services.profile_facts_check(profile=profile, actor=manager, facts=["founded"])


# --- The own profile of a lab on this platform ---------------------------------------------------


def test_the_own_profile_starts_from_the_lab_and_takes_a_free_slug(admin):
    case_study(slug="citylab")
    lab = LabFactory(slug="citylab", name="CityLab Musterstadt", city="Musterstadt", founded=2019)
    profile = services.own_profile_get_or_create(lab=lab, actor=admin)
    assert (profile.slug, profile.lab, profile.name, profile.city, profile.country) == (
        "citylab-2",
        lab,
        "CityLab Musterstadt",
        "Musterstadt",
        "DE",
    )
    assert profile.founded == 2019
    assert profile.facts["founded"]["certainty"] == "confirmed"
    assert services.own_profile_get_or_create(lab=lab, actor=admin) == profile
    assert LabProfile.objects.filter(lab=lab).count() == 1
    revision = profile.revisions.get()
    assert (revision.number, revision.author, revision.source) == (1, admin, RevisionSource.EDIT)
    assert AuditEntry.objects.filter(action="knowledge.own_profile_created").count() == 1


def test_the_first_save_creates_the_own_profile_and_writes_it_in_one_go(admin):
    lab = LabFactory(slug="home", name="Home")
    profile = services.own_profile_update(
        lab=lab, actor=admin, data={"team_size": 5, "sectors": ["public", "science"]}, expected_version=0
    )
    assert (profile.lab, profile.team_size, profile.sectors, profile.version) == (lab, 5, ["public", "science"], 2)
    # The lab's own statement, without a source: confirmed.
    assert profile.facts["team"]["certainty"] == "confirmed"
    assert profile.facts["team"]["sources"] == []
    assert [r.number for r in profile.revisions.order_by("number")] == [1, 2]


def test_a_second_first_save_is_refused_as_stale(admin):
    lab = LabFactory(slug="home", name="Home")
    services.own_profile_update(lab=lab, actor=admin, data={"team_size": 5}, expected_version=0)
    with pytest.raises(DomainError, match=STALE):
        services.own_profile_update(lab=lab, actor=admin, data={"team_size": 6}, expected_version=0)
    assert LabProfile.objects.get(lab=lab).team_size == 5
