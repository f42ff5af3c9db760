"""Single sign-on end to end with Django's test client against the real test identity providers
(tests/idp): the browser's part is played by the test client (our pages) and a ``requests``
session (the provider's pages), so every redirect, token and assertion is the real thing.

New accounts pass the sign-up form (consent), an address the provider verified is confirmed, an
existing account is logged into by its verified address, the provider's groups become lab roles
(and stop being them), a lab keeps its last manager, staff-only refuses passwords without telling
strangers anything, and a taken address gives the same answer as a free one.
"""

from __future__ import annotations

import logging
import urllib.parse
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from django.core import mail
from django.test import Client

from kosilab.accounts.models import User
from kosilab.accounts.tests.sso import CLIENT_ID, CLIENT_SECRET, configure, oidc_environ, saml_environ
from kosilab.core.models import AuditEntry
from kosilab.core.tests.factories import PASSWORD, LabFactory, UserFactory
from kosilab.labs.models import LabMembership, LabRole
from kosilab.labs.services import lab_team_set
from tests.idp.fixtures import IdpUser
from tests.idp.htmlforms import forms, submit_login

pytestmark = pytest.mark.django_db

APP = "http://testserver"
SAML_APP = "http://localhost"  # python3-saml wants a host with a dot, or localhost
ROLE_MAP = "kosilab-dortmund-leitung=dortmund:manager, kosilab-dortmund-team=dortmund:facilitator"
ERIKA = IdpUser(
    email="erika@example.org",
    password="erika-secret",
    name="Erika Mustermann",
    groups=["kosilab-dortmund-leitung", "unrelated"],
)
TEAM = IdpUser(email="team@example.org", password="team-secret", name="Tom Team", groups=["kosilab-dortmund-team"])
NOBODY = IdpUser(email="nobody@example.org", password="nobody-secret", name="Nora Nogroup", groups=[])


@pytest.fixture
def http() -> Iterator[requests.Session]:
    """The browser's side at the provider (its own cookies; straight to 127.0.0.1)."""
    with requests.Session() as session:
        session.trust_env = False
        yield session


@pytest.fixture
def oidc(oidc_provider_factory: Any, settings: Any) -> Any:
    provider = oidc_provider_factory(
        [ERIKA, TEAM, NOBODY],
        redirect_uris=[f"{APP}/accounts/oidc/keycloak/login/callback/"],
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
    )
    configure(
        settings,
        {
            "KOSILAB_SSO_PROVIDERS": "keycloak",
            **oidc_environ("keycloak", provider.issuer),
            "KOSILAB_SSO_ROLE_MAP": ROLE_MAP,
        },
    )
    return provider


@pytest.fixture
def saml(saml_idp_factory: Any, settings: Any) -> Any:
    idp = saml_idp_factory(
        [ERIKA, TEAM, NOBODY],
        sp_entity_id=f"{SAML_APP}/accounts/saml/adfs/metadata/",
        acs_url=f"{SAML_APP}/accounts/saml/adfs/acs/",
    )
    configure(
        settings, {"KOSILAB_SSO_PROVIDERS": "adfs", **saml_environ("adfs", idp), "KOSILAB_SSO_ROLE_MAP": ROLE_MAP}
    )
    return idp


@pytest.fixture
def unverified_saml(saml: Any, settings: Any) -> Any:
    """The SAML provider, its addresses not taken as verified (the attribute that says so unread)."""
    configure(
        settings,
        {"KOSILAB_SSO_PROVIDERS": "adfs", **saml_environ("adfs", saml), "KOSILAB_SSO_ADFS_ATTR_EMAIL_VERIFIED": "none"},
    )
    return saml


def at_provider(http: requests.Session, url: str) -> requests.Response | str:
    """Follow the provider's redirects: its page (a response) or the address back to the app (a str)."""
    for _ in range(10):
        if url.startswith((APP, SAML_APP)):
            return url
        response = http.get(url, allow_redirects=False, timeout=10)
        if response.status_code != 302:
            return response
        url = urllib.parse.urljoin(response.url, response.headers["Location"])
    raise AssertionError("too many redirects")


def back_in_app(client: Client, url: str) -> Any:
    parts = urllib.parse.urlsplit(url)
    return client.get(f"{parts.path}?{parts.query}")


