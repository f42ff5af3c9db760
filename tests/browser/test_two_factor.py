"""Two factors in the browser: a platform admin without a second factor is sent to set one up,
sets up an authenticator app (codes from pyotp, an app of its own) and logs in with it; the team of
a lab that requires a second factor adds a passkey in Chromium's virtual authenticator (WebAuthn
through the DevTools protocol) and logs in with the passkey alone; where staff log in by single
sign-on only, a team member's passkey is refused."""

from __future__ import annotations

import pyotp
import pytest

from kosilab.accounts.tests.sso import configure, saml_environ
from kosilab.core.tests.factories import PASSWORD, LabFactory, UserFactory
from kosilab.labs.models import LabRole
from kosilab.labs.services import lab_team_set, lab_update

pytestmark = pytest.mark.browser

REQUIRED = "requires a second factor at log-in"


def log_in_with_password(ui, email: str) -> None:
    ui.visit("/accounts/login/")
    ui.fill({"#id_login": email, "#id_password": PASSWORD})
    ui.submit("#id_password")


def reauthenticate_if_asked(ui) -> None:
    if ui.path.startswith("/accounts/reauthenticate/"):
        ui.fill({"#id_password": PASSWORD})
        ui.submit("#id_password")


def log_out(ui) -> None:
    ui.follow("header form[action='/accounts/logout/'] button")


def test_an_admin_sets_up_an_authenticator_app_and_logs_in_with_it(ui):
    admin = UserFactory(
        email="ada@example.org", name="Ada Admin", is_superuser=True, is_staff=True, second_factor=False
    )
    log_in_with_password(ui, admin.email)
    # Logged in, but every page but the account's own sends her to set up a second factor.
    for path in ("/challenges/", "/admin/"):
        ui.visit(path)
        assert ui.path == "/accounts/2fa/", path
        assert REQUIRED in ui.page.locator("main").inner_text()

    ui.follow("main a[href='/accounts/2fa/totp/activate/']")
    reauthenticate_if_asked(ui)
    assert ui.path == "/accounts/2fa/totp/activate/"
    secret = ui.page.locator("#authenticator_secret").input_value()
    app = pyotp.TOTP(secret)
    ui.fill({"#id_code": "000000" if app.now() != "000000" else "111111"})
    ui.submit("#id_code")
    assert ui.page.locator("#id_code_error").is_visible()  # a wrong code is refused at the field
    ui.fill({"#id_code": app.now()})
    ui.submit("#id_code")
    ui.visit("/challenges/")
    assert ui.path == "/challenges/"

    # From now on the password alone does not log her in: the app's code is asked for.
    log_out(ui)
    log_in_with_password(ui, admin.email)
    assert ui.path == "/accounts/2fa/authenticate/"
    ui.visit("/admin/")
    assert ui.path == "/accounts/2fa/authenticate/"  # not logged in before the code
    ui.fill({"#id_code": app.at(ui.page.evaluate("Date.now()") / 1000 + 30)})  # the next half minute's
    ui.submit("#id_code")
    ui.visit("/admin/", assets=False)  # the admin site has its own look
    assert ui.path == "/admin/"


def virtual_authenticator(ui) -> None:
    """Chromium's virtual authenticator: a platform authenticator that holds passkeys and verifies
    its user without asking."""
    cdp = ui.page.context.new_cdp_session(ui.page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )


def add_a_passkey(ui) -> None:
    ui.visit("/accounts/2fa/")
    ui.follow("main a[href='/accounts/2fa/webauthn/add/']")
    reauthenticate_if_asked(ui)
    assert ui.path == "/accounts/2fa/webauthn/add/"
    ui.fill({"#id_name": "Laptop"})
    ui.page.locator("#id_passwordless").check()  # a passkey: logs in without the password
    with ui.page.expect_navigation():
        ui.page.locator("#mfa_webauthn_add").click()
    ui.check_a11y()


def log_in_with_a_passkey(ui) -> None:
    ui.visit("/accounts/login/")
    with ui.page.expect_navigation():
        ui.page.locator("#passkey_login").click()
    ui.check_a11y()


def test_a_lab_team_member_adds_a_passkey_and_logs_in_with_it(ui):
    lab = LabFactory(name="Zukunftslabor Nord")
    member = UserFactory(email="piotr@example.org", name="Piotr Żuławski")
    lab_team_set(lab=lab, user=member, role=LabRole.FACILITATOR, by=None)
    lab_update(lab=lab, by=None, require_two_factor=True)
    virtual_authenticator(ui)

    log_in_with_password(ui, member.email)
    ui.visit("/challenges/")
    assert ui.path == "/accounts/2fa/"
    assert REQUIRED in ui.page.locator("main").inner_text()

    add_a_passkey(ui)
    ui.visit("/challenges/")
    assert ui.path == "/challenges/"

    log_out(ui)
    log_in_with_a_passkey(ui)
    ui.visit("/challenges/")
    assert ui.path == "/challenges/"
    assert ui.page.locator("header form[action='/accounts/logout/']").count() == 1


def test_where_staff_log_in_by_single_sign_on_only_their_passkey_is_refused(
    ui, settings, saml_idp_factory, live_server
):
    """``KOSILAB_SSO_STAFF_ONLY``: switching someone off at the identity provider must end their way
    in here too, so a passkey made before does not log a lab's team in (docs/accounts.md)."""
    member = UserFactory(email="jana@example.org", name="Jana Nowak")
    lab_team_set(lab=LabFactory(), user=member, role=LabRole.MANAGER, by=None)
    virtual_authenticator(ui)
    log_in_with_password(ui, member.email)
    add_a_passkey(ui)
    log_out(ui)

    idp = saml_idp_factory(
        [],
        sp_entity_id=f"{live_server.url}/accounts/saml/adfs/metadata/",
        acs_url=f"{live_server.url}/accounts/saml/adfs/acs/",
    )
    configure(settings, {"KOSILAB_SSO_PROVIDERS": "adfs", **saml_environ("adfs", idp), "KOSILAB_SSO_STAFF_ONLY": "on"})
    log_in_with_a_passkey(ui)
    assert ui.path == "/accounts/login/"
    assert "Please log in with single sign-on" in ui.page.locator("main").inner_text()
    assert ui.page.locator("header form[action='/accounts/logout/']").count() == 0
