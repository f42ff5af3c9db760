"""Ties from teams, challenges, events, handovers and results: who is tied, when, in which lab."""

from __future__ import annotations

import datetime
from datetime import timedelta

import pytest
from django.utils import timezone

from kosilab.challenges.models import Participation
from kosilab.continuation.models import Handover
from kosilab.cooperation.ties import (
    ORGANISATION,
    PERSON,
    WEIGHTS,
    Scope,
    Tie,
    TieKind,
    build_graph,
    collect_ties,
    node_sectors,
)
from kosilab.core.sectors import Sector
from kosilab.core.tests.factories import ChallengeFactory, OrganisationFactory, ProcessFactory, UserFactory
from kosilab.events.models import Registration, RegistrationStatus
from kosilab.events.tests.factories import EventFactory
from kosilab.processes.models import ProcessMember
from kosilab.results.tests.factories import attach, make_result

pytestmark = pytest.mark.django_db

START = datetime.date(2024, 1, 15)


def org(sector=Sector.CIVIL_SOCIETY):
    return OrganisationFactory(sector=sector)


def person(organisation=None, **profile):
    return UserFactory(
        profile={"organisation": organisation, "sector": organisation.sector if organisation else "", **profile}
    )


def member(process, user, organisation=None):
    sector = organisation.sector if organisation else user.profile.sector or Sector.CIVIL_SOCIETY
    return ProcessMember.objects.create(process=process, user=user, organisation=organisation, sector=sector)


def O(item):  # noqa: E743 - a node reference, short for readable expectations
    return (ORGANISATION, item.pk)


def P(user):
    return (PERSON, user.pk)


@pytest.fixture
def orgs(db):
    return org(Sector.PUBLIC), org(Sector.BUSINESS), org(Sector.SCIENCE)


def test_a_team_ties_each_pair_of_organisations_once_and_skips_its_own(lab, orgs):
    city, firm, uni = orgs
    process = ProcessFactory(lab=lab, started_on=START)
    a1, a2, b, c = person(city), person(city), person(firm), person(uni)
    for user in (a1, a2, b):
        member(process, user)
    member(process, c, organisation=firm)  # the membership names the organisation, over the profile's

    ties = collect_ties(Scope(lab_id=lab.pk))

    joined = timezone.localdate(ProcessMember.objects.filter(process=process).latest("created_at").created_at)
    assert ties == [Tie("team", *sorted((O(city), O(firm))), lab.pk, joined, f"process:{process.pk}")]


def test_person_nodes_tie_every_pair_of_people(lab, orgs):
    city, firm, _uni = orgs
    process = ProcessFactory(lab=lab, started_on=START)
    a1, a2, b = person(city), person(city), person(firm)
    for user in (a1, a2, b):
        member(process, user)

    ties = collect_ties(Scope(lab_id=lab.pk, nodes=PERSON))

    assert {(t.source, t.target) for t in ties} == {
        tuple(sorted(pair)) for pair in [(P(a1), P(a2)), (P(a1), P(b)), (P(a2), P(b))]
    }
    assert {t.kind for t in ties} == {"team"}


def test_a_person_without_organisation_is_left_out_of_the_organisation_network(lab, orgs):
    city, _firm, _uni = orgs
    process = ProcessFactory(lab=lab, started_on=START)
    member(process, person(city))
    member(process, person(None))

    assert collect_ties(Scope(lab_id=lab.pk)) == []
    assert len(collect_ties(Scope(lab_id=lab.pk, nodes=PERSON))) == 1


def test_challenge_participation_ties_on_behalf_of_organisations(lab, orgs):
    city, _firm, uni = orgs
    challenge = ChallengeFactory(lab=lab, status="open")
    a, b = person(city), person(None)
    Participation.objects.create(challenge=challenge, user=a, kind="joined")
    Participation.objects.create(challenge=challenge, user=b, organisation=uni, kind="interested")

    ties = collect_ties(Scope(kinds=frozenset({TieKind.CHALLENGE})))

    assert [(t.kind, t.source, t.target, t.context) for t in ties] == [
        ("challenge", *sorted((O(city), O(uni))), f"challenge:{challenge.pk}")
    ]


def test_events_tie_those_who_were_there(lab, orgs):
    city, firm, uni = orgs
    now = timezone.now()
    past = EventFactory(lab=lab, starts_at=now - timedelta(days=3), ends_at=now - timedelta(days=3, hours=-2))
    coming = EventFactory(lab=lab)
    a, b, c, d = person(city), person(firm), person(uni), person(org(Sector.PUBLIC))

    def registration(event, user, status=RegistrationStatus.CONFIRMED, attended=None):
        return Registration.objects.create(
            event=event, user=user, name=user.name, email=user.email, status=status, attended_at=attended
        )

    registration(past, a)  # confirmed, the event is over: was there
    registration(past, b, attended=now - timedelta(days=3))  # checked in
    registration(past, c, status=RegistrationStatus.CANCELLED)  # cancelled: not there
    registration(coming, a, attended=now)  # checked in already (it is on now): counts
    registration(coming, d, attended=now)
    registration(coming, c)  # confirmed but the event is still to come

    ties = collect_ties(Scope(lab_id=lab.pk, kinds=frozenset({TieKind.EVENT})))

    assert {(t.source, t.target, t.context) for t in ties} == {
        (*sorted((O(city), O(firm))), f"event:{past.pk}"),
        (*sorted((O(city), O(d.profile.organisation))), f"event:{coming.pk}"),
    }
    assert {t.on for t in ties if t.context == f"event:{past.pk}"} == {timezone.localdate(past.starts_at)}


