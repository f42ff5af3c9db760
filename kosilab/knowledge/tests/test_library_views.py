"""The pages of the case-study library: search with facets and counts, a profile with its sources,
the version history with its authors, the world list and the timeline; bad input."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from kosilab.core.tests.english import english_everywhere  # noqa: F401
from kosilab.core.tests.factories import LabFactory, UserFactory
from kosilab.knowledge import selectors
from kosilab.knowledge.facets import FACETS
from kosilab.knowledge.history import record_revision
from kosilab.knowledge.models import LabProfile, RevisionSource
from kosilab.knowledge.tests.library_factories import ProfileFactory, fact
from kosilab.methods.models import Method

pytestmark = pytest.mark.django_db


@pytest.fixture
def labs(db):
    LabProfile.objects.all().delete()  # without the case studies of migration 0003
    hidden = LabFactory(slug="hidden-lab", is_public=False)
    return {
        "mindlab": ProfileFactory(
            slug="mindlab",
            name="MindLab",
            city="Copenhagen",
            country="DK",
            founded=2002,
            ended=2018,
            status="ended",
            end_mode="closed",
            themes=["employment", "education"],
            positions=["inside"],
            has_space=True,
            term_bound=False,
            summary_en="A cross-government innovation unit.",
            summary_de="Eine ressortübergreifende Innovationseinheit.",
            facts={
                "summary": fact(),
                "founded": fact("conflict", note_en="Some say 2001, others 2002."),
                "ended": fact("unverified"),
                "themes": fact(sources=["https://example.org/a", "https://example.org/b"], checked="2026-11-30"),
                "position": fact("unrecorded", note_en="The research names no source."),
                "space": fact(),
                "mandate": fact(),
            },
        ),
        "citylab": ProfileFactory(
            slug="citylab",
            name="CityLAB Berlin",
            city="Berlin",
            country="DE",
            founded=2019,
            themes=["digital_services"],
            positions=["outside"],
            has_space=True,
            summary_en="A public innovation lab at the former Tempelhof airport.",
        ),
        "quiet": ProfileFactory(
            slug="quiet", name="Quiet Lab", country="GB", founded=None, status="unknown", summary_en="Little is known."
        ),
        "hosted": ProfileFactory(slug="hosted", name="Hosted Lab", lab=LabFactory(slug="hosted-lab"), country="DE"),
        "hidden": ProfileFactory(slug="hidden", name="Hidden Lab", lab=hidden, country="DE"),
    }


def slugs(response):
    return [result["profile"].slug for result in response.context["results"]]


def counts(response, key):
    facet = next(f for f in response.context["facets"] if f.key == key)
    return {value.key: value.count for value in facet.values}


def test_the_library_lists_what_the_visitor_may_see_with_counts(client, labs):
    response = client.get("/knowledge/")
    assert response.status_code == 200
    assert slugs(response) == ["citylab", "hosted", "mindlab", "quiet"]
    assert counts(response, "kind") == {"case_study": 3, "hosted": 1}
    assert counts(response, "country") == {"DK": 1, "DE": 2, "GB": 1}
    assert counts(response, "decade") == {"2000": 1, "2010": 2, "unknown": 1}
    assert counts(response, "status")["active"] == 2
    assert counts(response, "space") == {"yes": 2, "no": 0, "unknown": 2}
    assert counts(response, "term") == {"yes": 0, "no": 1, "unknown": 3}
    # Every facet of facets.FACETS is offered, with every value of its vocabulary.
    offered = {facet.key: facet for facet in response.context["facets"]}
    for facet in FACETS:
        assert [value.key for value in offered[facet.key].values] == [key for key, _label in facet.choices]
    html = response.content.decode()
    assert "<legend" in html and 'type="checkbox"' in html
    assert 'name="theme" value="employment"' in html


def test_the_team_of_a_hidden_lab_finds_its_profile(client, labs):
    manager = UserFactory()
    from kosilab.labs.models import LabRole
    from kosilab.labs.services import lab_team_set

    lab_team_set(lab=labs["hidden"].lab, user=manager, role=LabRole.MANAGER, by=None)
    client.force_login(manager)
    assert "hidden" in slugs(client.get("/knowledge/"))


def test_facets_combine_and_each_counts_without_its_own_choice(client, labs):
    response = client.get("/knowledge/?theme=employment&theme=digital_services&country=DE")
    assert slugs(response) == ["citylab"]
    # The theme counts follow the country, the country counts follow the themes.
    assert counts(response, "theme")["employment"] == 0
    assert counts(response, "theme")["digital_services"] == 1
    assert counts(response, "country") == {"DK": 1, "DE": 1, "GB": 0}
    chosen = {value.key for f in response.context["facets"] for value in f.values if value.chosen}
    assert chosen == {"employment", "digital_services", "DE"}
    assert 'value="DE" id="f-country-DE" checked' in response.content.decode()


def test_the_full_text_query_combines_with_the_facets(client, labs):
    assert sorted(slugs(client.get("/knowledge/?q=innovation"))) == ["citylab", "mindlab"]
    response = client.get("/knowledge/?q=innovation&country=DK")
    assert slugs(response) == ["mindlab"]
    assert counts(response, "country") == {"DE": 1, "DK": 1}
    assert "Sorted by how well they match" in response.content.decode()
    assert slugs(client.get("/knowledge/?q=Tempelhof&kind=hosted")) == []
    assert slugs(client.get("/knowledge/?q=ressortübergreifende")) == ["mindlab"]


def test_decades_space_and_term_filter(client, labs):
    assert slugs(client.get("/knowledge/?decade=2010")) == ["citylab", "hosted"]
    assert slugs(client.get("/knowledge/?decade=unknown")) == ["quiet"]
    assert slugs(client.get("/knowledge/?space=yes")) == ["citylab", "mindlab"]
    assert slugs(client.get("/knowledge/?term=no&space=yes")) == ["mindlab"]
    assert slugs(client.get("/knowledge/?kind=hosted")) == ["hosted"]


@pytest.mark.parametrize(
    "query",
    [
        "theme=weather",
        "country=XX&country=dk&country=Germany",
        "decade=1995&decade=abcd&decade=99999",
        "status=%27%3B--",
        "page=999999&size=7",
        "page=-1&size=100000",
        "q=" + "x" * 5000,
        "q=%22%27*%28%29",
    ],
)
def test_bad_filters_are_ignored_with_a_message(client, labs, query):
    response = client.get(f"/knowledge/?{query}")
    assert response.status_code == 200
    if "page" not in query and "q=" not in query:
        assert response.context["filters"].ignored
        assert "were not understood" in response.content.decode()
        assert slugs(response) == ["citylab", "hosted", "mindlab", "quiet"]


def test_page_size_and_pagination_keep_the_filters(client, labs):
    for number in range(30):
        ProfileFactory(slug=f"extra-{number:02}", name=f"Extra {number:02}", country="DE")
    response = client.get("/knowledge/?country=DE")
    assert response.context["page_obj"].paginator.per_page == 20
    assert len(slugs(response)) == 20
    assert "?country=DE&amp;page=2" in response.content.decode()
    response = client.get("/knowledge/?country=DE&size=50")
    assert len(slugs(response)) == 32
    response = client.get("/knowledge/?country=DE&page=99")
    assert response.context["page_obj"].number == 2


def test_a_profile_shows_every_fact_with_sources_certainty_and_last_check(client, labs):
    mindlab = labs["mindlab"]
    mindlab.methods.add(Method.objects.get(slug="world-cafe"))
    mindlab.method_families = ["human_centred_design"]
    mindlab.illustrates = {"political_backing": {"de": "Rückhalt fehlte.", "en": "Backing went away."}}
    mindlab.facts["methods"] = fact()
    mindlab.save()
    with translation.override("en"):
        response = client.get("/knowledge/labs/mindlab/", HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Copenhagen, Denmark" in html
    assert "2002 – 2018" in html
    assert "<strong>Sources disagree</strong>: Some say 2001, others 2002." in html
    assert "<strong>Unverified</strong>" in html
    assert "<strong>Source not recorded</strong>: The research names no source." in html
    assert '<a href="https://example.org/a" rel="nofollow noopener" class="source-link">' in html
    assert 'Last checked: <time datetime="2026-11-30">30 November 2026</time>' in html
    with translation.override("de"):
        german = client.get("/knowledge/labs/mindlab/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert '<time datetime="2026-11-30">30. November 2026</time>' in german
    assert 'href="/methods/world-cafe/"' in html
    assert "Backing went away." in html
    assert 'href="/knowledge/labs/mindlab/history/"' in html
    # Facts without a value and without sources are left out; the others each have a section.
    assert html.count('class="fact"') == len(response.context["facts"])
    assert "fact-impact" not in html


def test_a_text_missing_in_the_readers_language_is_shown_in_the_other_with_its_language(client, labs):
    labs["quiet"].summary_de = ""
    labs["quiet"].save()
    with translation.override("de"):
        html = client.get("/knowledge/labs/quiet/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert '<dd lang="en">Little is known.</dd>' in html


def test_the_history_names_authors_only_to_platform_admins(client, labs):
    profile = labs["citylab"]
    record_revision(profile=profile, source=RevisionSource.DATA_FILE, changed=["summary"])
    author = UserFactory(name="Ada Editor")
    profile.summary_en = "A lab in Berlin."
    profile.save()
    record_revision(profile=profile, source=RevisionSource.EDIT, author=author, changed=["summary"])
    html = client.get("/knowledge/labs/citylab/history/").content.decode()
    assert "Ada Editor" not in html and "a lab team member" in html and "data file" in html
    assert 'href="/knowledge/labs/citylab/history/2/"' in html
    assert '<th scope="col">' in html and "<caption>" in html
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    html = client.get("/knowledge/labs/citylab/history/").content.decode()
    assert "Ada Editor" in html
    assert "Ada Editor" in client.get("/knowledge/labs/citylab/history/2/").content.decode()


def test_a_version_shows_what_changed_against_the_one_before(client, labs):
    profile = labs["citylab"]
    record_revision(profile=profile, source=RevisionSource.DATA_FILE, changed=["summary", "founded"])
    profile.summary_en = "A lab in the old airport."
    profile.founded = 2018
    profile.facts = {**profile.facts, "founded": fact("unverified")}
    profile.save()
    record_revision(profile=profile, source=RevisionSource.EDIT, changed=["summary", "founded"])
    with translation.override("en"):
        response = client.get("/knowledge/labs/citylab/history/2/", HTTP_ACCEPT_LANGUAGE="en")
        changes = {str(change.label): change for change in response.context["changes"]}
    assert set(changes) == {"Summary", "Founded"}
    assert [item.text for item in changes["Founded"].before][:1] == ["2019"]
    assert [item.text for item in changes["Founded"].after][:1] == ["2018"]
    assert "unverified" in [item.text for item in changes["Founded"].after]
    html = response.content.decode()
    assert "Compared with version 1." in html
    first = client.get("/knowledge/labs/citylab/history/1/")
    assert "The first version" in first.content.decode()
    assert client.get("/knowledge/labs/citylab/history/3/").status_code == 404


def test_the_world_list_groups_by_country_with_translated_names(client, labs):
    with translation.override("de"):
        response = client.get("/knowledge/world/", HTTP_ACCEPT_LANGUAGE="de")
    countries = response.context["countries"]
    assert [country.name for country in countries] == ["Dänemark", "Deutschland", "Vereinigtes Königreich"]
    germany = countries[1]
    assert (germany.count, germany.active, germany.ended) == (2, 2, 0)
    assert [profile["slug"] for profile in germany.profiles] == ["citylab", "hosted"]
    assert response.context["total"] == 4
    assert "<caption>" in response.content.decode()
    assert [c.code for c in client.get("/knowledge/world/?status=ended").context["countries"]] == ["DK"]


@time_machine.travel("2031-05-01 12:00:00+02:00", tick=False)
def test_the_timeline_is_an_accessible_chart_with_a_table(client, labs):
    with translation.override("en"):
        response = client.get("/knowledge/timeline/", HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    chart = str(response.context["chart"])
    assert 'role="img"' in chart and "<title" in chart and "<desc" in chart
    assert "MindLab: 2002 – 2018" in chart
    assert "CityLAB Berlin: 2019 – today (running)" in chart
    assert "Quiet Lab: founded: not known – status not known" in chart
    assert 'stroke-dasharray="4 3"' in chart  # the unknown founding drawn as an outline
    assert ">2030<" in chart  # the axis reaches this year
    assert [row["profile"].slug for row in response.context["rows"]] == ["mindlab", "hosted", "citylab", "quiet"]
    assert "<caption>" in html and '<th scope="row">' in html
    assert re.search(r"<td class=\"number\">running</td>", html)
    filtered = client.get("/knowledge/timeline/?status=ended")
    assert [row["profile"].slug for row in filtered.context["rows"]] == ["mindlab"]


def test_the_library_is_linked_in_the_navigation(client, labs):
    assert 'href="/knowledge/"' in client.get("/").content.decode()


def test_facet_counts_ask_one_query(django_assert_num_queries, labs):
    filters = selectors.LibraryFilters.parse({"theme": ["employment"], "country": ["DE"]}, "lab")
    with django_assert_num_queries(1):
        facets = selectors.facet_counts(AnonymousUser(), filters)
    assert len(facets) == len(selectors.SEARCH_FACETS)


def test_the_admin_shows_profiles_and_versions_read_only(client, labs):
    record_revision(profile=labs["mindlab"], source=RevisionSource.DATA_FILE)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert client.get("/admin/knowledge/labprofile/").status_code == 200
    page = client.get(f"/admin/knowledge/labprofile/{labs['mindlab'].pk}/change/")
    assert page.status_code == 200 and "MindLab" in page.content.decode()
    assert client.get("/admin/knowledge/labprofile/add/").status_code == 403
    before = LabProfile.objects.get(slug="mindlab").name
    client.post(f"/admin/knowledge/labprofile/{labs['mindlab'].pk}/change/", {"name": "Changed"})
    assert LabProfile.objects.get(slug="mindlab").name == before
    assert client.get("/admin/knowledge/profilerevision/").status_code == 200


def test_the_world_list_names_a_dozen_labs_per_country_and_links_the_rest(client, labs):
    for number in range(14):
        ProfileFactory(slug=f"de-{number:02}", name=f"Labor {number:02}", country="DE")
    response = client.get("/knowledge/world/?status=active")
    germany = next(country for country in response.context["countries"] if country.code == "DE")
    assert (germany.count, len(germany.shown), germany.more) == (16, 12, 4)
    assert 'href="/knowledge/?status=active&amp;country=DE"' in response.content.decode()


def test_only_web_addresses_among_the_sources_are_links(client, labs):
    profile = labs["citylab"]
    reference = "Wascher et al. (2018), Labore sozialer Innovation, sfs TU Dortmund"
    profile.facts = {"summary": fact(sources=["https://example.org/report", reference])}
    profile.save()
    html = client.get("/knowledge/labs/citylab/").content.decode()
    assert 'href="https://example.org/report"' in html
    assert f"<li>{reference}</li>" in html
    assert f'href="{reference}"' not in html


def test_a_hosted_labs_fact_without_a_source_is_its_own_statement(client, labs):
    hosted, case = labs["hosted"], labs["citylab"]
    hosted.summary_en = case.summary_en = "A lab."
    hosted.facts = case.facts = {"summary": fact(sources=[])}
    hosted.save()
    case.save()
    assert "Stated by the lab itself." in client.get("/knowledge/labs/hosted/").content.decode()
    html = client.get("/knowledge/labs/citylab/").content.decode()
    assert "Stated by the lab itself." not in html and "Confirmed by the source." in html


def test_the_profile_offers_what_the_reader_may_do(client, labs):
    from kosilab.labs.models import LabRole
    from kosilab.labs.services import lab_team_set

    def actions(slug):
        html = client.get(f"/knowledge/labs/{slug}/").content.decode()
        return {
            name
            for name, href in [
                ("propose", f"/knowledge/labs/{slug}/propose/"),
                ("check", f"/knowledge/labs/{slug}/check/"),
                ("edit", "/knowledge/own/hosted-lab/"),
            ]
            if f'href="{href}"' in html
        }

    assert actions("citylab") == set()  # anonymous
    manager = UserFactory()
    lab_team_set(lab=labs["hosted"].lab, user=manager, role=LabRole.MANAGER, by=None)
    client.force_login(manager)
    assert actions("citylab") == {"propose"}
    assert actions("hosted") == {"edit"}  # a hosted profile takes no proposals; its managers edit it
    library = client.get("/knowledge/").content.decode()
    assert 'href="/knowledge/propose/"' in library and "My proposals" in library
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert actions("citylab") == {"propose", "check"}
    assert "Proposals waiting for review" in client.get("/knowledge/").content.decode()


def test_a_stored_day_is_shown_in_the_readers_format():
    from kosilab.knowledge.templatetags.knowledge_dates import iso_day

    assert iso_day("2026-12-06") == "6 December 2026"
    with translation.override("de"):
        assert iso_day("2026-12-06") == "6. Dezember 2026"
    assert iso_day("about 2019") == "about 2019"
    assert iso_day(None) == ""
