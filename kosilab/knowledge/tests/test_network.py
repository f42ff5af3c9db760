"""The network of labs: partners and role models (services, pages), the section on the lab page."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import IntegrityError

from kosilab.core.errors import DomainError
from kosilab.core.models import AuditEntry
from kosilab.core.tests.english import english_everywhere  # noqa: F401
from kosilab.core.tests.factories import LabFactory
from kosilab.knowledge import services
from kosilab.knowledge.models import LabProfile, LabRelation
from kosilab.knowledge.tests.comparing import case_study, only_these_case_studies, own_profile, relate

pytestmark = pytest.mark.django_db


@pytest.fixture
def hannover(db):
    only_these_case_studies()
    return case_study(
        "sic-hannover", "Social Innovation Center Hannover", city="Hannover", website="https://example.org/sic"
    )


@pytest.fixture
def en(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


# --- Services --------------------------------------------------------------------------------------


def test_a_lab_names_a_role_model_once_and_a_second_call_reads_it_back(lab, manager, hannover):
    relation, created = services.relation_create(
        lab=lab, target=hannover, kind="role_model", note=" learn  from them ", by=manager
    )
    assert created
    assert (relation.lab, relation.target, relation.kind, relation.note) == (
        lab,
        hannover,
        "role_model",
        "learn from them",
    )
    again, created_again = services.relation_create(lab=lab, target=hannover, kind="role_model", by=manager)
    assert (again, created_again) == (relation, False)
    assert LabRelation.objects.count() == 1
    assert AuditEntry.objects.filter(action="knowledge.relation_created").count() == 1
    # The same lab may also be a partner: another kind, another row.
    services.relation_create(lab=lab, target=hannover, kind="partner", by=manager)
    assert LabRelation.objects.count() == 2


def test_a_double_submit_that_races_past_the_check_gives_one_row(lab, manager, hannover):
    """Two requests at once both find no row; the database's unique constraint lets one insert win,
    and the other reads that row back."""
    first, _ = services.relation_create(lab=lab, target=hannover, kind="partner", by=manager)
    empty = LabRelation.objects.none()
    with mock.patch.object(LabRelation.objects, "filter", side_effect=[empty, LabRelation.objects.filter(pk=first.pk)]):
        relation, created = services.relation_create(lab=lab, target=hannover, kind="partner", by=manager)
    assert (relation, created) == (first, False)
    assert LabRelation.objects.count() == 1


def test_the_database_refuses_a_second_row(lab, hannover):
    relate(lab, hannover, "partner")
    with pytest.raises(IntegrityError):
        relate(lab, hannover, "partner")


def test_a_lab_cannot_name_itself(lab, manager):
    profile = own_profile(lab)
    with pytest.raises(DomainError, match="cannot name itself"):
        services.relation_create(lab=lab, target=profile, kind="partner", by=manager)
    with pytest.raises(DomainError, match="cannot name itself"):
        services.relation_create(lab=lab, target=lab, kind="partner", by=manager)
    assert not LabRelation.objects.exists()


def test_bad_kind_and_long_note_are_refused(lab, manager, hannover):
    with pytest.raises(DomainError) as error:
        services.relation_create(lab=lab, target=hannover, kind="enemy", by=manager)
    assert error.value.field == "kind"
    with pytest.raises(DomainError) as error:
        services.relation_create(lab=lab, target=hannover, kind="partner", note="x" * 301, by=manager)
    assert error.value.field == "note"
    assert not LabRelation.objects.exists()


def test_naming_a_hosted_lab_without_a_profile_makes_its_profile_from_its_data(lab, manager, other_lab):
    relation, created = services.relation_create(lab=lab, target=other_lab, kind="partner", by=manager)
    assert created
    assert relation.target.lab == other_lab
    assert relation.target.name == other_lab.name
    # A second time: the same profile, the same row.
    services.relation_create(lab=lab, target=other_lab, kind="partner", by=manager)
    assert LabProfile.objects.filter(lab=other_lab).count() == 1
    assert LabRelation.objects.count() == 1


def test_removing_twice_removes_once(lab, manager, hannover):
    relation = relate(lab, hannover)
    assert services.relation_delete(relation=relation, by=manager)
    assert not services.relation_delete(relation=relation, by=manager)
    assert AuditEntry.objects.filter(action="knowledge.relation_deleted").count() == 1


# --- Pages -----------------------------------------------------------------------------------------


def test_the_network_page_shows_the_labs_with_contacts_and_the_case_studies(client, en, lab, hannover):
    lab.contact_name, lab.contact_email, lab.website = "Mara Manager", "lab@example.org", "https://lab.example.org"
    lab.save()
    own_profile(lab)
    relate(lab, hannover, "role_model")
    hidden = LabFactory(slug="hidden", name="Hidden Lab", is_public=False)
    relate(hidden, hannover, "partner")
    response = client.get("/knowledge/network/")
    assert response.status_code == 200
    page = response.content.decode()
    for text in (
        "Home Lab",
        "Mara Manager",
        "mailto:lab@example.org",
        "https://lab.example.org",
        "Social Innovation Center Hannover",
        "https://example.org/sic",
        "/knowledge/labs/home-lab-profile/",
    ):
        assert text in page, text
    assert "Hidden Lab" not in page  # neither the lab nor what it names
    ((_profile, marks),) = response.context["case_studies"]
    assert [relation.lab for relation in marks] == [lab]


def test_a_relation_to_a_lab_you_may_not_see_is_not_shown(client, en, lab, manager):
    hidden = LabFactory(slug="hidden", name="Hidden Lab", is_public=False)
    relate(lab, own_profile(hidden), "partner")
    page = client.get(f"/knowledge/network/{lab.slug}/").content.decode()
    assert "Hidden Lab" not in page
    network = client.get("/knowledge/network/")
    assert "Hidden Lab" not in network.content.decode()


def test_a_manager_names_a_partner_and_a_double_submit_says_so(client, en, lab, manager, hannover):
    client.force_login(manager)
    page = client.get(f"/knowledge/network/{lab.slug}/")
    assert page.status_code == 200
    assert b"Name a partner or a role model" in page.content
    data = {"target": hannover.slug, "kind": "role_model", "note": "Their founder programme"}
    first = client.post(f"/knowledge/network/{lab.slug}/", data, follow=True)
    assert "Social Innovation Center Hannover is now marked as role model." in first.content.decode()
    second = client.post(f"/knowledge/network/{lab.slug}/", data, follow=True)
    assert "was marked as role model already" in second.content.decode()
    assert LabRelation.objects.count() == 1
    assert "Their founder programme" in second.content.decode()


def test_a_manager_names_another_hosted_lab(client, en, lab, manager, other_lab):
    client.force_login(manager)
    response = client.post(f"/knowledge/network/{lab.slug}/", {"target": f"lab:{other_lab.slug}", "kind": "partner"})
    assert response.status_code == 302
    assert LabRelation.objects.get().target.lab == other_lab


@pytest.mark.parametrize(
    "data",
    [
        {"target": "nope", "kind": "partner"},
        {"target": "lab:hidden", "kind": "partner"},
        {"target": "lab:home-lab", "kind": "partner"},
        {"target": "sic-hannover", "kind": "enemy"},
        {"target": "sic-hannover", "kind": "partner", "note": "x" * 301},
        {},
    ],
)
def test_bad_input_is_refused_with_a_message_and_changes_nothing(client, en, lab, manager, hannover, data):
    LabFactory(slug="hidden", name="Hidden", is_public=False)
    client.force_login(manager)
    response = client.post(f"/knowledge/network/{lab.slug}/", data)
    assert response.status_code == 400
    assert b'role="alert"' in response.content
    assert not LabRelation.objects.exists()


def test_a_manager_removes_a_relation_and_a_second_click_is_harmless(client, en, lab, manager, hannover):
    relation = relate(lab, hannover)
    client.force_login(manager)
    first = client.post(f"/knowledge/network/{lab.slug}/relations/{relation.pk}/delete/", follow=True)
    assert "is no longer marked as partner" in first.content.decode()
    second = client.post(f"/knowledge/network/{lab.slug}/relations/{relation.pk}/delete/", follow=True)
    assert "removed already" in second.content.decode()
    assert not LabRelation.objects.exists()


def test_another_labs_relation_cannot_be_removed_through_this_lab(client, lab, manager, other_lab, hannover):
    relation = relate(other_lab, hannover)
    client.force_login(manager)
    client.post(f"/knowledge/network/{lab.slug}/relations/{relation.pk}/delete/")
    assert LabRelation.objects.filter(pk=relation.pk).exists()


def test_the_lab_page_shows_profile_partners_and_links(client, en, lab, manager, hannover):
    profile = own_profile(lab)
    relate(lab, hannover, "role_model")
    anonymous = client.get(lab.get_absolute_url()).content.decode()
    assert "Profile, partners and role models" in anonymous
    assert "Social Innovation Center Hannover" in anonymous
    assert profile.get_absolute_url() in anonymous
    assert f"/knowledge/network/{lab.slug}/" in anonymous
    assert f"/knowledge/compare/{lab.slug}/" not in anonymous
    client.force_login(manager)
    assert f"/knowledge/compare/{lab.slug}/" in client.get(lab.get_absolute_url()).content.decode()


@pytest.mark.django_db(transaction=True)
def test_eight_managers_naming_the_same_lab_at_once_give_one_row(lab, manager):
    """Real parallel requests to the service (SQLite and PostgreSQL): one row, one "created", the
    others read it back."""
    from kosilab.core.tests.concurrency import run_at_once

    target = case_study("at-once", "At Once Lab")

    def attempt(_i):
        return services.relation_create(lab=lab, target=target, kind="partner", by=manager)

    results, errors = run_at_once(attempt, 8)
    assert not errors, errors
    assert sorted(created for _relation, created in results) == [False] * 7 + [True]
    assert len({relation.pk for relation, _created in results}) == 1
    assert LabRelation.objects.filter(lab=lab, target=target).count() == 1