def oidc_log_in(client: Client, http: requests.Session, person: IdpUser) -> Any:
    """Press the button, sign in at the provider, come back: the app's answer to the callback."""
    start = client.post("/accounts/oidc/keycloak/login/")
    assert start.status_code == 302, start
    page = at_provider(http, start["Location"])
    if isinstance(page, requests.Response):
        answer = submit_login(http, page, person.email, person.password)
        page = at_provider(http, urllib.parse.urljoin(answer.url, answer.headers["Location"]))
    assert isinstance(page, str), page.text[:500]
    return back_in_app(client, page)


def saml_log_in(client: Client, http: requests.Session, person: IdpUser) -> Any:
    client.defaults["HTTP_HOST"] = "localhost"  # python3-saml reads it; browsers always send it
    start = client.post("/accounts/saml/adfs/login/")
    assert start.status_code == 302, start
    page = at_provider(http, start["Location"])
    assert isinstance(page, requests.Response)
    if "SAMLResponse" not in page.text:
        page = submit_login(http, page, person.email, person.password, allow_redirects=True)
    [form] = forms(page.text, page.url)
    assert form.action == f"{SAML_APP}/accounts/saml/adfs/acs/"
    posted = client.post("/accounts/saml/adfs/acs/", form.fields)
    assert posted.status_code == 302, posted
    return client.get(posted["Location"])


def sign_up(client: Client, **changes: str) -> Any:
    """The sign-up form after a first log-in: its initial values, the consent, and ``changes``."""
    page = client.get("/accounts/3rdparty/signup/")
    assert page.status_code == 200
    form = page.context["form"]
    data = {"name": form.initial["name"], "email": form.initial["email"], "privacy": "on", **changes}
    return client.post("/accounts/3rdparty/signup/", data)


def roles(user: User) -> dict[str, str]:
    return dict(LabMembership.objects.filter(user=user).values_list("lab__slug", "role"))


def test_first_oidc_log_in_asks_for_consent_then_makes_a_confirmed_account_with_lab_roles(
    client, http, oidc, django_capture_on_commit_callbacks
):
    lab = LabFactory(slug="dortmund")
    client.cookies["django_language"] = "en"
    answer = oidc_log_in(client, http, ERIKA)
    assert answer.status_code == 302 and answer["Location"] == "/accounts/3rdparty/signup/"
    assert not User.objects.filter(email=ERIKA.email).exists()  # nothing without consent

    page = client.get("/accounts/3rdparty/signup/")
    assert page.context["form"].initial["name"] == "Erika Mustermann"
    assert page.context["form"].initial["email"] == ERIKA.email
    refused = client.post("/accounts/3rdparty/signup/", {"name": "Erika Mustermann", "email": ERIKA.email})
    assert refused.status_code == 200 and "privacy" in refused.context["form"].errors
    assert not User.objects.filter(email=ERIKA.email).exists()

    with django_capture_on_commit_callbacks(execute=True):
        done = sign_up(client)
    assert done.status_code == 302 and done["Location"] == "/"
    user = User.objects.get(email=ERIKA.email)
    assert (user.name, user.language) == ("Erika Mustermann", "en")
    assert user.privacy_consent_at is not None
    assert user.email_confirmed_at is not None  # the provider verified it: no confirmation mail
    assert user.emailaddress_set.get().verified
    assert not user.has_usable_password()
    assert user.profile is not None  # ACCOUNT_CREATED
    assert mail.outbox == []
    assert SocialAccount.objects.get(user=user).provider == "keycloak"
    assert int(client.session["_auth_user_id"]) == user.pk
    assert roles(user) == {"dortmund": LabRole.MANAGER}
    actions = set(AuditEntry.objects.filter(object_id__in=[str(user.pk)]).values_list("action", flat=True))
    assert {"accounts.user.signed_up", "accounts.user.confirmed_email"} <= actions
    entry = AuditEntry.objects.get(action="labs.team.added", lab=lab)
    assert entry.actor_id is None and entry.data == {"user": user.pk, "role": "manager"}


