"""Reading an export back in tests."""

from __future__ import annotations

import csv
import html
import io
import zipfile
from urllib.parse import quote, quote_plus

import networkx as nx


def files(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def table(content: bytes, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(files(content)[f"{name}.csv"].decode("utf-8"))))


def header(data: bytes) -> list[str]:
    return next(csv.reader(io.StringIO(data.decode("utf-8"))))


def graph(content: bytes, name: str = "network.graphml") -> nx.Graph:
    return nx.read_graphml(io.BytesIO(files(content)[name]))


def variants(text: str) -> set[str]:
    """The forms in which a string could hide in a file: as is, case-folded, URL-encoded, HTML-
    and XML-escaped (also as numeric character references)."""
    forms = {text, text.casefold(), quote(text), quote_plus(text), html.escape(text)}
    forms.add("".join(f"&#{ord(c)};" for c in text))
    forms.add(text.encode("unicode_escape").decode("ascii"))
    return {f.lower() for f in forms if f}


def leaks(content: bytes, needles: list[str]) -> list[tuple[str, str]]:
    """(file, needle) for every needle found in any file of the export, in any of its forms."""
    found = []
    for name, data in files(content).items():
        haystack = data.decode("utf-8").lower()
        for needle in needles:
            if any(form in haystack for form in variants(needle)):
                found.append((name, needle))
    return found


def stored(stored_file: str) -> bytes:
    """The zip of a built export, from the storage."""
    from django.core.files.storage import default_storage

    with default_storage.open(stored_file, "rb") as handle:
        return handle.read()
