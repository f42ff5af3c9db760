"""A result's title and summary in further languages: written through the result's form (and its
services), shown to readers in their language, and in German, marked, where no translation exists."""

from __future__ import annotations

import pytest

from kosilab.core.tests.factories import LabFactory, ProcessFactory, UserFactory
from kosilab.core.tests.queries import count
from kosilab.labs.models import LabRole
from kosilab.labs.services import lab_team_set
from kosilab.results import services
from kosilab.results.models import Result, ResultKind
from kosilab.results.tests.factories import make_result
from kosilab.results.tests.test_query_counts import PINS

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    lab = LabFactory(slug="q", name="Q")
    manager = UserFactory()
    lab_team_set(lab=lab, user=manager, role=LabRole.MANAGER, by=None)
    return {"lab": lab, "manager": manager, "process": ProcessFactory(lab=lab, title="Ein Lab-Prozess")}


def english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_the_form_offers_the_translations_in_a_group_of_their_own(client, setting):
    client.force_login(setting["manager"])
    result = make_result(setting["process"], title="Entscheidung", i18n={"summary_en": "We decided."})
    page = english(client).get(f"/results/{result.pk}/edit/").content.decode()
    assert '<details class="translation" open>' in page
    assert 'name="title_en"' in page and 'name="summary_en"' in page
    assert 'lang="en"' in page
    assert "We decided." in page  # the stored translation fills its field
    page = english(client).get(f"/results/process/{setting['process'].pk}/new/").content.decode()
    assert '<details class="translation">' in page  # nothing written yet: closed
    assert 'name="title_en"' in page


def test_the_form_saves_and_removes_translations(client, setting):
    client.force_login(setting["manager"])
    process = setting["process"]
    response = client.post(
        f"/results/process/{process.pk}/new/",
        {
            "kind": "decision",
            "title": "Entscheidung für Fahrradgaragen",
            "summary": "Wir bauen Garagen.",
            "visibility": "public",
            "title_en": "  Decision for bicycle garages ",
            "summary_en": "We build garages.",
        },
    )
    assert response.status_code == 302
    result = Result.objects.get()
    assert result.title == "Entscheidung für Fahrradgaragen"
    assert result.i18n == {"title_en": "Decision for bicycle garages", "summary_en": "We build garages."}

    response = client.post(
        f"/results/{result.pk}/edit/",
        {
            "kind": "decision",
            "title": "Entscheidung für Fahrradgaragen",
            "summary": "Wir bauen Garagen.",
            "visibility": "public",
            "title_en": "Decision for bike garages",
            "summary_en": "",
        },
    )
    assert response.status_code == 302
    result.refresh_from_db()
    assert result.i18n == {"title_en": "Decision for bike garages"}


def test_the_services_take_translations_and_refuse_other_names(setting):
    result = services.result_create(
        process=setting["process"], by=None, kind=ResultKind.DECISION, title="Beschluss", title_en="Resolution"
    )
    assert Result.objects.get(pk=result.pk).i18n == {"title_en": "Resolution"}
    services.result_update(result=result, by=None, kind=ResultKind.DECISION, title="Beschluss", title_en=None)
    assert Result.objects.get(pk=result.pk).i18n == {}
    with pytest.raises(TypeError, match="kind_en"):
        services.result_update(result=result, by=None, kind=ResultKind.DECISION, title="Beschluss", kind_en="x")


def test_an_english_reader_sees_the_english_texts_and_german_marked_where_none_exists(client, setting):
    process = setting["process"]
    process.title_en = "A lab process in English"
    process.save()
    result = make_result(
        process,
        title="Testbericht Garage",
        summary="Drei Monate Probebetrieb.",
        i18n={"title_en": "Garage test report"},
    )
    page = english(client).get(f"/results/{result.pk}/").content.decode()
    assert "<title>Garage test report" in page
    assert "<h1>Garage test report</h1>" in page
    assert '<p lang="de">Drei Monate Probebetrieb.</p>' in page
    assert "A lab process in English" in page
    assert "Not yet translated into English" in page
    assert "Add the translation" not in page  # a visitor may not edit

    client.force_login(setting["manager"])
    page = client.get(f"/results/{result.pk}/").content.decode()
    assert f'<a href="/results/{result.pk}/edit/">Add the translation</a>' in page

    listed = client.get(f"/results/process/{process.pk}/").content.decode()
    assert ">Garage test report</a>" in listed
    assert '<p lang="de">Drei Monate Probebetrieb.</p>' in listed


def test_a_german_reader_sees_the_german_texts_without_a_note(client, setting):
    result = make_result(setting["process"], title="Testbericht Garage", i18n={"title_en": "Garage test report"})
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "de"
    page = client.get(f"/results/{result.pk}/").content.decode()
    assert "<h1>Testbericht Garage</h1>" in page
    assert "Garage test report" not in page
    assert "untranslated-note" not in page


def test_a_fully_translated_result_shows_no_note(client, setting):
    result = make_result(
        setting["process"], title="Bericht", summary="Kurz.", i18n={"title_en": "Report", "summary_en": "Short."}
    )
    page = english(client).get(f"/results/{result.pk}/").content.decode()
    assert "<h1>Report</h1>" in page and "<p>Short.</p>" in page
    assert "untranslated-note" not in page


def test_translations_cost_no_query(client, setting):
    result = make_result(setting["process"], kind=ResultKind.BUSINESS_MODEL, title="Modell", i18n={"title_en": "Model"})
    assert count(english(client), f"/results/{result.pk}/") == PINS["detail"][False]
    assert count(client, f"/results/process/{setting['process'].pk}/") == PINS["process"][False]
