"""The open data page in both languages, the download and the descriptor, and the build button."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.storage import default_storage

from kosilab.core.tests.english import english_everywhere  # noqa: F401
from kosilab.opendata.models import BuildStatus, DumpBuild
from kosilab.opendata.services import open_data_build_run, open_data_build_start
from kosilab.opendata.tests.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(db):
    build_world()
    build = open_data_build_run(build_id=open_data_build_start().pk)
    assert build is not None and build.status == BuildStatus.SUCCEEDED
    return build


def test_the_page_explains_the_data_and_links_the_current_dump(client, published):
    response = client.get("/open-data/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Open data</h1>" in page
    assert published.sha256 in page
    assert 'href="/open-data/kosilab-open-data.zip"' in page
    assert 'href="/open-data/datapackage.json"' in page
    assert 'href="/api/v1/docs/"' in page
    assert "Datenlizenz Deutschland – Namensnennung – Version 2.0" in page
    assert 'href="https://www.govdata.de/dl-de/by-2-0" rel="license"' in page
    assert "Date of the data" in page and '<time datetime="' in page
    # Every table and field is explained.
    assert "csv/processes-phases.csv" in page and "<code>parent_id</code>" in page
    assert "Impact indicators" in page
    # The builds are for platform admins only.
    assert "Build the open data now" not in page


def test_without_a_dump_the_page_says_so_and_the_download_is_not_found(client, db):
    assert "No dump of the open data has been built yet" in client.get("/open-data/").content.decode()
    assert client.get("/open-data/kosilab-open-data.zip").status_code == 404
    assert client.get("/open-data/datapackage.json").status_code == 404


def test_the_download_is_the_current_dump(client, published):
    response = client.get("/open-data/kosilab-open-data.zip")
    content = b"".join(response.streaming_content)
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="kosilab-open-data.zip"'
    assert hashlib.sha256(content).hexdigest() == published.sha256 == response["ETag"].strip('"')
    assert int(response["Content-Length"]) == len(content) == published.size
    # A client that has this dump is told so; HEAD answers without the body.
    assert client.get("/open-data/kosilab-open-data.zip", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    head = client.head("/open-data/kosilab-open-data.zip")
    assert head.status_code == 200 and head["ETag"] == response["ETag"]


def test_the_descriptor_is_the_dumps_datapackage(client, published):
    package = client.get("/open-data/datapackage.json").json()
    assert package["name"] == "kosilab-open-data"
    assert package["licenses"][0]["name"] == "dl-de-by-2.0"


def test_a_dump_whose_file_went_missing_is_not_found_and_the_page_still_answers(client, published):
    default_storage.delete(published.file_name)
    assert client.get("/open-data/kosilab-open-data.zip").status_code == 404
    assert client.get("/open-data/").status_code == 200


def test_the_page_in_german(client, published):
    response = client.get("/open-data/", HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    assert response["Content-Language"] == "de"
    assert '<html lang="de"' in response.content.decode()


def test_a_platform_admin_asks_for_a_build_and_is_told(client, admin_user, django_capture_on_commit_callbacks):
    client.force_login(admin_user)
    page = client.get("/open-data/").content.decode()
    assert "Build the open data now" in page and "The last builds" not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/open-data/build/", follow=True)
    page = response.content.decode()
    assert "A new build of the open data has been queued." in page
    assert "The last builds" in page
    assert DumpBuild.objects.get().status == BuildStatus.SUCCEEDED
    response = client.post("/open-data/build/", follow=True)
    assert "less than 5 minutes ago" in response.content.decode()
    assert DumpBuild.objects.count() == 1
