"""Keyed pseudonyms for people and organisations in a research export.

A pseudonym is ``P-`` (person) or ``O-`` (organisation) and the first hex digits of
HMAC-SHA256(key, salt ‖ kind ‖ id): the same person gets the same pseudonym everywhere in one export,
and nobody without the installation's key can compute it back from an id (or an id from it), nor
tell whether two exports with different salts hold the same person.

- The **key** is the installation's secret: ``KOSILAB_RESEARCH_KEY``, or, when that is empty, a key
  derived from ``SECRET_KEY`` (so a fresh installation needs no further setting; set your own to keep
  pseudonyms independent of a rotation of ``SECRET_KEY``).
- The **salt** is random for each export, so two exports cannot be joined person by person. An
  exporter who needs to follow people over several exports (a panel) chooses "stable pseudonyms":
  then the salt is empty and the same person has the same pseudonym in every export of this
  installation with the same key.

Neither key nor salt is written into the export or the audit log.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings

PERSON = "person"
ORGANISATION = "organisation"
PREFIXES = {PERSON: "P", ORGANISATION: "O"}
DIGITS = 10  # 40 bits: a clash within one export is checked for (and lengthened) anyway


def installation_key() -> bytes:
    """``KOSILAB_RESEARCH_KEY``, else a key derived from ``SECRET_KEY`` for this purpose only."""
    configured = str(getattr(settings, "KOSILAB_RESEARCH_KEY", "") or "")
    if configured:
        return configured.encode()
    return hmac.new(settings.SECRET_KEY.encode(), b"kosilab.research.pseudonyms", hashlib.sha256).digest()


class Pseudonymiser:
    """Gives each (kind, id) of one export its pseudonym; ids never leave this object."""

    def __init__(self, *, key: bytes | None = None, stable: bool = False) -> None:
        self._key = installation_key() if key is None else key
        self._salt = b"" if stable else secrets.token_bytes(16)
        self._given: dict[tuple[str, str], str] = {}
        self._taken: set[str] = set()

    def _digest(self, kind: str, ident: str) -> str:
        message = self._salt + b"\x00" + kind.encode() + b"\x00" + ident.encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()

    def __call__(self, kind: str, ident: int | str | None) -> str:
        """The pseudonym of ``ident`` (a primary key, or a guest's normalised e-mail address);
        "" for None."""
        if ident is None:
            return ""
        token = (kind, str(ident))
        if token not in self._given:
            digest = self._digest(kind, str(ident))
            digits = DIGITS
            name = f"{PREFIXES[kind]}-{digest[:digits]}"
            while name in self._taken:  # practically never; stays deterministic for the same input order
                digits += 2
                name = f"{PREFIXES[kind]}-{digest[:digits]}"
            self._given[token] = name
            self._taken.add(name)
        return self._given[token]

    def person(self, user_id: int | None) -> str:
        return self(PERSON, user_id)

    def guest(self, email: str) -> str:
        """A guest registration (no account): keyed on the address, so one guest is one person."""
        return self(PERSON, "guest:" + email.strip().lower()) if email.strip() else ""

    def organisation(self, organisation_id: int | None) -> str:
        return self(ORGANISATION, organisation_id)