def test_saml_logs_into_the_existing_account_of_the_address_and_applies_the_groups(client, http, saml):
    LabFactory(slug="dortmund")
    team = UserFactory(email=TEAM.email, name="Tom Team")
    answer = saml_log_in(client, http, TEAM)
    assert answer.status_code == 302 and answer["Location"] == "/"
    assert int(client.session["_auth_user_id"]) == team.pk
    assert SocialAccount.objects.get(user=team).provider == "adfs"
    assert SocialAccount.objects.get(user=team).extra_data["groups"] == ["kosilab-dortmund-team"]
    assert roles(team) == {"dortmund": LabRole.FACILITATOR}
    assert User.objects.count() == 1


def test_roles_follow_the_groups_at_every_log_in_but_a_lab_keeps_its_last_manager(client, http, oidc, caplog, settings):
    dortmund, essen, bochum = LabFactory(slug="dortmund"), LabFactory(slug="essen"), LabFactory(slug="bochum")
    nora = UserFactory(email=NOBODY.email)
    team = UserFactory(email=TEAM.email)
    lab_team_set(lab=dortmund, user=team, role=LabRole.MANAGER, by=None)
    lab_team_set(lab=dortmund, user=nora, role=LabRole.MANAGER, by=None)
    lab_team_set(lab=essen, user=nora, role=LabRole.FACILITATOR, by=None)
    lab_team_set(lab=bochum, user=nora, role=LabRole.MANAGER, by=None)  # a lab the map does not name
    settings.KOSILAB_SSO_ROLE_MAP = configure(
        settings,
        {
            "KOSILAB_SSO_PROVIDERS": "keycloak",
            **oidc_environ("keycloak", oidc.issuer),
            "KOSILAB_SSO_ROLE_MAP": f"{ROLE_MAP}, kosilab-essen=essen:manager, x=nowhere:manager",
        },
    ).role_map

    # Tom's groups make him a facilitator: demoted, as Nora still manages the lab.
    assert oidc_log_in(client, http, TEAM)["Location"] == "/"
    assert roles(team) == {"dortmund": LabRole.FACILITATOR}

    # Nora has no group: out of Essen; Dortmund keeps her, its last manager; Bochum is not mapped.
    client.logout()
    http.cookies.clear()
    with caplog.at_level(logging.WARNING, logger="kosilab.labs.sso"):
        assert oidc_log_in(client, http, NOBODY)["Location"] == "/"
    assert roles(nora) == {"dortmund": LabRole.MANAGER, "bochum": LabRole.MANAGER}
    messages = [record.getMessage() for record in caplog.records]
    assert any("'nowhere', which does not exist" in message for message in messages), messages
    assert any("in the lab 'dortmund' stays 'manager' instead of None" in message for message in messages), messages
    removed = AuditEntry.objects.get(action="labs.team.removed", lab=essen)
    assert removed.actor_id is None and removed.data == {"user": nora.pk}


def test_staff_only_refuses_the_password_of_staff_only_when_it_is_right(client, saml, settings):
    settings.KOSILAB_SSO_STAFF_ONLY = True
    lab = LabFactory(slug="dortmund")
    staff = UserFactory(email="staff@example.org")
    lab_team_set(lab=lab, user=staff, role=LabRole.FACILITATOR, by=None)
    participant = UserFactory(email="participant@example.org")

    client.cookies["django_language"] = "en"
    page = client.get("/accounts/login/")
    assert "Lab teams and administrators log in here" in page.content.decode()
    wrong = client.post("/accounts/login/", {"login": staff.email, "password": "wrong-password"})
    stranger = client.post("/accounts/login/", {"login": "nobody@example.org", "password": "wrong-password"})
    assert wrong.context["form"].non_field_errors() == stranger.context["form"].non_field_errors()
    right = client.post("/accounts/login/", {"login": staff.email, "password": PASSWORD})
    assert right.status_code == 200
    assert right.context["form"].non_field_errors() == [
        "Please log in with single sign-on: choose the button of your organisation below."
    ]
    assert "_auth_user_id" not in client.session

    assert client.post("/accounts/login/", {"login": participant.email, "password": PASSWORD}).status_code == 302
    assert int(client.session["_auth_user_id"]) == participant.pk


