"""The research page: the form, bad input, throttling, both languages."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import override_settings
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from kosilab.core.models import AuditEntry
from kosilab.core.tests.english import english_everywhere  # noqa: F401
from kosilab.core.tests.factories import LabFactory, UserFactory
from kosilab.labs.models import Lab, LabRole
from kosilab.labs.services import lab_team_remove, lab_team_set
from kosilab.research.models import ResearchExport
from kosilab.research.services import research_export_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    lab = LabFactory(slug="mine", name="Mine")
    LabFactory(slug="theirs", name="Theirs")
    user = UserFactory()
    lab_team_set(lab=lab, user=user, role=LabRole.MANAGER, by=None)
    return user


def test_a_manager_is_offered_only_their_labs(client, manager):
    client.force_login(manager)
    html = client.get("/research/").content.decode()
    assert '<option value="mine">Mine</option>' in html
    assert "theirs" not in html
    assert "All labs of this installation" not in html


def test_an_admin_is_offered_the_whole_installation(client):
    client.force_login(UserFactory(is_superuser=True))
    html = client.get("/research/").content.decode()
    assert '<option value="*">All labs of this installation</option>' in html


def test_bad_input_gets_a_message_and_exports_nothing(client, manager):
    client.force_login(manager)
    response = client.post("/research/", {"scope": "mine", "start": "2026-05-01", "end": "2026-04-01"})
    assert response.status_code == 400
    assert "The end of the time window cannot lie before its start." in response.content.decode()
    response = client.post("/research/", {"scope": "mine", "start": "0001-01-01"})
    assert response.status_code == 400
    assert "Please enter a date between" in response.content.decode()
    response = client.post("/research/", {"scope": "theirs"})
    assert response.status_code == 400
    assert not AuditEntry.objects.filter(action="research.export_created").exists()


@override_settings(KOSILAB_RATELIMIT_RATES={"research-export": "2/h"})
def test_exports_are_throttled(client, manager):
    client.force_login(manager)
    for _ in range(2):
        assert client.post("/research/", {"scope": "mine"}).status_code == 302
    response = client.post("/research/", {"scope": "mine"})
    assert response.status_code == 429
    assert AuditEntry.objects.filter(action="research.export_requested").count() == 2
    assert client.get("/research/").status_code == 200  # looking at the page is not counted


def test_ask_wait_download(client, manager, django_capture_on_commit_callbacks):
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/research/", {"scope": "mine", "free_text": "on"})
    html = client.get(response["Location"]).content.decode()
    assert "Your export is being built." in html
    export = ResearchExport.objects.get(requested_by=manager)
    assert f'href="/research/{export.pk}/download/"' in html
    assert "with free text" in html
    assert client.get(f"/research/{export.pk}/download/").status_code == 200
    # After a week the link is gone and the download not found.
    with time_machine.travel(timezone.now() + dt.timedelta(days=7, minutes=1)):
        assert f"/research/{export.pk}/download/" not in client.get("/research/").content.decode()
        assert client.get(f"/research/{export.pk}/download/").status_code == 404


def test_a_removed_role_ends_the_download(client, manager, django_capture_on_commit_callbacks):
    lab = Lab.objects.get(slug="mine")
    lab_team_set(lab=LabFactory(slug="second", name="Second"), user=manager, role=LabRole.MANAGER, by=None)
    lab_team_set(lab=lab, user=UserFactory(), role=LabRole.MANAGER, by=None)
    with django_capture_on_commit_callbacks(execute=True):
        export = research_export_request(by=manager, lab=lab)
    client.force_login(manager)
    assert client.get(f"/research/{export.pk}/download/").status_code == 200
    lab_team_remove(lab=lab, user=manager, by=None)
    assert client.get(f"/research/{export.pk}/download/").status_code == 404


def test_the_page_in_german_and_english(client, manager):
    client.force_login(manager)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "de"
    html = client.get("/research/").content.decode()
    assert '<html lang="de"' in html
    with translation.override("de"):  # what the German catalogue says (English until it has the strings)
        for text in ("Research export", "Build the export (zip)", "How the people in it are protected"):
            assert escape(gettext(text)) in html
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    assert "Build the export (zip)" in client.get("/research/").content.decode()


def test_the_codebook_is_in_the_exporters_language(manager, django_capture_on_commit_callbacks):
    from kosilab.research.tests.helpers import files, stored

    manager.language = "de"
    manager.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        export = research_export_request(by=manager, lab=Lab.objects.get(slug="mine"))
    export.refresh_from_db()
    codebook = files(stored(export.stored_file))["codebook.md"].decode()
    with translation.override("de"):
        assert codebook.startswith("# " + gettext("KoSI-Lab research export: codebook"))
