"""The one place where the environment is read.

Every variable the application understands is read here and documented in README.md
("Configuration"). Settings import the values from this module; nothing else calls os.environ.

A variable set to nothing (``DATABASE_URL=`` in an environment file, or only spaces) counts as not
set: it gets its default, or the message that it must be set. An empty value must not become a
path (the current folder), a database address nobody can read, or "off" for a safety setting.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Mapping, Sequence

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


class Env:
    def __init__(self, source: Mapping[str, str] | None = None) -> None:
        self._source = os.environ if source is None else source

    def _value(self, name: str) -> str | None:
        """The variable's value, or None when it is unset or blank."""
        value = self._source.get(name)
        if value is None or not value.strip():
            return None
        return value

    def string(self, name: str, default: str | None = None) -> str:
        value = self._value(name)
        if value is None:
            if default is None:
                raise ImproperlyConfigured(f"The environment variable {name} must be set.")
            return default
        return value

    def boolean(self, name: str, default: bool = False) -> bool:
        value = self._value(name)
        if value is None:
            return default
        lowered = value.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}.")

    def integer(self, name: str, default: int) -> int:
        value = self._value(name)
        if value is None:
            return default
        try:
            return int(value)
        except ValueError as exc:
            raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}.") from exc

    def choice(self, name: str, choices: Sequence[str], default: str) -> str:
        value = self._value(name)
        if value is None:
            return default
        normalised = value.strip().lower()
        if normalised not in choices:
            raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {value!r}.")
        return normalised

    def date(self, name: str) -> datetime.date | None:
        """A day written as YYYY-MM-DD, or None when the variable is unset or empty."""
        value = self._value(name)
        if value is None:
            return None
        value = value.strip()
        try:
            return datetime.date.fromisoformat(value)
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"{name} must be a date written as YYYY-MM-DD, e.g. 2026-12-06, not {value!r}."
            ) from exc

    def items(self, name: str, default: list[str] | None = None) -> list[str]:
        value = self._value(name)
        if value is None:
            return list(default or [])
        return [item.strip() for item in value.split(",") if item.strip()]


env = Env()
