"""Country names in the reader's language, from ISO 3166 (the ``pycountry`` package and its
translations of the Debian iso-codes project), so that no list of names is kept here."""

from __future__ import annotations

import gettext
import unicodedata
from functools import lru_cache

import pycountry
from django.utils import translation


@lru_cache(maxsize=8)
def _catalogue(language: str) -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True)


def is_country(code: str) -> bool:
    """Whether ``code`` is an ISO 3166-1 alpha-2 code (upper case)."""
    return (
        isinstance(code, str)
        and len(code) == 2
        and code.isupper()
        and pycountry.countries.get(alpha_2=code) is not None
    )


@lru_cache(maxsize=1024)
def _name(code: str, language: str) -> str:
    country = pycountry.countries.get(alpha_2=code) if len(code) == 2 else None
    if country is None:
        return code
    # The short common name where ISO has one ("South Korea" rather than "Korea, Republic of").
    english = str(getattr(country, "common_name", "") or country.name)
    return english if language == "en" else _catalogue(language).gettext(english)


def country_name(code: str, language: str | None = None) -> str:
    """The country's name in ``language`` (default: the active one); the code itself when unknown."""
    language = (language or translation.get_language() or "de")[:2]
    return _name(code or "", language)


def sort_key(name: str) -> str:
    """A key that sorts names as a reader expects ("Dänemark" before "Deutschland")."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))
