"""The site's own pages: the home page and the dashboard of one's labs."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kosilab.core.tests.factories import ChallengeFactory, ProcessFactory

pytestmark = pytest.mark.django_db


def test_the_manage_page_lists_drafts_and_processes_of_my_labs_only(client, lab, other_lab, manager):
    ChallengeFactory(lab=lab, status="draft", title="Mein Entwurf")
    ChallengeFactory(lab=other_lab, status="draft", title="Fremder Entwurf")
    ProcessFactory(lab=lab, title="Mein Prozess")
    ProcessFactory(lab=other_lab, title="Fremder Prozess")
    client.force_login(manager)
    html = client.get(reverse("site:manage")).content.decode()
    assert "Mein Entwurf" in html and "Mein Prozess" in html
    assert "Fremder Entwurf" not in html and "Fremder Prozess" not in html
