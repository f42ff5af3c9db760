"""What became of a result, in the reader's language: the lab's page and a result's story show
English titles where they are written, German ones marked; the reminder mail names the result in the
recipient's language (kosilab/core/content_languages.py)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.test import TestCase
from django.urls import reverse

from kosilab.continuation import services
from kosilab.continuation.models import FollowUp
from kosilab.core.tests.factories import OrganisationFactory, ProcessFactory, UserFactory
from kosilab.labs.models import LabRole
from kosilab.labs.services import lab_team_set
from kosilab.results.tests.factories import make_result

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2027, 6, 14, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def result(lab):
    process = ProcessFactory(lab=lab, title="Quartiersmobilität")
    result = make_result(process, title="Fahrradgaragen")
    result.title_en = "Bicycle garages"
    result.save()
    services.handover_create(
        result=result, by=None, taker_kind="organisation", taker_organisation=OrganisationFactory(), form="project"
    )
    return result


def test_the_english_pages_show_english_titles_and_mark_german_ones(client, lab, result):
    page = client.get(reverse("continuation:lab", args=[lab.slug]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert ">Bicycle garages</a>" in page
    assert '<span lang="de">Quartiersmobilität</span>' in page
    assert "Fahrradgaragen" not in page
    story = client.get(reverse("continuation:result", args=[result.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<title>What became of it: Bicycle garages" in story
    assert "<h1>What became of “Bicycle garages”</h1>" in story


def test_the_german_pages_show_german_titles(client, lab, result):
    page = client.get(reverse("continuation:lab", args=[lab.slug]), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert ">Fahrradgaragen</a>" in page
    assert '<td rowspan="1">Quartiersmobilität</td>' in page
    assert "Bicycle garages" not in page


def test_the_reminder_names_the_result_in_the_recipients_language(lab, result):
    lab_team_set(lab=lab, user=UserFactory(language="en", email="en@example.org"), role=LabRole.MANAGER, by=None)
    lab_team_set(lab=lab, user=UserFactory(language="de", email="de@example.org"), role=LabRole.MANAGER, by=None)
    with time_machine.travel(NOW, tick=False):
        FollowUp.objects.create(handover=result.handovers.get(), due_on=NOW.date() + dt.timedelta(days=3), note="x")
        with TestCase.captureOnCommitCallbacks(execute=True):
            assert services.followups_remind_due() == 1
    sent = {message.to[0]: message for message in mail.outbox}
    assert "Bicycle garages" in sent["en@example.org"].subject
    assert "Bicycle garages" in sent["en@example.org"].body
    assert "Fahrradgaragen" in sent["de@example.org"].subject
