import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from kosilab.accounts.models import User
from kosilab.core.models import AuditEntry

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Nora Neu",
    "email": "Nora@Example.org",
    "password1": "a-long-and-unusual-passphrase",
    "password2": "a-long-and-unusual-passphrase",
    "privacy": "on",
}


def _link(message) -> str:
    match = re.search(r"http://testserver(/accounts/confirm-email/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_sign_up_creates_an_unconfirmed_account_and_sends_a_german_confirmation(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_signup"), VALID, follow=True)
    assert response.status_code == 200
    assert "account/verification_sent.html" in [t.name for t in response.templates]
    user = User.objects.get(email="nora@example.org")
    assert user.email_confirmed_at is None
    assert not user.emailaddress_set.get().verified
    assert user.privacy_consent_at is not None
    assert user.profile is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nora@example.org"]
    assert mail.outbox[0].subject == "Bitte bestätigen Sie Ihr KoSI-Lab-Konto"
    assert AuditEntry.objects.filter(action="accounts.user.signed_up", object_id=str(user.pk)).exists()


def test_sign_up_in_english_sends_the_mail_in_english(client, django_capture_on_commit_callbacks):
    client.cookies["django_language"] = "en"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_signup"), VALID, HTTP_ACCEPT_LANGUAGE="en")
    assert mail.outbox[0].subject == "Please confirm your KoSI-Lab account"
    assert User.objects.get(email="nora@example.org").language == "en"


def test_confirmation_link_activates_and_log_in_works(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_signup"), VALID)
    login = {"login": "nora@example.org", "password": VALID["password1"]}
    refused = client.post(reverse("account_login"), login, follow=True)
    assert "account/verification_sent.html" in [t.name for t in refused.templates]
    assert not refused.context["user"].is_authenticated

    link = _link(mail.outbox[0])
    assert client.get(link).status_code == 200  # a page asking to confirm: a mail program's visit confirms nothing
    assert User.objects.get(email="nora@example.org").email_confirmed_at is None
    response = client.post(link)
    assert response.status_code == 302
    user = User.objects.get(email="nora@example.org")
    assert user.is_active and user.email_confirmed_at is not None

    response = client.post(reverse("account_login"), login)
    assert response.status_code == 302
    assert client.get(reverse("actors:my_profile")).status_code == 200


def test_a_tampered_confirmation_link_is_refused_with_a_message(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_signup"), VALID)
    user = User.objects.get(email="nora@example.org")
    link = _link(mail.outbox[0])
    client.cookies["django_language"] = "en"
    response = client.get(link[:-3] + "xx/")
    assert "This confirmation link is not valid or has expired." in response.content.decode()
    assert client.post(link[:-3] + "xx/").status_code == 404
    user.refresh_from_db()
    assert user.email_confirmed_at is None


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"email": "not-an-address"}, "email", "Bitte gültige E-Mail-Adresse eingeben."),
        ({"password2": "something-else-entirely"}, "password2", "Die beiden Passwörter stimmen nicht überein."),
        ({"password1": "short", "password2": "short"}, "password1", "Dieses Passwort ist zu kurz."),
        ({"name": "   "}, "name", "Dieses Feld ist zwingend erforderlich."),
        ({"privacy": ""}, "privacy", "Dieses Feld ist zwingend erforderlich."),
    ],
)
def test_bad_sign_up_input_gets_a_german_message_and_saves_nothing(client, change, field, message):
    data = {**VALID, **change}
    response = client.post(reverse("account_signup"), {k: v for k, v in data.items() if v != ""})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["form"].errors[field]
    assert not User.objects.exists()
    assert not mail.outbox


def test_a_second_sign_up_with_the_same_address_creates_nothing(client, participant):
    response = client.post(reverse("account_signup"), {**VALID, "email": participant.email.upper()}, follow=True)
    assert response.status_code == 200
    assert "account/verification_sent.html" in [template.name for template in response.templates]
    assert User.objects.count() == 1


def test_password_reset_sends_a_link(client, participant, django_capture_on_commit_callbacks):
    with translation.override("de"), django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": participant.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/" in mail.outbox[0].body


def test_profile_edit_takes_the_sector_from_the_organisation(client, participant, organisation):
    client.force_login(participant)
    response = client.post(
        reverse("actors:my_profile"),
        {
            "account-name": "Paula P.",
            "account-language": "en",
            "profile-organisation": organisation.pk,
            "profile-sector": "science",
            "profile-skills": "Moderation, Design Thinking",
            "profile-visibility": "public",
        },
    )
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.name == "Paula P."
    assert participant.profile.sector == organisation.sector
    assert participant.profile.skill_list == ["Moderation", "Design Thinking"]


def test_opening_the_profile_page_writes_nothing(client, participant):
    from kosilab.actors.models import Profile

    Profile.objects.filter(user=participant).delete()
    client.force_login(participant)
    assert client.get(reverse("actors:my_profile")).status_code == 200
    assert not Profile.objects.filter(user=participant).exists()


def test_a_password_change_is_audited(client, participant):
    from kosilab.core.models import AuditEntry
    from kosilab.core.tests.factories import PASSWORD

    client.force_login(participant)
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "another-long-passphrase-42",
            "password2": "another-long-passphrase-42",
        },
    )
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="accounts.password.changed", actor=participant).exists()
    participant.refresh_from_db()
    assert participant.check_password("another-long-passphrase-42")


def test_the_old_address_of_the_own_profile_page_leads_to_its_new_one(client):
    response = client.get("/accounts/profile/")
    assert response.status_code == 301
    assert response["Location"] == reverse("actors:my_profile") == "/actors/people/me/"
