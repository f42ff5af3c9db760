"""Idea images when the upload folder fails: a clear message at the image, no idea written or
changed, no file left behind; an image whose idea could not be saved is removed again, and the
image of a deleted idea goes only once the row no longer names it."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.db import OperationalError
from django.utils import translation

from kosilab.cocreation import services
from kosilab.cocreation.models import Idea
from kosilab.cocreation.tests.factories import idea, open_challenge
from kosilab.core.tests.upload_faults import FAULTS, database_refuses, media_files, png_upload, upload_fault

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def place(lab):
    return open_challenge(lab)


@pytest.mark.parametrize(("fault", "message"), FAULTS)
def test_submitting_an_idea_with_an_image(client, place, participant, settings, tmp_path, fault, message):
    client.force_login(participant)
    data = {"title": "Shade", "text": "Trees", "image": png_upload("photo.png", "red")}
    with upload_fault(fault, settings, tmp_path):
        response = client.post(f"/ideas/challenge/{place.pk}/new/", data)
    assert response.status_code == 400
    assert message in response.context["form"].errors["image"]
    assert message in response.content.decode()
    assert not Idea.objects.exists()
    assert media_files() == []


@pytest.mark.parametrize(("fault", "message"), FAULTS)
def test_adding_an_image_to_an_idea(client, place, participant, settings, tmp_path, fault, message):
    client.force_login(participant)
    mine = idea(place, participant, title="Shade")
    data = {"title": "Shade and water", "text": "Trees", "image": png_upload("photo.png", "red")}
    with upload_fault(fault, settings, tmp_path):
        response = client.post(f"/ideas/{mine.pk}/edit/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    mine.refresh_from_db()
    assert (mine.title, mine.image.name) == ("Shade", "")
    assert media_files() == []


def test_an_image_whose_idea_could_not_be_saved_is_removed(client, place, participant):
    client.force_login(participant)
    data = {"title": "Shade", "text": "Trees", "image": png_upload("photo.png", "red")}
    with database_refuses('INSERT INTO "cocreation_idea"'):
        response = client.post(f"/ideas/challenge/{place.pk}/new/", data)
    assert response.status_code == 503
    assert not Idea.objects.exists()
    assert media_files() == []


def test_a_new_image_whose_idea_could_not_be_changed_is_removed(client, place, participant):
    client.force_login(participant)
    mine = idea(place, participant, title="Shade")
    with database_refuses('UPDATE "cocreation_idea"'):
        response = client.post(
            f"/ideas/{mine.pk}/edit/", {"title": "Other", "text": "Trees", "image": png_upload("photo.png", "red")}
        )
    assert response.status_code == 503
    mine.refresh_from_db()
    assert (mine.title, mine.image.name) == ("Shade", "")
    assert media_files() == []


def test_the_image_of_a_deleted_idea_goes_after_the_commit(place, participant, django_capture_on_commit_callbacks):
    mine = idea(place, participant, image=ContentFile(b"\x89PNG image", name="a.png"))
    assert media_files() == [mine.image.name]
    with django_capture_on_commit_callbacks(execute=True):
        services.idea_delete(idea=mine, by=participant)
    assert Idea.objects.get(pk=mine.pk).image.name == ""
    assert media_files() == []


def test_the_image_stays_while_the_idea_that_names_it_could_not_be_deleted(place, participant):
    mine = idea(place, participant, image=ContentFile(b"\x89PNG image", name="a.png"))
    stored = mine.image.name
    with database_refuses('UPDATE "cocreation_idea"'), pytest.raises(OperationalError):
        services.idea_delete(idea=mine, by=participant)
    assert Idea.objects.get(pk=mine.pk).image.name == stored
    assert media_files() == [stored]


def test_a_replaced_image_is_removed_after_the_commit(client, place, participant, django_capture_on_commit_callbacks):
    client.force_login(participant)
    mine = idea(place, participant, image=ContentFile(b"\x89PNG image", name="a.png"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/ideas/{mine.pk}/edit/", {"title": "Shade", "text": "Trees", "image": png_upload("photo.png", "red")}
        )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert media_files() == [mine.image.name]
