"""Words that said the wrong thing (issue 13, part 5): each fix is pinned here in English, the
German of the new messages is in the catalogue (msgctxt where one English word needs two German)."""

from __future__ import annotations

import pytest

from kosilab.core.tests.factories import LabFactory
from kosilab.methods.tests.factories import MethodFactory

pytestmark = pytest.mark.django_db


def test_the_log_in_page_is_titled_with_the_platform_not_the_host(client):
    html = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<title>Log in – KoSI-Lab</title>" in html
    assert "testserver" not in html.split("</title>")[0]


def test_library_sources_are_marked_english_and_a_labs_own_are_not(client):
    shared = MethodFactory(sources="Juanita Brown, David Isaacs: The World Café, 2005")
    own = MethodFactory(lab=LabFactory(), sources="Eigene Erfahrung im Labor")
    shared_html = client.get(shared.get_absolute_url()).content.decode()
    assert '<ul class="method-sources" lang="en"><li>Juanita Brown' in shared_html
    own.lab.is_public = True
    own.lab.save()
    own_html = client.get(own.get_absolute_url()).content.decode()
    assert '<ul class="method-sources"><li>Eigene Erfahrung' in own_html