def test_staff_only_answers_a_password_reset_for_staff_with_the_way_to_log_in(
    client, saml, settings, django_capture_on_commit_callbacks
):
    settings.KOSILAB_SSO_STAFF_ONLY = True
    staff = UserFactory(email="staff@example.org", language="en")
    lab_team_set(lab=LabFactory(), user=staff, role=LabRole.MANAGER, by=None)
    UserFactory(email="participant@example.org", language="en")
    answers = []
    for address in (staff.email, "participant@example.org", "unknown@example.org"):
        with django_capture_on_commit_callbacks(execute=True):
            answers.append(client.post("/accounts/password/reset/", {"email": address})["Location"])
    assert len(set(answers)) == 1  # the same answer for staff, others and unknown addresses
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {staff.email, "participant@example.org"}
    assert by_address[staff.email].subject == "Your KoSI-Lab account logs in by single sign-on"
    assert "/accounts/password/reset/key/" not in by_address[staff.email].body
    assert "http://testserver/accounts/login/" in by_address[staff.email].body
    assert "/accounts/password/reset/key/" in by_address["participant@example.org"].body


def test_a_taken_address_gets_the_same_answer_as_a_free_one(
    client, http, unverified_saml, django_capture_on_commit_callbacks
):
    """A provider whose addresses are not verified cannot log into the account of an address; the
    sign-up form then answers a taken address as the sign-up page does (a mail to its owner)."""
    owner = UserFactory(email=NOBODY.email)
    assert saml_log_in(client, http, NOBODY)["Location"] == "/accounts/3rdparty/signup/"
    with django_capture_on_commit_callbacks(execute=True):
        taken = sign_up(client)
    assert not SocialAccount.objects.exists()

    other, other_http = Client(), requests.Session()
    other_http.trust_env = False
    assert saml_log_in(other, other_http, TEAM)["Location"] == "/accounts/3rdparty/signup/"
    with django_capture_on_commit_callbacks(execute=True):
        free = sign_up(other)
    assert (taken.status_code, taken["Location"]) == (free.status_code, free["Location"])
    assert taken["Location"] == "/accounts/confirm-email/"
    # The owner of the taken address hears of it; the new, unverified address gets a link first.
    assert sorted(message.to[0] for message in mail.outbox) == [NOBODY.email, TEAM.email]
    assert User.objects.get(email=TEAM.email).email_confirmed_at is None
    assert list(User.objects.filter(email=NOBODY.email)) == [owner]


def test_the_address_comes_from_the_provider(client, http, oidc):
    oidc_log_in(client, http, NOBODY)
    sign_up(client, email="other@example.org")  # a disabled field: the posted value is ignored
    assert User.objects.get(name="Nora Nogroup").email == NOBODY.email


def test_the_content_security_policy_lets_the_log_in_buttons_lead_to_the_provider(client, oidc):
    client.cookies["django_language"] = "en"
    page = client.get("/accounts/login/")
    assert f"form-action 'self' {oidc.issuer};" in page["Content-Security-Policy"]
    html = page.content.decode()
    assert '<form method="post" action="/accounts/oidc/keycloak/login/?process=login">' in html
    assert "Log in with Stadt Dortmund (Keycloak)" in html


def test_a_first_log_in_twice_at_once_makes_one_account_and_no_error(
    client, http, oidc, monkeypatch, django_capture_on_commit_callbacks
):
    """Two first log-ins of one person at the same moment (two tabs, a double click): both pass the
    check for an existing account before either is saved. The database refuses the second account;
    the person gets the same page as for a taken address, not an error."""
    from allauth.account.internal.flows import manage_email

    other, other_http = Client(), requests.Session()
    other_http.trust_env = False
    oidc_log_in(client, http, NOBODY)
    oidc_log_in(other, other_http, NOBODY)
    with django_capture_on_commit_callbacks(execute=True):
        assert sign_up(client)["Location"] == "/"
    # The second tab's check ran before the first account was saved.
    monkeypatch.setattr(manage_email, "email_already_exists", lambda email, **kwargs: (email, False))
    with django_capture_on_commit_callbacks(execute=True):
        second = sign_up(other)
    assert (second.status_code, second["Location"]) == (302, "/accounts/confirm-email/")
    assert User.objects.filter(email=NOBODY.email).count() == 1
    assert SocialAccount.objects.count() == 1
    assert "_auth_user_id" not in other.session
