"""Pages of the method library: search, method page, card, own methods, adapt, recommendations."""

from __future__ import annotations

import html
import re

import pytest

from kosilab.core import pagination
from kosilab.core.tests.factories import ProcessFactory, UserFactory
from kosilab.core.tests.matrix import base_world
from kosilab.methods.models import Method
from kosilab.methods.tests.factories import MethodFactory
from kosilab.processes.services import member_add

pytestmark = pytest.mark.django_db
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def world(db, client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    Method.objects.all().delete()
    base = base_world()
    cafe = MethodFactory(
        slug="cafe",
        title="World Café",
        phases=["prompts", "proposals"],
        group_min=12,
        group_max=200,
        duration_min=45,
        duration_max=90,
        online=True,
        sources="Brown 2005\nHolman 2007",
        materials_en="Paper\nPens",
    )
    german = MethodFactory(
        slug="nur-deutsch",
        title_de="Nur Deutsch",
        title_en="",
        goal_en="",
        goal_de="Ein Ziel",
        lab=base["lab"],
        based_on=cafe,
    )
    return {**base, "cafe": cafe, "german": german}


def login(client, world, role):
    client.force_login(world["people"][role])


def test_the_list_shows_facets_with_counts(client, world):
    page = client.get("/methods/").content.decode()
    assert "2 methods" in page
    assert "<legend>Phase</legend>" in page
    assert "Ideas (2)" in page  # both suit the phase Ideas
    assert "Prompts (1)" in page
    assert "Online (1)" in page
    assert "In a room (2)" in page
    assert "Own methods of Home" in page


def test_the_list_filters_and_keeps_the_valid_filters_of_bad_input(client, world):
    page = client.get("/methods/?people=5&q=caf").content.decode()
    assert "0 methods" in page  # the café needs at least 12 people
    page = client.get("/methods/?people=-3&minutes=lots&q=caf").content.decode()
    assert "Ensure this value is greater than or equal to 1." in page
    assert "Enter a whole number." in page
    assert "1 method" in page and "World Café" in page and "Nur Deutsch" not in page


def _listed(page):
    return re.findall(r'href="/methods/(method-\d+)/"', page)


def _link(page, rel):
    return "/methods/" + html.unescape(re.search(rf'href="(\?[^"]+)" rel="{rel}"', page).group(1))


def test_the_list_is_walked_page_by_page_in_title_order(client, world):
    Method.objects.all().delete()
    # Two methods share a title: the id decides between them, and neither is shown twice or lost.
    titles = [f"Method {min(i, 23):02}" for i in range(25)]
    made = [
        MethodFactory(slug=f"method-{i}", title_en=title, title_de=f"Methode {title[-2:]}")
        for i, title in enumerate(titles)
    ]
    slugs = [method.slug for method in made]

    first = client.get("/methods/").content.decode()
    assert _listed(first) == slugs[:20]
    assert "25 methods" in first and 'aria-label="Pages of the methods"' in first
    second = client.get(_link(first, "next")).content.decode()
    assert _listed(second) == slugs[20:] and 'rel="next"' not in second
    assert _listed(client.get(_link(second, "prev")).content.decode()) == slugs[:20]
    assert _listed(client.get("/methods/?page=last").content.decode()) == slugs[-20:]
    # The filters stay in the page links; a cursor that is not one of this list gives the first page.
    assert "?people=25&amp;after=" in client.get("/methods/?people=25").content.decode()
    assert _listed(client.get("/methods/?after=not-a-cursor").content.decode()) == slugs[:20]


def test_a_very_large_library_is_counted_up_to_the_cap(client, world, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_CAP", 1)
    page = client.get("/methods/").content.decode()
    assert "More than 1 methods" in page
    assert "World Café" in page and "Nur Deutsch" in page
    assert "Ideas (" not in page and "<legend>Phase</legend>" in page  # the phases, without counts


def test_staff_get_a_button_for_a_new_method(client, world):
    assert "/methods/new/home/" not in client.get("/methods/").content.decode()
    login(client, world, "facilitator")
    assert "/methods/new/home/" in client.get("/methods/").content.decode()


def test_the_method_page(client, world):
    page = client.get("/methods/cafe/").content.decode()
    assert '<h1 lang="en">World Café</h1>' in page
    assert "12–200 people" in page and "45–90 minutes" in page and "in a room or online" in page
    assert "Prompts, Ideas" in page
    assert "<li>Holman 2007</li>" in page
    assert "<li>Paper</li>" in page
    assert "Adapted by labs" in page and "/methods/nur-deutsch/" in page
    assert "/methods/cafe/card/" in page
    assert "Adapt a copy" not in page and "/edit/" not in page


def test_a_text_only_in_the_other_language_says_so(client, world):
    page = client.get("/methods/nur-deutsch/").content.decode()
    assert '<h1 lang="de">Nur Deutsch</h1>' in page
    assert "This text is only available in German." in page
    assert '<div lang="de">' in page
    assert 'Adapted from <a href="/methods/cafe/"' in page
    assert "Own method of Home" in page


def test_staff_see_adapt_and_edit_buttons(client, world):
    login(client, world, "manager")
    page = client.get("/methods/cafe/").content.decode()
    assert "Adapt a copy for my lab" in page and "/methods/cafe/adapt/home/" in page
    assert "/methods/cafe/edit/" not in page  # the shared library is not edited here
    assert "/methods/nur-deutsch/edit/" in client.get("/methods/nur-deutsch/").content.decode()


def test_the_origin_of_a_private_labs_method_is_not_shown(client, world):
    secret = MethodFactory(slug="secret", title="Secret source", lab=world["private_lab"])
    MethodFactory(slug="copy", title="Copy", lab=world["lab"], based_on=secret)
    page = client.get("/methods/copy/").content.decode()
    assert "Secret source" not in page and "Adapted from" not in page
    login(client, world, "other_manager")
    assert "Secret source" in client.get("/methods/copy/").content.decode()
    assert "Copy" not in client.get("/methods/cafe/").content.decode()  # adaptations: only visible ones


def test_the_printable_card(client, world):
    page = client.get("/methods/cafe/card/").content.decode()
    assert 'class="no-print print-hint"' in page
    assert "/static/kosilab/print.js" in page and "/static/methods/methods.css" in page
    assert '<h1 lang="en">World Café</h1>' in page
    assert "http://testserver/methods/cafe/" in page
    assert "From the shared method library" in page


def test_create_an_own_method(client, world):
    login(client, world, "facilitator")
    data = {
        "title_de": "Punktabfrage",
        "title_en": "Dot voting",
        "steps_en": "Vote\nCount",
        "phases": ["proposals", "prototypes"],
        "group_min": "3",
        "group_max": "40",
        "duration_min": "10",
        "duration_max": "20",
        "online": "on",
        "difficulty": "1",
    }
    response = client.post("/methods/new/home/", data)
    method = Method.objects.get(title_de="Punktabfrage")
    assert response["Location"] == f"/methods/{method.slug}/"
    assert method.slug.startswith("dot-voting")
    assert (method.lab, method.online, method.offline, method.phases) == (
        world["lab"],
        True,
        False,
        ["proposals", "prototypes"],
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title_de": "", "title_en": ""}, "Give the method a title in at least one language."),
        ({"group_max": "2"}, "The largest group cannot be smaller than the smallest group."),
        ({"duration_max": "5"}, "The longest duration cannot be shorter than the shortest duration."),
        ({"duration_min": "1", "duration_max": "20"}, "Ensure this value is greater than or equal to 5."),
        ({"group_max": "100000"}, "Ensure this value is less than or equal to 10000."),
        ({"offline": "", "online": ""}, "A method must work in a room, online or both."),
        ({"phases": ["nonsense"]}, "Select a valid choice. nonsense is not one of the available choices."),
        ({"title_en": "x" * 151}, "Ensure this value has at most 150 characters (it has 151)."),
    ],
)
def test_bad_input_gives_a_clear_message_and_changes_nothing(client, world, change, message):
    login(client, world, "manager")
    data = {
        "title_en": "Dot voting",
        "group_min": "3",
        "group_max": "40",
        "duration_min": "10",
        "duration_max": "20",
        "offline": "on",
        "difficulty": "1",
        **change,
    }
    before = Method.objects.count()
    response = client.post("/methods/new/home/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Method.objects.count() == before


def test_edit_and_delete_an_own_method(client, world):
    login(client, world, "manager")
    page = client.get("/methods/nur-deutsch/edit/").content.decode()
    assert 'value="Nur Deutsch"' in page and 'lang="de"' in page and "Delete method" in page
    data = {
        "title_de": "Nur Deutsch",
        "title_en": "German only",
        "group_min": "5",
        "group_max": "30",
        "duration_min": "30",
        "duration_max": "90",
        "offline": "on",
        "difficulty": "2",
    }
    assert client.post("/methods/nur-deutsch/edit/", data)["Location"] == "/methods/nur-deutsch/"
    german = Method.objects.get(slug="nur-deutsch")
    assert (german.title_en, german.difficulty, german.phases) == ("German only", 2, [])
    assert client.post("/methods/nur-deutsch/delete/")["Location"] == "/methods/"
    assert not Method.objects.filter(slug="nur-deutsch").exists()


def test_adapt_a_copy(client, world):
    login(client, world, "manager")
    page = client.get("/methods/cafe/adapt/home/").content.decode()
    assert "as an own method of Home" in page
    response = client.post("/methods/cafe/adapt/home/")
    copy = Method.objects.get(based_on=world["cafe"], lab=world["lab"], slug__startswith="home-")
    assert response["Location"] == f"/methods/{copy.slug}/edit/"
    assert copy.title_en == "World Café"
    assert client.get(response["Location"]).status_code == 200


def test_recommendations(client, world):
    page = client.get("/methods/recommend/").content.decode()
    assert "Recommended methods" not in page
    page = client.get("/methods/recommend/?phase=proposals&people=25&minutes=180&setting=online").content.decode()
    assert "Recommended methods" in page
    assert "World Café" in page
    assert "Suits the phase Ideas" in page
    assert "Works for 12–200 people (you have 25)" in page
    assert "Needs 45–90 minutes (you have 180)" in page
    assert "Works online" in page
    assert "Nur Deutsch" not in page  # a lab's own methods: for that lab's staff


def test_recommendations_refuse_bad_input_with_a_message(client, world):
    page = client.get("/methods/recommend/?people=0&minutes=20000&phase=x").content.decode()
    assert "Ensure this value is greater than or equal to 1." in page
    assert "Ensure this value is less than or equal to 10080." in page
    assert "Select a valid choice." in page


def test_recommendations_for_a_process(client, world):
    process = ProcessFactory(lab=world["lab"], title="Greener squares")
    for _ in range(3):
        member_add(process=process, user=UserFactory(), role="co_creator", by=None, sector="science")
    page = client.get(f"/methods/for-process/{process.pk}/").content.decode()
    assert "Methods for Greener squares" in page
    assert f"The process is in the phase “{process.current_phase.label}”" in page
    assert 'name="people" value="3"' in page and 'name="minutes" value="180"' in page
    assert 'name="phase"' not in page
    assert "Made for 12–200 people; you have only 3" in page
    assert "Nur Deutsch" in page  # the process's lab's own methods count
    page = client.get(f"/methods/for-process/{process.pk}/?people=20&minutes=20").content.decode()
    assert "No method fits." in page


def test_a_process_in_a_phase_of_the_labs_own(client, world):
    process = ProcessFactory(lab=world["lab"])
    process.current_phase.key = "kiez-walk"
    process.current_phase.name = "Kiez walk"
    process.current_phase.save()
    page = client.get(f"/methods/for-process/{process.pk}/").content.decode()
    assert "This is a phase of the lab's own; the methods are not ranked by phase." in page


def test_script_in_a_title_is_escaped_everywhere(client, world):
    MethodFactory(slug="xss", title=SCRIPT, summary_en=SCRIPT, steps_en=SCRIPT, phases=["proposals"])
    for url in ["/methods/", "/methods/xss/", "/methods/xss/card/", "/methods/recommend/?phase=proposals"]:
        page = client.get(url).content.decode()
        assert SCRIPT not in page, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, url
