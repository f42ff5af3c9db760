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
