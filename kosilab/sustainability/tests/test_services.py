"""The records, their decisions and the warnings computed from them; bad input changes nothing; the
database keeps the rules too. The clock stands at a fixed day (time-machine), so the tests hold on
any date."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.utils import translation

from kosilab.core.errors import DomainError
from kosilab.core.models import AuditEntry
from kosilab.core.tests.english import english_everywhere  # noqa: F401
from kosilab.core.tests.factories import OrganisationFactory, ProcessFactory, UserFactory
from kosilab.labs.models import LabRole
from kosilab.labs.services import lab_team_set
from kosilab.playbook.services import block_update
from kosilab.processes.models import MemberRole
from kosilab.processes.services import member_add
from kosilab.sustainability import selectors
from kosilab.sustainability.models import Funding, Mandate, RenewalDecision, Sponsor
from kosilab.sustainability.services import (
    decision_create,
    decision_delete,
    decision_update,
    funding_update,
    mandate_update,
    sponsor_update,
)
from kosilab.sustainability.tests.factories import make_funding, make_mandate, make_sponsor

pytestmark = pytest.mark.django_db

TODAY = dt.date(2027, 6, 10)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(dt.datetime(2027, 6, 10, 9, 0, tzinfo=dt.UTC), tick=False):
        yield


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def kinds(lab) -> list[str]:
    return [w.kind for w in selectors.lab_warnings(lab, TODAY)]


# --- Records and bad input -------------------------------------------------------------------------


def test_a_mandate_with_its_end_before_its_start_is_refused_and_nothing_is_written(lab):
    with pytest.raises(DomainError) as refused:
        make_mandate(lab, starts_on=days(0), ends_on=days(-1))
    assert refused.value.field == "ends_on"
    assert not Mandate.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="sustainability.").exists()


def test_a_mandate_tied_to_a_term_needs_the_term_end(lab):
    with pytest.raises(DomainError) as refused:
        make_mandate(lab, starts_on=days(-100), tied_to_term=True)
    assert refused.value.field == "term_ends_on"
    mandate = make_mandate(lab, starts_on=days(-100), tied_to_term=False, term_ends_on=days(300))
    assert mandate.term_ends_on is None  # not tied: no term end kept
    with pytest.raises(DomainError, match="term of office cannot end before"):
        make_mandate(lab, starts_on=days(-100), tied_to_term=True, term_ends_on=days(-200))


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"amount_per_year": Decimal("-1")}, "amount_per_year"),
        ({"budget_share": Decimal("101")}, "budget_share"),
        ({"budget_share": Decimal("-5")}, "budget_share"),
        ({"funder": "", "funder_organisation": None}, "funder"),
        ({"currency": "XYZ"}, "currency"),
        ({"ends_on": days(-500)}, "ends_on"),
        ({"starts_on": dt.date(1, 1, 1)}, "starts_on"),
        ({"programme": "x" * 201}, "programme"),
    ],
)
def test_bad_funding_is_refused_with_a_message_on_its_field(lab, values, field):
    with pytest.raises(DomainError) as refused:
        make_funding(lab, **{"starts_on": days(-100), **values})
    assert refused.value.field == field
    assert refused.value.message
    assert not Funding.objects.exists()


def test_a_sponsor_needs_an_organisation_or_a_name(lab):
    with pytest.raises(DomainError):
        make_sponsor(lab, label="  ")
    sponsor = make_sponsor(lab, organisation=OrganisationFactory(name="Stadt Dortmund"), label="")
    assert str(sponsor) == "Stadt Dortmund"
    with pytest.raises(DomainError):
        sponsor_update(sponsor=sponsor, by=None, since=days(0), until=days(-1))
    assert Sponsor.objects.get().until is None


def test_updates_keep_the_rules(lab):
    mandate = make_mandate(lab, starts_on=days(-100), ends_on=days(100))
    with pytest.raises(DomainError):
        mandate_update(mandate=mandate, by=None, ends_on=days(-200))
    assert Mandate.objects.get().ends_on == days(100)
    funding = make_funding(lab, starts_on=days(-100))
    funding_update(funding=funding, by=None, amount_per_year=Decimal("5000.50"))
    assert Funding.objects.get().amount_per_year == Decimal("5000.50")


@pytest.mark.parametrize(
    ("model", "values"),
    [
        (Mandate, {"title": "M", "issued_by": "Rat", "starts_on": TODAY, "ends_on": TODAY - dt.timedelta(days=1)}),
        (Mandate, {"title": "M", "issued_by": "Rat", "starts_on": TODAY, "tied_to_term": True}),
        (Mandate, {"title": "M", "issued_by": "Rat", "starts_on": TODAY, "term_ends_on": TODAY}),
        (Mandate, {"title": "", "issued_by": "Rat", "starts_on": TODAY}),
        (Funding, {"funder": "F", "starts_on": TODAY, "ends_on": TODAY - dt.timedelta(days=1)}),
        (Funding, {"funder": "F", "starts_on": TODAY, "amount_per_year": Decimal("-1")}),
        (Funding, {"funder": "F", "starts_on": TODAY, "budget_share": Decimal("100.5")}),
        (Funding, {"funder": "F", "starts_on": TODAY, "currency": "ABC"}),
        (Funding, {"funder": "", "starts_on": TODAY}),
        (Sponsor, {"label": ""}),
        (Sponsor, {"label": "S", "since": TODAY, "until": TODAY - dt.timedelta(days=1)}),
    ],
)
def test_the_database_refuses_what_the_services_refuse(lab, model, values):
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(lab=lab, **values)


def test_the_database_refuses_a_decision_on_two_records_or_none(lab):
    mandate = make_mandate(lab, starts_on=days(-100))
    funding = make_funding(lab, starts_on=days(-100))
    common = {"lab": lab, "decided_on": TODAY, "decided_by": "Rat", "outcome": "renewed"}
    with pytest.raises(IntegrityError), transaction.atomic():
        RenewalDecision.objects.create(mandate=mandate, funding=funding, **common)
    with pytest.raises(IntegrityError), transaction.atomic():
        RenewalDecision.objects.create(**common)
    with pytest.raises(IntegrityError), transaction.atomic():
        RenewalDecision.objects.create(mandate=mandate, **{**common, "outcome": "extended"})
    with pytest.raises(IntegrityError), transaction.atomic():
        RenewalDecision.objects.create(mandate=mandate, **{**common, "outcome": "pending", "new_ends_on": TODAY})


# --- Renewal decisions -----------------------------------------------------------------------------


def test_a_renewal_moves_the_end_and_deleting_it_moves_it_back(lab):
    funding = make_funding(lab, starts_on=days(-300), ends_on=days(20))
    decision = decision_create(
        record=funding, by=None, decided_on=days(-5), decided_by="Ministry", outcome="renewed", new_ends_on=days(385)
    )
    funding.refresh_from_db()
    assert funding.ends_on == days(385)
    assert decision.previous_ends_on == days(20)
    assert "funding_end" not in kinds(lab)
    decision_delete(decision=decision, by=None)
    funding.refresh_from_db()
    assert funding.ends_on == days(20)
    assert "funding_end" in kinds(lab)


def test_an_open_ended_renewal_and_an_end_decision(lab):
    mandate = make_mandate(lab, starts_on=days(-300), ends_on=days(10))
    decision_create(record=mandate, by=None, decided_on=days(-2), decided_by="Rat", outcome="renewed")
    mandate.refresh_from_db()
    assert mandate.ends_on is None
    decision_create(record=mandate, by=None, decided_on=days(0), decided_by="Rat", outcome="ended")
    mandate.refresh_from_db()
    assert mandate.ends_on == TODAY  # ended on the day of the decision
    assert kinds(lab) == ["single_manager"]  # the lab has no manager in this test; the end is decided


def test_an_extension_must_end_later_and_a_pending_decision_changes_nothing(lab):
    funding = make_funding(lab, starts_on=days(-300), ends_on=days(40))
    with pytest.raises(DomainError) as refused:
        decision_create(
            record=funding, by=None, decided_on=TODAY, decided_by="BMBF", outcome="extended", new_ends_on=days(30)
        )
    assert refused.value.field == "new_ends_on"
    with pytest.raises(DomainError):
        decision_create(record=funding, by=None, decided_on=TODAY, decided_by="BMBF", outcome="extended")
    decision_create(record=funding, by=None, decided_on=TODAY, decided_by="BMBF", outcome="pending")
    funding.refresh_from_db()
    assert funding.ends_on == days(40)
    (warning,) = [w for w in selectors.lab_warnings(lab, TODAY) if w.kind == "funding_end"]
    assert "pending" in warning.text
    assert RenewalDecision.objects.count() == 1


def test_decisions_keep_their_order(lab):
    mandate = make_mandate(lab, starts_on=days(-300), ends_on=days(40))
    first = decision_create(record=mandate, by=None, decided_on=days(-10), decided_by="Rat", outcome="pending")
    with pytest.raises(DomainError) as refused:
        decision_create(record=mandate, by=None, decided_on=days(-11), decided_by="Rat", outcome="ended")
    assert refused.value.field == "decided_on"
    second = decision_create(
        record=mandate, by=None, decided_on=days(-1), decided_by="Rat", outcome="extended", new_ends_on=days(400)
    )
    with pytest.raises(DomainError):
        decision_update(decision=first, by=None, decided_on=days(0))
    first.refresh_from_db()
    decision_update(decision=first, by=None, decided_by="Hauptausschuss", note="vertagt")
    first.refresh_from_db()
    assert (first.decided_by, first.note) == ("Hauptausschuss", "vertagt")
    with pytest.raises(DomainError, match="Only the last decision"):
        decision_delete(decision=first, by=None)
    decision_delete(decision=second, by=None)
    decision_delete(decision=first, by=None)
    mandate.refresh_from_db()
    assert mandate.ends_on == days(40)
    assert not RenewalDecision.objects.exists()


def test_a_decision_ending_before_the_start_is_refused(lab):
    mandate = make_mandate(lab, starts_on=days(-10), ends_on=days(40))
    with pytest.raises(DomainError):
        decision_create(
            record=mandate, by=None, decided_on=days(-5), decided_by="Rat", outcome="ended", new_ends_on=days(-20)
        )
    with pytest.raises(DomainError):
        decision_create(record=mandate, by=None, decided_on=days(-5), decided_by=" ", outcome="renewed")
    assert not RenewalDecision.objects.exists()


# --- Warnings --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ends_in", "threshold", "level"),
    [
        (181, None, None),
        (180, 180, "soon"),
        (91, 180, "soon"),
        (90, 90, "soon"),
        (30, 30, "urgent"),
        (0, 30, "urgent"),
        (-1, 0, "urgent"),
    ],
)
def test_an_end_reaches_the_thresholds(lab, manager, ends_in, threshold, level):
    lab_team_set(lab=lab, user=UserFactory(), role=LabRole.MANAGER, by=None)
    make_funding(lab, starts_on=days(-400), ends_on=days(ends_in), funder="ESF", budget_share=Decimal(40))
    make_funding(lab, starts_on=days(-400), funder="City", budget_share=Decimal(60))
    warnings = selectors.lab_warnings(lab, TODAY)
    ends = [w for w in warnings if w.kind == "funding_end"]
    if threshold is None:
        assert ends == []
    else:
        (warning,) = ends
        assert (warning.threshold, warning.level, warning.days_left) == (threshold, level, ends_in)
        assert warning.action and warning.anchor.startswith("funding-")
    # Once the ESF funding has ended, the city is the only funder left.
    assert {w.kind for w in warnings} <= ({"funding_end", "single_funder"} if ends_in < 0 else {"funding_end"})


@override_settings(KOSILAB_SUSTAINABILITY_WARN_DAYS=(60, 14))
def test_the_thresholds_come_from_the_settings(lab):
    make_mandate(lab, starts_on=days(-400), ends_on=days(61))
    assert "mandate_end" not in kinds(lab)
    make_mandate(lab, starts_on=days(-400), ends_on=days(14))
    (warning,) = [w for w in selectors.lab_warnings(lab, TODAY) if w.kind == "mandate_end"]
    assert warning.threshold == 14


def test_a_term_of_office_ending_warns_until_a_decision_answers_it(lab):
    mandate = make_mandate(lab, starts_on=days(-800), tied_to_term=True, term_ends_on=days(100))
    (warning,) = [w for w in selectors.lab_warnings(lab, TODAY) if w.kind == "term_end"]
    assert warning.threshold == 180 and warning.due_on == days(100)
    decision_create(record=mandate, by=None, decided_on=days(-1), decided_by="Rat", outcome="renewed")
    assert "term_end" not in kinds(lab)


def test_a_term_that_has_passed_warns_and_a_mandate_ending_before_the_term_does_not(lab):
    make_mandate(lab, starts_on=days(-800), tied_to_term=True, term_ends_on=days(-3))
    (warning,) = [w for w in selectors.lab_warnings(lab, TODAY) if w.kind == "term_end"]
    assert warning.threshold == 0
    make_mandate(lab, starts_on=days(-800), ends_on=days(400), tied_to_term=True, term_ends_on=days(500))
    assert kinds(lab).count("term_end") == 1


def test_dependence_on_one_funder(lab):
    make_funding(lab, starts_on=days(-100), funder="City", amount_per_year=Decimal(80_000))
    assert "single_funder" in kinds(lab)  # the only funder: 100 %
    make_funding(lab, starts_on=days(-100), funder="Foundation", amount_per_year=Decimal(20_000))
    (share,) = [s for s in selectors.funder_shares(selectors.lab_funding(lab), TODAY) if s.name == "City"]
    assert share.share == Decimal(80) and share.basis == "amount"
    assert "single_funder" in kinds(lab)  # 80 % ≥ 75 %
    make_funding(lab, starts_on=days(-100), funder=" city ", amount_per_year=Decimal(0))  # the same funder
    make_funding(lab, starts_on=days(-100), funder="Ministry", amount_per_year=Decimal(20_000))
    assert "single_funder" not in kinds(lab)  # 66.7 %
    make_funding(lab, starts_on=days(-900), ends_on=days(-1), funder="Old", amount_per_year=Decimal(10**6))
    assert "single_funder" not in kinds(lab)  # ended funding does not count


def test_amounts_in_several_currencies_are_not_compared_but_declared_shares_are(lab):
    make_funding(lab, starts_on=days(-100), funder="A", amount_per_year=Decimal(90_000))
    make_funding(lab, starts_on=days(-100), funder="B", amount_per_year=Decimal(10), currency="CHF")
    assert "single_funder" not in kinds(lab)
    make_funding(lab, starts_on=days(-100), funder="B", budget_share=Decimal(80), amount_per_year=None)
    assert "single_funder" in kinds(lab)


def test_dependence_on_one_person(lab, manager):
    assert kinds(lab) == ["single_manager"]
    second = UserFactory()
    lab_team_set(lab=lab, user=second, role=LabRole.MANAGER, by=None)
    assert kinds(lab) == []
    lead = UserFactory(name="Lea Lead", profile={"sector": "public"})
    for title in ("One", "Two", "Three"):
        process = ProcessFactory(lab=lab, title=title)
        member_add(
            process=process, user=lead if title != "Three" else second, role=MemberRole.LEAD, by=None, sector="public"
        )
    (warning,) = selectors.lab_warnings(lab, TODAY)
    assert warning.kind == "single_lead" and "Lea Lead" in warning.text and "2" in warning.text
    for key in ("goal_definition.goals", "goal_definition.structure", "goal_definition.obstacles"):
        block_update(lab=lab, block_key=key, by=None, status="in_progress", responsible=second, notes="")
    assert "single_responsible" in kinds(lab)


def test_no_manager_at_all_is_a_warning(lab):
    with translation.override("en"):
        (warning,) = selectors.lab_warnings(lab, TODAY)
    assert warning.kind == "single_manager"
    assert warning.title == "The lab has no manager"


def test_the_states_of_records(lab):
    make_mandate(lab, starts_on=days(10))
    make_mandate(lab, starts_on=days(-10))
    make_mandate(lab, starts_on=days(-100), ends_on=days(-1))
    with translation.override("en"):
        watch = selectors.lab_watch(lab, TODAY)
    assert [m.state for m in watch.mandates] == ["ended without a decision", "running, no end date", "not started yet"]
