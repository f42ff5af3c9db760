"""Permission matrix rows for accounts (see kosilab/core/tests/matrix.py).

Signing up and logging in are for visitors (people logged in are sent on); one's own data, its
export and deletion, the password, the e-mail address, the two factors and the sessions need an
account; resetting a password does not. Pages that change a second factor first ask for the
password again (``reauth``: redirected to /accounts/reauthenticate/). The steps of a log-in in
progress (second factor, passkey) send anyone without one back to the log-in or home page.
The platform admin of the matrix has an authenticator app (platform admins must): pages about a
factor they have answer them (asking for the password again, or for the code when reauthenticating).
Single sign-on pages of providers that are not configured do not exist (404).
"""

from __future__ import annotations

import pytest

from kosilab.core.tests.matrix import ANYONE, LOGGED_IN, ROLES, case, matrix_test

VISITORS = {"anonymous": 200, **dict.fromkeys(ROLES[1:], 302)}
REAUTH = {"anonymous": "login", **dict.fromkeys(ROLES[1:], 302)}
EVERYONE_SENT_ON = dict.fromkeys(ROLES, 302)
NOBODY = dict.fromkeys(ROLES, 404)
GONE = dict.fromkeys(ROLES, 410)

CASES = [
    case("account_signup", "get", "/accounts/signup/", VISITORS),
    case("account_login", "get", "/accounts/login/", VISITORS),
    case("accounts:profile", "get", "/accounts/profile/", dict.fromkeys(ROLES, 301)),  # moved to actors
    case("accounts:export", "get", "/accounts/my-data/", LOGGED_IN),
    case("accounts:delete", "get", "/accounts/delete/", REAUTH),  # the password (or a code) again first
    case("accounts:old_confirm", "get", "/accounts/confirm/old-token/", GONE),
    case("accounts:old_password_reset", "get", "/accounts/password/reset/MQ/old-token/", GONE),
    case("account_inactive", "get", "/accounts/inactive/", ANYONE),
    case("account_reauthenticate", "get", "/accounts/reauthenticate/", LOGGED_IN),
    # Reauthentication by a code sent to the confirmed address (accounts without a password).
    case("account_request_reauthentication_code", "get", "/accounts/reauthenticate/code/", LOGGED_IN),
    case(
        "account_confirm_reauthentication_code",
        "get",
        "/accounts/reauthenticate/code/confirm/",
        {"anonymous": "login", **dict.fromkeys(ROLES[1:], 302)},  # no code asked for: to asking for one
    ),
    case("account_email", "get", "/accounts/email/", LOGGED_IN),
    case("account_email_verification_sent", "get", "/accounts/confirm-email/", ANYONE),
    case("account_confirm_email", "get", "/accounts/confirm-email/not-a-key/", ANYONE),
    case("account_change_password", "get", "/accounts/password/change/", LOGGED_IN),
    # Accounts with a password are sent on to changing it; single sign-on accounts may set one.
    case("account_set_password", "get", "/accounts/password/set/", {**REAUTH}),
    case("account_reset_password", "get", "/accounts/password/reset/", ANYONE),
    case("account_reset_password_done", "get", "/accounts/password/reset/done/", ANYONE),
    case("account_reset_password_from_key", "get", "/accounts/password/reset/key/1-not-a-key/", ANYONE),
    case("account_reset_password_from_key_done", "get", "/accounts/password/reset/key/done/", ANYONE),
    case("account_confirm_login_code", "get", "/accounts/login/code/confirm/", EVERYONE_SENT_ON),  # no code asked for
    case("account_logout", "get", "/accounts/logout/", {"anonymous": 302, **dict.fromkeys(ROLES[1:], 200)}),
    case("account_logout", "post", "/accounts/logout/", EVERYONE_SENT_ON),
    case("mfa_index", "get", "/accounts/2fa/", LOGGED_IN),
    case("mfa_authenticate", "get", "/accounts/2fa/authenticate/", EVERYONE_SENT_ON),
    case("mfa_reauthenticate", "get", "/accounts/2fa/reauthenticate/", {**REAUTH, "admin": 200}),
    case("mfa_activate_totp", "get", "/accounts/2fa/totp/activate/", REAUTH),
    case(
        "mfa_deactivate_totp",
        "get",
        "/accounts/2fa/totp/deactivate/",
        {"anonymous": "login", **dict.fromkeys(ROLES[1:], 404), "admin": 302},
    ),
    case(
        "mfa_view_recovery_codes",
        "get",
        "/accounts/2fa/recovery-codes/",
        {"anonymous": "login", **dict.fromkeys(ROLES[1:], 404)},
    ),
    case("mfa_generate_recovery_codes", "get", "/accounts/2fa/recovery-codes/generate/", REAUTH),
    case(
        "mfa_download_recovery_codes",
        "get",
        "/accounts/2fa/recovery-codes/download/",
        {"anonymous": "login", **dict.fromkeys(ROLES[1:], 404)},
    ),
    case("mfa_list_webauthn", "get", "/accounts/2fa/webauthn/", LOGGED_IN),
    case("mfa_add_webauthn", "get", "/accounts/2fa/webauthn/add/", REAUTH),
    case("mfa_reauthenticate_webauthn", "get", "/accounts/2fa/webauthn/reauthenticate/", REAUTH),
    case("mfa_remove_webauthn", "get", "/accounts/2fa/webauthn/keys/1/remove/", REAUTH),
    case("mfa_edit_webauthn", "get", "/accounts/2fa/webauthn/keys/1/edit/", REAUTH),
    case("mfa_login_webauthn", "post", "/accounts/2fa/webauthn/login/", EVERYONE_SENT_ON),
    case("usersessions_list", "get", "/accounts/sessions/", LOGGED_IN),
    case("usersessions_list", "post", "/accounts/sessions/", {"anonymous": "login", **dict.fromkeys(ROLES[1:], 302)}),
    case("socialaccount_connections", "get", "/accounts/3rdparty/", LOGGED_IN),
    case("socialaccount_signup", "get", "/accounts/3rdparty/signup/", EVERYONE_SENT_ON),  # no sign-on in progress
    case("socialaccount_login_cancelled", "get", "/accounts/3rdparty/login/cancelled/", ANYONE),
    case("socialaccount_login_error", "get", "/accounts/3rdparty/login/error/", dict.fromkeys(ROLES, 401)),
    case("openid_connect_login", "get", "/accounts/oidc/unknown/login/", NOBODY),
    case("openid_connect_callback", "get", "/accounts/oidc/unknown/login/callback/", NOBODY),
    case("saml_login", "get", "/accounts/saml/unknown/login/", NOBODY),
    case("saml_metadata", "get", "/accounts/saml/unknown/metadata/", NOBODY),
    case("saml_acs", "post", "/accounts/saml/unknown/acs/", dict.fromkeys(ROLES, 302)),  # on to finish, which refuses
    case("saml_finish_acs", "get", "/accounts/saml/unknown/acs/finish/", NOBODY),
    case("saml_sls", "get", "/accounts/saml/unknown/sls/", NOBODY),
]


@pytest.fixture
def world(matrix_world):
    return matrix_world


test_permission_matrix = matrix_test(CASES)
