"""Personal access tokens: made with a name, shown once, stored as a hash, revoked, audited;
``Authorization: Bearer`` reads as the owner, and a bad token answers 401 with a clear message."""

from __future__ import annotations

import datetime
import hashlib

import pytest
import time_machine
from django.utils import timezone

from kosilab.api.models import ApiToken
from kosilab.api.services import token_create, token_revoke
from kosilab.api.tests.world import bearer
from kosilab.core.errors import DomainError
from kosilab.core.models import AuditEntry
from kosilab.core.tests.english import english_everywhere  # noqa: F401
from kosilab.core.tests.factories import LabFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    return UserFactory()


def test_only_the_hash_of_the_secret_is_stored(person):
    token, secret = token_create(owner=person, by=person, name="Portal")
    assert secret.startswith("kosi_") and len(secret) > 40
    assert token.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    assert token.prefix == secret[:11]


def test_making_and_revoking_are_in_the_audit_log(person):
    token, _secret = token_create(owner=person, by=person, name="Portal")
    token_revoke(token=token, by=person)
    token_revoke(token=token, by=person)  # twice changes nothing
    actions = list(
        AuditEntry.objects.filter(object_type="api.apitoken").order_by("pk").values_list("action", "actor_id")
    )
    assert actions == [("api.token.created", person.pk), ("api.token.revoked", person.pk)]


def test_bad_input_is_refused_with_a_message_and_changes_nothing(person):
    hidden = LabFactory(slug="hidden", is_public=False)
    with pytest.raises(DomainError, match="Give the token a name"):
        token_create(owner=person, by=person, name="  ")
    with pytest.raises(DomainError, match="Choose a lab you can see"):
        token_create(owner=person, by=person, name="x", lab=hidden)
    with pytest.raises(DomainError, match="expiry must lie in the future"):
        token_create(owner=person, by=person, name="x", expires_at=timezone.now() - datetime.timedelta(days=1))
    with pytest.raises(DomainError, match="Choose a scope"):
        token_create(owner=person, by=person, name="x", scope="write")
    assert not ApiToken.objects.exists()


def test_the_pages_make_show_once_and_revoke(client, person):
    client.force_login(person)
    assert b"You have no tokens yet" in client.get("/api/tokens/").content
    response = client.post("/api/tokens/new/", {"name": "Datenportal", "scope": "read", "expires_on": ""})
    assert response.status_code == 200
    secret = response.context["secret"]
    assert secret.encode() in response.content
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    listing = client.get("/api/tokens/")
    assert b"Datenportal" in listing.content and secret.encode() not in listing.content
    token = ApiToken.objects.get()
    assert client.get("/api/v1/labs/", **bearer(secret)).status_code == 200
    revoked = client.post(f"/api/tokens/{token.pk}/revoke/", follow=True)
    assert "has been revoked" in revoked.content.decode()
    client.logout()
    answer = client.get("/api/v1/labs/", **bearer(secret))
    assert answer.status_code == 401
    assert answer.json() == {"detail": "This token has been revoked."}
    assert answer["WWW-Authenticate"].startswith("Bearer")


