"""The search across the apps: kept current by every write, in both languages, ranked, with the
kind shown; bad queries get a message, never an error (docs/search.md)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection

from kosilab.actors.services import organisation_create, organisation_update
from kosilab.challenges.services import challenge_create, challenge_update
from kosilab.cocreation.services import idea_delete, item_moderate
from kosilab.cocreation.tests.factories import idea, open_challenge
from kosilab.core.tests.factories import ChallengeFactory, LabFactory, ProcessFactory, UserFactory
from kosilab.labs.services import lab_update
from kosilab.methods.services import method_delete, method_update
from kosilab.methods.tests.factories import MethodFactory
from kosilab.processes.services import process_update
from kosilab.results.models import ResultVisibility
from kosilab.results.services import result_create, result_delete, result_update
from kosilab.search.models import Entry
from kosilab.search.selectors import MAX_HITS, hits, search

pytestmark = pytest.mark.django_db


def titles(query, user=None, kind=""):
    found = search(user or AnonymousUser(), query, kind=kind)
    return [hit.title.text for hit in hits(found.ids, "de")]


def kinds(query):
    return set(search(AnonymousUser(), query).per_kind)


@pytest.fixture
def lab(db):
    # Without the method library and the case studies that the migrations load (words of their own).
    Entry.objects.filter(kind__in=["method", "profile"]).delete()
    return LabFactory(slug="dortmund", name="KoSI-Lab Dortmund", focus="Mobilität im Quartier")


def test_writes_through_the_services_keep_the_index_current(lab):
    challenge = challenge_create(
        lab=lab, by=None, wanted_sectors=[], title="Wohin mit den Fahrrädern?", summary="Abstellen.", status="open"
    )
    assert titles("Fahrrädern") == ["Wohin mit den Fahrrädern?"]
    challenge_update(
        challenge=challenge, by=None, wanted_sectors=[], title="Wohin mit den Lastenrädern?", summary="Abstellen."
    )
    assert titles("Lastenrädern") == ["Wohin mit den Lastenrädern?"]
    assert titles("Fahrrädern") == []

    lab_update(lab=lab, by=None, focus="Klimaanpassung")
    assert kinds("Klimaanpassung") == {"lab"}
    assert kinds("Mobilität") == set()

    process = ProcessFactory(lab=lab, title="Schattenplätze")
    process_update(process=process, by=None, title="Trinkbrunnen", summary="Wasser für alle")
    assert kinds("Trinkbrunnen") == {"process"} and kinds("Schattenplätze") == set()

    result = result_create(
        process=process, by=None, kind="decision", title="Beschluss Brunnen", visibility=ResultVisibility.PUBLIC
    )
    assert kinds("Beschluss") == {"result"}
    result_update(result=result, by=None, kind="decision", title="Beschluss Bänke", visibility=ResultVisibility.PUBLIC)
    assert titles("Beschluss") == ["Beschluss Bänke"]
    result_delete(result=result, by=None)
    assert titles("Beschluss") == []

    method = MethodFactory(lab=lab, title="Kiezspaziergang")
    method_update(method=method, by=None, title_de="Quartiersrundgang", title_en="Neighbourhood walk")
    assert titles("Quartiersrundgang") == ["Quartiersrundgang"] and titles("Kiezspaziergang") == []
    method_delete(method=method, by=None)
    assert titles("Quartiersrundgang") == []

    organisation = organisation_create(by=None, name="Radwerkstatt e. V.", sector="civil_society", city="Dortmund")
    assert kinds("Radwerkstatt") == {"organisation"}
    organisation_update(organisation=organisation, by=None, name="Reparaturcafé e. V.")
    assert kinds("Reparaturcafé") == {"organisation"} and kinds("Radwerkstatt") == set()

    thought = idea(open_challenge(lab), title="Sonnensegel am Markt")
    assert kinds("Sonnensegel") == {"idea"}
    item_moderate(item=thought, by=None, hidden=True, reason="Werbung")  # hidden by the lab: not found
    assert kinds("Sonnensegel") == set()
    item_moderate(item=thought, by=None, hidden=False, reason="")
    assert kinds("Sonnensegel") == {"idea"}
    idea_delete(idea=thought, by=None)  # deleted by its author: the text is gone, so is the entry
    assert kinds("Sonnensegel") == set()


def test_deleting_a_lab_removes_the_entries_of_what_it_held(lab):
    ChallengeFactory(lab=lab, status="open", title="Stadtgrün gießen")
    assert kinds("Stadtgrün") == {"challenge"}
    lab.delete()
    assert kinds("Stadtgrün") == set()
    assert not Entry.objects.filter(kind="lab", object_id=lab.pk).exists()


def test_both_languages_are_searched_and_the_reader_sees_their_own(lab):
    challenge_create(
        lab=lab,
        by=None,
        wanted_sectors=[],
        title="Wie pflanzen wir Bäume?",
        title_en="How do we plant trees?",
        summary="Gemeinsam.",
        status="open",
    )
    challenge_create(
        lab=lab, by=None, wanted_sectors=[], title="Nur deutsch: Gießkannen", summary="Wasser.", status="open"
    )
    assert titles("trees") == ["Wie pflanzen wir Bäume?"]  # an English word finds it
    assert titles("pflanzen") == ["Wie pflanzen wir Bäume?"]
    found = search(AnonymousUser(), "Bäume")
    (english,) = hits(found.ids, "en")
    assert english.title.text == "How do we plant trees?" and not english.title.is_other_language
    (german_only,) = hits(search(AnonymousUser(), "Gießkannen").ids, "en")
    assert german_only.title.text == "Nur deutsch: Gießkannen" and german_only.title.lang_attr == ' lang="de"'


def test_hits_are_ranked_and_filtered_by_kind(lab):
    ChallengeFactory(lab=lab, status="open", title="Brücke", summary="Eine Brücke, noch eine Brücke, Brücken.")
    ChallengeFactory(lab=lab, status="open", title="Marktplatz", summary="Mit einer Brücke daneben.")
    organisation_create(by=None, name="Brückenbau GmbH", sector="business", city="Dortmund")
    assert titles("Brücke", kind="challenge") == ["Brücke", "Marktplatz"]
    assert kinds("Brücke") == {"challenge", "organisation"}
    assert titles("Brücke", kind="organisation") == ["Brückenbau GmbH"]


def test_the_hits_are_capped(lab):
    for number in range(MAX_HITS + 5):
        ChallengeFactory(lab=lab, status="open", title=f"Sitzbank {number}")
    found = search(AnonymousUser(), "Sitzbank")
    assert len(found.ids) == MAX_HITS and found.capped


def test_rebuild_search_index_refills_what_bulk_writes_missed(lab):
    ChallengeFactory(lab=lab, status="open", title="Laternen im Park")
    Entry.objects.all().delete()
    assert kinds("Laternen") == set()
    out = StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert kinds("Laternen") == {"challenge"}
    assert "entries" in out.getvalue()


@pytest.mark.parametrize(
    "query",
    ['"', "*", "NEAR(", "-", "OR", "AND", "()", "'", ":*", "\\", "%", "_", "' OR 1=1 --", "NEAR(a b)"],
)
def test_junk_queries_answer_with_a_page(client, lab, query):
    ChallengeFactory(lab=lab, status="open", title="Or and near")
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200


def test_the_page_says_what_is_wrong(client, lab):
    page = client.get("/search/").content.decode()
    assert "Geben Sie ein Wort ein" in page
    page = client.get("/search/", {"q": "*"}).content.decode()
    assert "Ihre Suche enthält kein Wort" in page
    response = client.get("/search/", {"q": "x" * 201})
    assert response.status_code == 400
    assert "höchstens 200 Zeichen" in response.content.decode()
    assert client.get("/search/?q=a%00b").status_code == 400  # NUL: core.badinput
    assert client.get("/search/", {"q": "Dortmund", "kind": "nonsense"}).status_code == 400
    assert client.get("/search/", {"q": "Dortmund", "page": "999"}).status_code == 200


def test_every_page_has_the_search_box(client, lab):
    page = client.get("/").content.decode()
    assert 'role="search"' in page and 'action="/search/"' in page
    assert '<label for="site-search-q">Suche</label>' in page


def test_the_page_in_english(client, lab):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    challenge_create(
        lab=lab, by=None, wanted_sectors=[], title="Nur deutsch: Gießkannen", summary="Wasser.", status="open"
    )
    page = client.get("/search/", {"q": "Gießkannen"}).content.decode()
    assert '<span class="badge">Challenge</span>' in page
    assert 'lang="de">Nur deutsch: Gießkannen</a>' in page
    assert "1 hit" in page


def test_the_demo_ends_with_a_filled_index(db):
    from kosilab.site.demo import load_demo

    for _part in load_demo():
        pass
    assert kinds("Fahrradgaragen") >= {"challenge", "process", "result"}
    assert Entry.objects.filter(kind="method").count() >= 42
    assert Entry.objects.filter(kind="profile").exists()


def test_a_logged_in_reader_finds_their_labs_drafts(client, lab):
    manager = UserFactory()
    from kosilab.labs.models import LabRole
    from kosilab.labs.services import lab_team_set

    lab_team_set(lab=lab, user=manager, role=LabRole.MANAGER, by=None)
    ChallengeFactory(lab=lab, status="draft", title="Entwurf: Hitzeschutz")
    assert titles("Hitzeschutz") == []
    assert titles("Hitzeschutz", user=manager) == ["Entwurf: Hitzeschutz"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan")
def test_postgresql_uses_the_gin_indexes(lab):
    from kosilab.search.index import ENTRY_SEARCH

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = Entry.objects.filter(ENTRY_SEARCH.condition(connection, "Lab Dortmund")).only("id").explain()
    assert "search_entry_search_de" in plan, plan
    assert "search_entry_search_en" in plan, plan


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 table")
def test_sqlite_puts_back_triggers_that_a_table_rebuild_dropped(lab):
    from kosilab.search.index import ENTRY_SEARCH

    with connection.cursor() as cursor:
        for name in ("insert", "update", "delete"):
            cursor.execute(f'DROP TRIGGER "search_entry_fts_{name}"')
    ChallengeFactory(lab=lab, status="open", title="Luftschiffe über der Stadt")
    assert kinds("Luftschiffe") == set()
    assert ENTRY_SEARCH.ensure(connection) is True
    assert kinds("Luftschiffe") == {"challenge"}


def test_searching_is_throttled_per_person_and_address(client, settings):
    """Scraping the index by many searches gets 429; an empty search form is not counted."""
    settings.KOSILAB_PAGE_CACHE_SECONDS = 0  # every search reaches the view
    settings.KOSILAB_RATELIMIT_RATES = {"search": "3/m"}
    ChallengeFactory(lab=LabFactory(), title="Schulhöfe begrünen", status="open")
    for _ in range(3):
        assert client.get("/search/", {"q": "Schulhöfe"}).status_code == 200
    assert client.get("/search/").status_code == 200
    refused = client.get("/search/", {"q": "Schulhof"})
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    client.force_login(UserFactory())  # another person: counted apart
    assert client.get("/search/", {"q": "Schulhöfe"}).status_code == 200
