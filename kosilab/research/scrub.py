"""Names and e-mail addresses out of the text a research export keeps (titles always; descriptions,
summaries and notes only when the exporter chose free text).

- Every word that is part of a person's name (any script; compared case- and accent-insensitively,
  so "Şahin", "sahin" and "SAHIN" are one word) becomes ``[name]``. This removes more than names:
  a person called "Garten" takes that word out of every title. That is the price of letting no
  name through, and the codebook says so.
- Every organisation's full name becomes ``[organisation]`` (organisations are pseudonymised).
- Every e-mail address, also written as ``%40``, ``&#64;`` or ``(at)``, becomes ``[e-mail]``.

The word list is built once per export (one query for people, one for organisations) and each text
is then split into words once, whatever the number of names.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

NAME = "[name]"
ORGANISATION = "[organisation]"
EMAIL = "[e-mail]"

_WORD = re.compile(r"\w+", re.UNICODE)
_EMAIL = re.compile(
    r"[\w.+%-]+\s*(?:@|%40|&#0*64;|&#x0*40;|&commat;|\(at\)|\[at\])\s*[\w-]+(?:\s*(?:\.|\(dot\)|\[dot\])\s*[\w-]+)+",
    re.IGNORECASE | re.UNICODE,
)


def fold(word: str) -> str:
    """A word as it is compared: case folded, accents and other marks removed ("İ" → "i")."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class Scrubber:
    def __init__(self, *, person_names: Iterable[str], organisation_names: Iterable[str]) -> None:
        self._name_words = {fold(w) for name in person_names for w in _WORD.findall(name or "")}
        # Organisation names as word sequences, found by their first word.
        self._organisations: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for name in organisation_names:
            words = tuple(fold(w) for w in _WORD.findall(name or ""))
            if words:
                self._organisations[words[0]].append(words)
        for candidates in self._organisations.values():
            candidates.sort(key=len, reverse=True)

    def __call__(self, text: str | None) -> str:
        if not text:
            return ""
        text = _EMAIL.sub(EMAIL, text)
        matches = list(_WORD.finditer(text))
        folded = [fold(m.group()) for m in matches]
        out: list[str] = []
        position = 0
        i = 0
        while i < len(matches):
            length = self._organisation_at(folded, i)
            if length:
                out += [text[position : matches[i].start()], ORGANISATION]
                position = matches[i + length - 1].end()
                i += length
                continue
            if folded[i] in self._name_words:
                out += [text[position : matches[i].start()], NAME]
                position = matches[i].end()
            i += 1
        out.append(text[position:])
        return "".join(out)

    def _organisation_at(self, folded: list[str], i: int) -> int:
        for words in self._organisations.get(folded[i], ()):
            if tuple(folded[i : i + len(words)]) == words:
                return len(words)
        return 0