def test_an_invalid_form_says_why_and_makes_nothing(client, person):
    client.force_login(person)
    response = client.post("/api/tokens/new/", {"name": "", "scope": "read", "expires_on": "0001-01-01"})
    assert response.status_code == 400
    assert b"This field is required" in response.content
    assert b"Please enter a date between" in response.content
    response = client.post("/api/tokens/new/", {"name": "x", "scope": "everything"})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_the_form_offers_only_labs_the_person_sees(client, person):
    LabFactory(slug="open", name="Open lab")
    LabFactory(slug="closed", name="Closed lab", is_public=False)
    client.force_login(person)
    page = client.get("/api/tokens/new/").content.decode()
    assert "Open lab" in page and "Closed lab" not in page


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("Bearer kosi_unknown", "This token is not valid."),
        ("Bearer", "Send the token as: Authorization: Bearer <token>."),
        ("Bearer a b", "Send the token as: Authorization: Bearer <token>."),
        ("Bearer " + "x" * 500, "Send the token as: Authorization: Bearer <token>."),
    ],
)
def test_a_bad_token_answers_401_with_a_clear_message(client, header, message):
    response = client.get("/api/v1/labs/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json() == {"detail": message}


def test_an_expired_token_and_an_inactive_owner_answer_401(client, person):
    soon = timezone.now() + datetime.timedelta(hours=1)
    _token, secret = token_create(owner=person, by=person, name="Kurz", expires_at=soon)
    assert client.get("/api/v1/labs/", **bearer(secret)).status_code == 200
    with time_machine.travel(soon + datetime.timedelta(minutes=1)):
        response = client.get("/api/v1/labs/", **bearer(secret))
    assert (response.status_code, response.json()["detail"]) == (401, "This token has expired.")
    _token, other = token_create(owner=person, by=person, name="Lang")
    person.is_active = False
    person.save()
    response = client.get("/api/v1/labs/", **bearer(other))
    assert (response.status_code, response.json()["detail"]) == (
        401,
        "The account this token belongs to is not active.",
    )


def test_last_used_is_written_at_most_once_a_minute(client, person, django_assert_num_queries):
    token, secret = token_create(owner=person, by=person, name="Portal")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.get("/api/v1/labs/", **bearer(secret))
        first = ApiToken.objects.get(pk=token.pk).last_used_at
        assert first == start
    with time_machine.travel(start + datetime.timedelta(seconds=30), tick=False):
        client.get("/api/v1/labs/", **bearer(secret))
        assert ApiToken.objects.get(pk=token.pk).last_used_at == first
    with time_machine.travel(start + datetime.timedelta(seconds=61), tick=False):
        client.get("/api/v1/labs/", **bearer(secret))
        assert ApiToken.objects.get(pk=token.pk).last_used_at > first


def test_making_tokens_is_rate_limited(client, person, settings):
    settings.KOSILAB_RATELIMIT_RATES = {"api-token-create": "2/h"}
    client.force_login(person)
    for number in range(2):
        assert client.post("/api/tokens/new/", {"name": f"T{number}", "scope": "read"}).status_code == 200
    refused = client.post("/api/tokens/new/", {"name": "T3", "scope": "read"})
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert ApiToken.objects.count() == 2


def test_the_token_pages_need_an_account(client):
    response = client.get("/api/tokens/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_token_does_not_write(client, person):
    _token, secret = token_create(owner=person, by=person, name="Portal")
    assert client.post("/api/v1/labs/", {}, **bearer(secret)).status_code in (403, 405)
    assert client.delete("/api/v1/labs/x/", **bearer(secret)).status_code in (403, 405)


def test_guessing_tokens_is_rate_limited(client, person, settings):
    settings.KOSILAB_RATELIMIT_RATES = {"token-link-miss": "2/15m"}
    _token, secret = token_create(owner=person, by=person, name="Portal")
    for number in range(2):
        assert client.get("/api/v1/labs/", HTTP_AUTHORIZATION=f"Bearer kosi_guess{number}").status_code == 401
    refused = client.get("/api/v1/labs/", **bearer(secret))  # from the same address, even a real one
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert client.get("/api/v1/labs/").status_code == 200  # reading without a token goes on


def test_a_platform_admin_revokes_tokens_in_the_admin(client, person):
    admin_user = UserFactory(is_superuser=True, is_staff=True)
    token, secret = token_create(owner=person, by=person, name="Portal")
    client.force_login(admin_user)
    assert client.get("/admin/api/apitoken/").status_code == 200
    response = client.post("/admin/api/apitoken/", {"action": "revoke", "_selected_action": [token.pk]}, follow=True)
    assert "1 token revoked." in response.content.decode()
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert AuditEntry.objects.filter(action="api.token.revoked", actor=admin_user).count() == 1
    client.logout()
    assert client.get("/api/v1/labs/", **bearer(secret)).status_code == 401
