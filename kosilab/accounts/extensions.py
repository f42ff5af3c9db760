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
