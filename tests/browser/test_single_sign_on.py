"""Single sign-on in Chromium against the real test identity providers (tests/idp): the buttons on
the log-in page, the provider's own pages (another origin, allowed for the test and not checked
with axe: they are not ours), the sign-up form of a first log-in, lab roles from the provider's
groups, and staff-only refusing a password."""

from __future__ import annotations

from typing import Any

import pytest

from kosilab.accounts.models import User
from kosilab.accounts.tests.sso import CLIENT_ID, CLIENT_SECRET, configure, oidc_environ, saml_environ
from kosilab.core.tests.factories import PASSWORD, LabFactory, UserFactory
from kosilab.labs.models import LabMembership, LabRole
from kosilab.labs.services import lab_team_set
from tests.idp.fixtures import IdpUser

pytestmark = pytest.mark.browser

ROLE_MAP = "kosilab-dortmund-leitung=dortmund:manager, kosilab-dortmund-team=dortmund:facilitator"
ERIKA = IdpUser(
    email="erika@example.org", password="erika-secret", name="Erika Mustermann", groups=["kosilab-dortmund-leitung"]
)
OTTO = IdpUser(email="otto@example.org", password="otto-secret", name="Otto Organisation", groups=[])


def roles(user: User) -> dict[str, str]:
    return dict(LabMembership.objects.filter(user=user).values_list("lab__slug", "role"))


def sign_in_at_provider(ui: Any, person: IdpUser, button: str) -> None:
    """Press the provider's button on our log-in page and sign in on the provider's page."""
    with ui.page.expect_navigation():
        ui.page.get_by_role("button", name=button).click()
    ui.page.get_by_label("Email address").fill(person.email)
    ui.page.get_by_label("Password").fill(person.password)
    with ui.page.expect_navigation(url=lambda url: url.startswith(ui.base_url)):
        ui.page.get_by_role("button", name="Sign in").click()
    ui.page.wait_for_url(lambda url: url.startswith(ui.base_url) and "/acs/" not in url)
    ui.unchecked.clear()  # the provider's pages are not ours to check
    ui.check_a11y()


def test_a_first_oidc_log_in_makes_an_account_with_the_lab_role_of_the_group(
    ui, live_server, settings, oidc_provider_factory
):
    lab = LabFactory(slug="dortmund", name="Lab Dortmund")
    provider = oidc_provider_factory(
        [ERIKA],
        redirect_uris=[f"{live_server.url}/accounts/oidc/keycloak/login/callback/"],
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
    ui.allow_origin(provider.issuer)
    ui.visit("/accounts/login/")
    sign_in_at_provider(ui, ERIKA, "Log in with Stadt Dortmund (Keycloak)")

    # The sign-up form of a first log-in: name and address from the provider, consent asked.
    assert ui.path == "/accounts/3rdparty/signup/"
    assert ui.page.locator("#id_name").input_value() == "Erika Mustermann"
    assert ui.page.locator("#id_email").input_value() == ERIKA.email
    assert ui.page.locator("#id_email").is_disabled()
    ui.page.get_by_label("I agree that the lab stores my account data to run this platform.").check()
    ui.submit("#id_privacy")

    assert ui.page.locator("header form[action='/accounts/logout/']").count() == 1
    user = User.objects.get(email=ERIKA.email)
    assert user.email_confirmed_at is not None and user.privacy_consent_at is not None
    assert roles(user) == {lab.slug: LabRole.MANAGER}


def test_saml_logs_into_the_existing_account_and_a_role_goes_with_its_group(
    new_ui, live_server, settings, saml_idp_factory
):
    lab = LabFactory(slug="dortmund")
    otto = UserFactory(email=OTTO.email, name="Otto Organisation")
    keeper = UserFactory()
    lab_team_set(lab=lab, user=keeper, role=LabRole.MANAGER, by=None)
    lab_team_set(lab=lab, user=otto, role=LabRole.FACILITATOR, by=None)  # no group grants it any more
    idp = saml_idp_factory(
        [OTTO],
        sp_entity_id=f"{live_server.url}/accounts/saml/adfs/metadata/",
        acs_url=f"{live_server.url}/accounts/saml/adfs/acs/",
    )
    configure(
        settings, {"KOSILAB_SSO_PROVIDERS": "adfs", **saml_environ("adfs", idp), "KOSILAB_SSO_ROLE_MAP": ROLE_MAP}
    )
    ui = new_ui()
    origin = idp.entity_id.removesuffix("/metadata")
    ui.allow_origin(origin)
    ui.visit("/accounts/login/")
    sign_in_at_provider(ui, OTTO, "Log in with Stadt Dortmund (ADFS)")

    assert ui.page.locator("header form[action='/accounts/logout/']").count() == 1
    assert User.objects.count() == 2  # logged into Otto's account, none made
    assert otto.socialaccount_set.get().provider == "adfs"
    assert roles(otto) == {}


def test_staff_only_sends_lab_teams_to_the_sign_on_button(ui, settings, saml_idp_factory, live_server):
    idp = saml_idp_factory(
        [OTTO],
        sp_entity_id=f"{live_server.url}/accounts/saml/adfs/metadata/",
        acs_url=f"{live_server.url}/accounts/saml/adfs/acs/",
    )
    configure(settings, {"KOSILAB_SSO_PROVIDERS": "adfs", **saml_environ("adfs", idp), "KOSILAB_SSO_STAFF_ONLY": "on"})
    staff = UserFactory(email="staff@example.org")
    lab_team_set(lab=LabFactory(), user=staff, role=LabRole.MANAGER, by=None)

    ui.visit("/accounts/login/")
    assert "Lab teams and administrators log in here" in ui.page.locator("main").inner_text()
    ui.fill({"#id_login": staff.email, "#id_password": PASSWORD})
    ui.submit("#id_password")
    assert ui.path == "/accounts/login/"
    assert "Please log in with single sign-on" in ui.page.locator("main").inner_text()
    assert ui.page.locator("header form[action='/accounts/logout/']").count() == 0
