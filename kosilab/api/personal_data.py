"""What the api app stores about a person (see kosilab/core/personal_data.py)."""

from __future__ import annotations

from kosilab.core.personal_data import Erasure, declare

declare(
    "api.ApiToken",
    fields=["owner", "name"],
    erasure=Erasure.DELETED,
    what=(
        "The person's personal access tokens for the read API (name, first characters, dates; "
        "the secret only as a hash)."
    ),
    not_exported="Listed on the person's own API tokens page; the secrets are not stored.",
)
