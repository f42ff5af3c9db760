"""What the apps above accounts do when an account is made or deleted (see kosilab/core/extensions.py)."""

from kosilab.core.extensions import point

ACCOUNT_CREATED = point(
    "accounts.account_created",
    "Called inside the sign-up transaction with the new (inactive) account: fn(user) -> None.",
)
ACCOUNT_DELETING = point(
    "accounts.account_deleting",
    "Called inside the deletion transaction before anything is erased: fn(user) -> None; raises "
    "DomainError to refuse the deletion (e.g. the only manager of a lab). May lock rows it checks.",
)
EMAIL_CONFIRMED = point(
    "accounts.email_confirmed",
    "Called inside the confirmation transaction when an account confirms an e-mail address for the "
    "first time: fn(user, email) -> None (e.g. process invitations to that address become "
    "memberships). Takes the address as confirmed, not the account's current one, so that "
    "django-allauth's ``email_confirmed(request, email_address)`` signal can drive the same point "
    "once accounts moves to allauth: ``EMAIL_CONFIRMED(email_address.user, email_address.email)``.",
)