def test_a_handover_ties_the_taker_to_the_organisations_of_the_team(lab, orgs):
    city, firm, uni = orgs
    process = ProcessFactory(lab=lab, started_on=START)
    member(process, person(city))
    member(process, person(firm))
    result = make_result(process)
    Handover.objects.create(
        result=result,
        taker_kind="organisation",
        taker_organisation=uni,
        form="association",
        decision_on=datetime.date(2025, 5, 2),
    )

    ties = collect_ties(Scope(kinds=frozenset({TieKind.HANDOVER})))

    assert {(t.source, t.target) for t in ties} == {tuple(sorted((O(uni), O(city)))), tuple(sorted((O(uni), O(firm))))}
    assert {t.on for t in ties} == {datetime.date(2025, 5, 2)}
    assert collect_ties(Scope(kinds=frozenset({TieKind.HANDOVER}), nodes=PERSON)) == []


def test_co_authors_of_a_result_are_tied(lab, orgs):
    city, firm, _uni = orgs
    process = ProcessFactory(lab=lab, started_on=START)
    author, uploader = person(city), person(firm)
    result = make_result(process, created_by=author)
    upload = attach(result)
    upload.uploaded_by = uploader
    upload.save()

    ties = collect_ties(Scope(kinds=frozenset({TieKind.RESULT}), nodes=PERSON))

    assert [(t.source, t.target, t.context) for t in ties] == [
        (*sorted((P(author), P(uploader))), f"result:{result.pk}")
    ]


def test_public_only_leaves_out_what_only_the_team_sees(lab, orgs):
    city, firm, _uni = orgs
    internal = ProcessFactory(lab=lab, started_on=START, visibility="internal")
    member(internal, person(city))
    member(internal, person(firm))
    draft = ChallengeFactory(lab=lab, status="draft")
    Participation.objects.create(challenge=draft, user=person(city), kind="joined")
    Participation.objects.create(challenge=draft, user=person(firm), kind="joined")

    assert len(collect_ties(Scope())) == 2
    assert collect_ties(Scope(public_only=True)) == []


def test_scope_filters_by_lab_and_time_window(lab, other_lab, orgs):
    city, firm, _uni = orgs
    here = ProcessFactory(lab=lab, started_on=START)
    there = ProcessFactory(lab=other_lab, started_on=START)
    for process in (here, there):
        member(process, person(city))
        member(process, person(firm))
    today = timezone.localdate()

    assert {t.lab_id for t in collect_ties(Scope())} == {lab.pk, other_lab.pk}
    assert {t.lab_id for t in collect_ties(Scope(lab_id=other_lab.pk))} == {other_lab.pk}
    assert len(collect_ties(Scope(start=today, end=today))) == 2
    assert collect_ties(Scope(end=today - timedelta(days=1))) == []
    assert collect_ties(Scope(start=today + timedelta(days=1))) == []


def test_a_tie_is_dated_when_the_later_of_the_two_came_in(lab, orgs):
    city, firm, _uni = orgs
    future_start = timezone.localdate() + timedelta(days=20)
    process = ProcessFactory(lab=lab, started_on=future_start)  # joined before the start: dated on the start
    member(process, person(city))
    member(process, person(firm))

    assert [t.on for t in collect_ties(Scope())] == [future_start]


def test_build_graph_adds_up_weights_kinds_and_sectors(lab, orgs):
    city, firm, _uni = orgs
    a, b = person(city), person(firm)
    for _ in range(2):
        process = ProcessFactory(lab=lab, started_on=START)
        member(process, a)
        member(process, b)
    challenge = ChallengeFactory(lab=lab, status="open")
    Participation.objects.create(challenge=challenge, user=a, kind="joined")
    Participation.objects.create(challenge=challenge, user=b, kind="joined")

    graph = build_graph(Scope(lab_id=lab.pk))

    edge = graph.edges[O(city), O(firm)]
    assert edge["weight"] == 2 * WEIGHTS["team"] + WEIGHTS["challenge"]
    assert edge["kinds"] == ("challenge", "team")
    assert edge["contexts"] == 3
    assert graph.nodes[O(city)]["sector"] == Sector.PUBLIC
    assert graph.nodes[O(firm)]["sector"] == Sector.BUSINESS


def test_node_sectors_of_organisations_and_people(orgs):
    city, _firm, uni = orgs
    with_sector = person(None, sector=Sector.SCIENCE)
    from_organisation = person(None)
    from_organisation.profile.organisation = uni
    from_organisation.profile.save()
    unknown = person(None)

    sectors = node_sectors([O(city), P(with_sector), P(from_organisation), P(unknown), (ORGANISATION, 999999)])

    assert sectors == {
        O(city): Sector.PUBLIC,
        P(with_sector): Sector.SCIENCE,
        P(from_organisation): Sector.SCIENCE,
        P(unknown): "",
        (ORGANISATION, 999999): "",
    }


def test_collect_ties_asks_a_flat_number_of_queries(lab, orgs, django_assert_max_num_queries):
    city, firm, uni = orgs
    for _ in range(5):
        process = ProcessFactory(lab=lab, started_on=START)
        for organisation in orgs:
            member(process, person(organisation))
        result = make_result(process, created_by=person(city))
        Handover.objects.create(result=result, taker_kind="organisation", taker_organisation=uni, form="project")
        challenge = ChallengeFactory(lab=lab, status="open")
        Participation.objects.create(challenge=challenge, user=person(firm), kind="joined")

    with django_assert_max_num_queries(7):
        assert collect_ties(Scope(lab_id=lab.pk))
    someone = city.people.first().user
    with django_assert_max_num_queries(2):
        node_sectors([O(city), O(firm), P(someone)])


def test_scope_refuses_unknown_nodes_and_kinds():
    with pytest.raises(ValueError):
        Scope(nodes="lab")
    with pytest.raises(ValueError):
        Scope(kinds=frozenset({"friendship"}))
