"""What the apps above accounts do when an account is made or deleted (see kosilab/core/extensions.py)."""

from kosilab.core.extensions import point

ACCOUNT_CREATED = point(
    "accounts.account_created",
    "Called inside the sign-up transaction with the new account (its address not confirmed yet): fn(user) -> None.",
)
ACCOUNT_DELETING = point(
    "accounts.account_deleting",
    "Called inside the deletion transaction before anything is erased: fn(user) -> None; raises "
    "DomainError to refuse the deletion (e.g. the only manager of a lab). May lock rows it checks.",
)
EMAIL_CONFIRMED = point(
    "accounts.email_confirmed",
    "Called when an account confirms an e-mail address (at sign-up or as its new address), from "
    "django-allauth's ``email_confirmed`` signal (signals.py): fn(user, email) -> None (e.g. process "
    "invitations to that address become memberships). May be called again for the same address.",
)
SECOND_FACTOR_REQUIRED = point(
    "accounts.second_factor_required",
    "Whether an account must log in with a second factor beyond what accounts knows (platform "
    "admins always must): fn(user) -> bool (e.g. the team of a lab that requires it). One query at "
    "most: it runs at log-in and every few minutes of a session (two_factor.py).",
)
SSO_LOGGED_IN = point(
    "accounts.sso_logged_in",
    "Called after every log-in by single sign-on (new and existing accounts, from django-allauth's "
    "``user_logged_in`` signal, sso.py): fn(user, provider_id, groups) -> None, ``groups`` the sorted group "
    "names the identity provider sent (e.g. labs apply KOSILAB_SSO_ROLE_MAP). Must not raise for a "
    "configuration problem: log it and go on, the person is logged in already.",
)
IS_STAFF = point(
    "accounts.is_staff",
    "Whether an account belongs to the staff that logs in only by single sign-on when "
    "KOSILAB_SSO_STAFF_ONLY is on: fn(user) -> bool (e.g. labs: in a lab team). Platform admins are "
    "staff without a contribution.",
)
