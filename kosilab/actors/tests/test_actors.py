import pytest
from django.urls import reverse

from kosilab.actors.models import Organisation
from kosilab.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("visibility", "anonymous", "logged_in", "self_"),
    [("public", 200, 200, 200), ("members", 404, 200, 200), ("private", 404, 404, 200)],
)
def test_profile_visibility(client, visibility, anonymous, logged_in, self_):
    person = UserFactory(profile={"visibility": visibility})
    url = reverse("actors:person_detail", args=[person.pk])
    assert client.get(url).status_code == anonymous
    client.force_login(UserFactory())
    assert client.get(url).status_code == logged_in
    client.force_login(person)
    assert client.get(url).status_code == self_


def test_a_private_profile_is_visible_to_the_staff_of_labs_where_the_person_works(client, lab, manager):
    from kosilab.core.tests.factories import ProcessFactory
    from kosilab.processes.services import member_add

    person = UserFactory(profile={"visibility": "private", "sector": "science"})
    member_add(process=ProcessFactory(lab=lab), user=person, role="expert", by=manager)
    client.force_login(manager)
    assert client.get(reverse("actors:person_detail", args=[person.pk])).status_code == 200


def test_the_organisation_page_lists_only_visible_people(client, organisation):
    shown = UserFactory(name="Sichtbar", profile={"organisation": organisation, "visibility": "public"})
    UserFactory(name="Versteckt", profile={"organisation": organisation, "visibility": "private"})
    members_only = UserFactory(name="Mitglied", profile={"organisation": organisation, "visibility": "members"})
    names = [p.user.name for p in client.get(organisation.get_absolute_url()).context["page_obj"]]
    assert names == [shown.name]
    client.force_login(UserFactory())
    names = [p.user.name for p in client.get(organisation.get_absolute_url()).context["page_obj"]]
    assert names == [members_only.name, shown.name]


def test_creating_an_organisation_needs_a_sector(client, participant):
    client.force_login(participant)
    response = client.post(reverse("actors:organisation_create"), {"name": "Neue Initiative", "city": "Wuppertal"})
    assert response.status_code == 200
    assert response.context["form"].errors["sector"]
    assert not Organisation.objects.filter(name="Neue Initiative").exists()
    response = client.post(
        reverse("actors:organisation_create"),
        {"name": "Neue Initiative", "city": "Wuppertal", "sector": "civil_society"},
    )
    assert response.status_code == 302


def test_changing_an_organisations_sector_moves_its_people(client, manager, organisation):
    person = UserFactory(profile={"organisation": organisation, "sector": organisation.sector})
    client.force_login(manager)
    client.post(
        reverse("actors:organisation_edit", args=[organisation.pk]), {"name": organisation.name, "sector": "business"}
    )
    person.profile.refresh_from_db()
    assert person.profile.sector == "business"


def test_organisation_list_filters_by_sector_and_text(client):
    from kosilab.core.tests.factories import OrganisationFactory

    OrganisationFactory(name="Stadtwerke", sector="business", city="Wuppertal")
    OrganisationFactory(name="Uni", sector="science", city="Dortmund")
    names = lambda q: [o.name for o in client.get(reverse("actors:organisation_list") + q).context["page_obj"]]  # noqa: E731
    assert names("?sector=science") == ["Uni"]
    assert names("?q=wupp") == ["Stadtwerke"]
    assert names("?sector=nonsense") == ["Stadtwerke", "Uni"]


def test_the_people_directory_lists_what_each_person_chose_to_show(client):
    UserFactory(
        name="Anna Öffentlich", profile={"visibility": "public", "skills": "Design Thinking", "sector": "science"}
    )
    UserFactory(
        name="Bert Mitglied", profile={"visibility": "members", "interests": "Radverkehr", "sector": "business"}
    )
    UserFactory(name="Clara Privat", profile={"visibility": "private", "skills": "Design Thinking"})

    def names(query=""):
        return [p.user.name for p in client.get(reverse("actors:person_list") + query).context["page_obj"]]

    assert names() == ["Anna Öffentlich"]
    client.force_login(UserFactory(name="Zoe Zuschauerin", profile={"visibility": "private"}))
    assert names() == ["Anna Öffentlich", "Bert Mitglied"]
    assert names("?q=design") == ["Anna Öffentlich"]
    assert names("?q=radverkehr") == ["Bert Mitglied"]
    assert names("?sector=business") == ["Bert Mitglied"]
    assert names("?sector=nonsense") == ["Anna Öffentlich", "Bert Mitglied"]
