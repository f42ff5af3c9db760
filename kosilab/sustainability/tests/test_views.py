"""The pages: the watch with its warnings, timeline and forms; bad input answers 400 and changes
nothing; the legacy page, the archive's download and its upload; the link from the lab page."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from kosilab.core.tests.factories import LabFactory
from kosilab.labs.models import LabRole
from kosilab.labs.services import lab_team_set
from kosilab.methods.models import Method
from kosilab.methods.tests.factories import MethodFactory
from kosilab.sustainability.charts import TimelineRow, timeline_chart
from kosilab.sustainability.models import Funding, InheritedArchive, Mandate, RenewalDecision
from kosilab.sustainability.services import decision_create, legacy_export
from kosilab.sustainability.tests.factories import make_funding, make_mandate

pytestmark = pytest.mark.django_db

TODAY = dt.date(2027, 6, 10)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(dt.datetime(2027, 6, 10, 9, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


def days(n: int) -> str:
    return (TODAY + dt.timedelta(days=n)).isoformat()


def test_funding_ending_soon_shows_a_warning_with_what_to_do_and_the_timeline(english, lab, manager):
    english.force_login(manager)
    response = english.post(
        f"/sustainability/{lab.slug}/funding/new/",
        {
            "funder": "ESF Plus",
            "programme": "Zusammenhalt",
            "amount_per_year": "90000",
            "currency": "EUR",
            "starts_on": days(-700),
            "ends_on": days(45),
        },
    )
    funding = Funding.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/sustainability/{lab.slug}/#funding"
    page = english.get(f"/sustainability/{lab.slug}/").content.decode()
    assert "The funding “ESF Plus – Zusammenhalt” ends in 45 days" in page
    assert "What to do:" in page and "Apply for a follow-up grant" in page
    assert f'href="#funding-{funding.pk}"' in page
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img"' in page
    assert "Funding: ESF Plus – Zusammenhalt" in page  # in the chart's description and the table
    assert "The lab depends on one funder" in page


@pytest.mark.parametrize(
    ("url", "data", "field"),
    [
        (
            "mandates/new/",
            {
                "title": "M",
                "issued_by": "Rat",
                "kind": "council_decision",
                "starts_on": "2027-01-01",
                "ends_on": "2026-01-01",
            },
            "ends_on",
        ),
        (
            "mandates/new/",
            {"title": "M", "issued_by": "Rat", "kind": "council_decision", "starts_on": "0001-01-01"},
            "starts_on",
        ),
        (
            "mandates/new/",
            {
                "title": "M",
                "issued_by": "Rat",
                "kind": "council_decision",
                "starts_on": "2027-01-01",
                "tied_to_term": "on",
            },
            "term_ends_on",
        ),
        (
            "funding/new/",
            {"funder": "F", "currency": "EUR", "starts_on": "2027-01-01", "amount_per_year": "-1"},
            "amount_per_year",
        ),
        (
            "funding/new/",
            {"funder": "F", "currency": "EUR", "starts_on": "2027-01-01", "budget_share": "150"},
            "budget_share",
        ),
        ("funding/new/", {"funder": "", "currency": "EUR", "starts_on": "2027-01-01"}, "funder"),
        (
            "funding/new/",
            {"funder": "<script>alert(1)</script>", "currency": "XXX", "starts_on": "2027-01-01"},
            "currency",
        ),
        ("sponsors/new/", {"label": "", "role": "political"}, "label"),
    ],
)
def test_bad_input_answers_400_with_a_message_and_changes_nothing(client, lab, manager, url, data, field):
    client.force_login(manager)
    response = client.post(f"/sustainability/{lab.slug}/{url}", data)
    assert response.status_code == 400
    assert response.context["form"].errors.get(field), response.context["form"].errors
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert not Mandate.objects.exists() and not Funding.objects.exists()


def test_a_decision_through_the_form_moves_the_end_and_a_bad_one_is_refused(client, lab, manager):
    client.force_login(manager)
    funding = make_funding(lab, starts_on=TODAY - dt.timedelta(days=300), ends_on=TODAY + dt.timedelta(days=30))
    url = f"/sustainability/{lab.slug}/funding/{funding.pk}/decisions/new/"
    refused = client.post(
        url, {"decided_on": days(0), "decided_by": "BMBF", "outcome": "extended", "new_ends_on": days(10)}
    )
    assert refused.status_code == 400
    assert not RenewalDecision.objects.exists()
    pending_with_end = client.post(
        url, {"decided_on": days(0), "decided_by": "BMBF", "outcome": "pending", "new_ends_on": days(100)}
    )
    assert pending_with_end.status_code == 400
    done = client.post(
        url, {"decided_on": days(0), "decided_by": "BMBF", "outcome": "extended", "new_ends_on": days(400)}
    )
    assert done.status_code == 302
    funding.refresh_from_db()
    assert funding.ends_on == TODAY + dt.timedelta(days=400)


def test_only_the_last_decision_can_be_deleted(english, lab, manager):
    client = english
    client.force_login(manager)
    mandate = make_mandate(lab, starts_on=TODAY - dt.timedelta(days=300), ends_on=TODAY + dt.timedelta(days=30))
    first = decision_create(record=mandate, by=None, decided_on=TODAY, decided_by="Rat", outcome="pending")
    decision_create(record=mandate, by=None, decided_on=TODAY, decided_by="Rat", outcome="renewed")
    response = client.post(f"/sustainability/{lab.slug}/decisions/{first.pk}/delete/")
    assert response.status_code == 400
    assert "Only the last decision on a record can be deleted" in response.content.decode()
    assert RenewalDecision.objects.count() == 2


def test_facilitators_read_the_watch_without_forms(client, lab, facilitator):
    make_mandate(lab, starts_on=TODAY - dt.timedelta(days=10))
    client.force_login(facilitator)
    page = client.get(f"/sustainability/{lab.slug}/").content.decode()
    assert "/mandates/new/" not in page and "/edit/" not in page
    legacy = client.get(f"/sustainability/{lab.slug}/legacy/").content.decode()
    assert "legacy.zip" not in legacy


def test_the_lab_page_links_to_the_watch_for_its_team_only(client, lab, manager, participant):
    assert "/sustainability/" not in client.get(lab.get_absolute_url()).content.decode()
    client.force_login(participant)
    assert "/sustainability/" not in client.get(lab.get_absolute_url()).content.decode()
    client.force_login(manager)
    page = client.get(lab.get_absolute_url()).content.decode()
    assert f"/sustainability/{lab.slug}/" in page and f"/sustainability/{lab.slug}/legacy/" in page


def test_the_archive_downloads_as_a_private_zip(client, lab, manager):
    MethodFactory(lab=lab, title="Eigene Methode")
    client.force_login(manager)
    response = client.get(f"/sustainability/{lab.slug}/legacy.zip")
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == f'attachment; filename="legacy-{lab.slug}-2027-06-10.zip"'
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert "manifest.json" in archive.namelist()


def test_a_successor_uploads_the_archive_and_reads_the_knowledge(client, lab, manager):
    predecessor = LabFactory(slug="vorgaenger", name="Vorgängerlabor", city="Arnsberg")
    MethodFactory(lab=predecessor, title="Stadtspaziergang")
    data = legacy_export(lab=predecessor, by=None)
    client.force_login(manager)
    url = f"/sustainability/{lab.slug}/legacy/import/"
    response = client.post(url, {"archive": SimpleUploadedFile("legacy.zip", data, "application/zip")})
    archive = InheritedArchive.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/sustainability/{lab.slug}/legacy/inherited/{archive.pk}/"
    assert Method.objects.filter(lab=lab, title_de="Stadtspaziergang").exists()
    page = client.get(response["Location"]).content.decode()
    assert "Vorgängerlabor" in page and "Stadtspaziergang" in page
    legacy = client.get(f"/sustainability/{lab.slug}/legacy/").content.decode()
    assert "Vorgängerlabor (Arnsberg)" in legacy and "Stadtspaziergang" in legacy
    # Again: nothing is added.
    again = client.post(url, {"archive": SimpleUploadedFile("legacy.zip", data, "application/zip")})
    assert again.status_code == 302
    assert Method.objects.filter(lab=lab).count() == 1


def test_a_bad_upload_lists_the_problems_and_changes_nothing(client, lab, manager):
    client.force_login(manager)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as broken:
        broken.writestr("manifest.json", '{"format": "kosilab-legacy", "format_version": 7}')
    response = client.post(
        f"/sustainability/{lab.slug}/legacy/import/",
        {"archive": SimpleUploadedFile("legacy.zip", buffer.getvalue(), "application/zip")},
    )
    assert response.status_code == 400
    assert response.context["problems"]
    assert "7" in response.context["problems"][0]
    assert not InheritedArchive.objects.exists()
    empty = client.post(f"/sustainability/{lab.slug}/legacy/import/", {})
    assert empty.status_code == 400


def test_the_timeline_is_an_accessible_svg_without_styles():
    rows = [
        TimelineRow("Mandate: <b>Rat</b>", "mandate", dt.date(2024, 1, 1), None, term_end=dt.date(2027, 10, 1)),
        TimelineRow("Funding: ESF", "funding", dt.date(2024, 1, 1), dt.date(2027, 9, 30), closed=True),
    ]
    svg = timeline_chart(rows, today=TODAY, title="Timeline")
    assert svg.startswith("<svg") and 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert "style=" not in svg and "<script" not in svg
    assert "<b>" not in svg and "&lt;b&gt;Rat&lt;/b&gt;" in svg
    assert "chart-term" in svg and svg.count("<rect") >= 2


def test_a_second_manager_of_another_lab_sees_nothing(client, lab, other_lab):
    from kosilab.core.tests.factories import UserFactory

    stranger = UserFactory()
    lab_team_set(lab=other_lab, user=stranger, role=LabRole.MANAGER, by=None)
    client.force_login(stranger)
    assert client.get(f"/sustainability/{lab.slug}/").status_code == 404
    assert client.get(f"/sustainability/{lab.slug}/legacy.zip").status_code == 404
