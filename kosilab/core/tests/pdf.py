"""Reading back the PDFs that fpdf2 writes, for assertions in tests.

A small reader for what fpdf2 produces (no PDF library needed): objects, Flate streams, the font
resources and their ``/ToUnicode`` maps. Embedded (Type0) fonts draw two-byte glyph ids, mapped back
to text through the font's ``/ToUnicode`` map; the PDF core fonts draw Windows-1252 bytes.
Each ``BT … ET`` text object becomes one line. Shaped right-to-left text is drawn in visual order,
so runs of right-to-left glyphs are turned back into reading (logical) order, as a reader would
copy them.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Callable

_OBJECT = re.compile(rb"(\d+) 0 obj\b(.*?)endobj", re.S)
_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
_TOKEN = re.compile(
    rb"\((?P<literal>(?:\\.|[^\\)])*)\)"  # fpdf2 escapes every parenthesis inside strings
    rb"|<(?P<hex>[0-9A-Fa-f\s]*)>(?!>)"
    rb"|/(?P<name>[^\s/\[\]()<>]+)"
    rb"|(?P<operator>[A-Za-z'\"*]+)",
    re.S,
)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _objects(content: bytes) -> dict[int, bytes]:
    return {int(number): body for number, body in _OBJECT.findall(content)}


def _stream(body: bytes) -> bytes:
    match = _STREAM.search(body)
    if not match:
        return b""
    head = body[: match.start()]
    length = re.search(rb"/Length (\d+)\b(?! 0 R)", head)
    # The data may itself end in CR or LF bytes: /Length says where it ends, not the line break.
    data = body[match.start(1) : match.start(1) + int(length.group(1))] if length else match.group(1)
    if b"/FlateDecode" in head:
        data = zlib.decompress(data)
    return data


def _unescape(literal: bytes) -> bytes:
    def replace(match: re.Match[bytes]) -> bytes:
        escaped = match.group(1)
        if escaped[:1].isdigit():
            return bytes([int(escaped, 8) & 0xFF])
        if escaped in (b"\n", b"\r"):
            return b""
        return _ESCAPES.get(escaped, escaped)

    return re.sub(rb"\\([0-7]{1,3}|.)", replace, literal, flags=re.S)


def _to_unicode(cmap: bytes) -> dict[int, str]:
    """Glyph id → text, from ``bfchar`` and ``bfrange`` sections of a ToUnicode CMap."""
    mapping: dict[int, str] = {}
    for section in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, text in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", section):
            mapping[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be")
    for section in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        for low, high, start in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", section):
            first = int(start, 16)
            for offset in range(int(high, 16) - int(low, 16) + 1):
                mapping[int(low, 16) + offset] = chr(first + offset)
    return mapping


Decoder = Callable[[bytes], list[str]]


def _decoders(objects: dict[int, bytes]) -> dict[bytes, Decoder]:
    """Font resource name (``F1``) → a function turning a drawn string into its glyphs' texts."""
    resources: dict[bytes, int] = {}
    for body in objects.values():
        for fonts in re.findall(rb"/Font\s*<<(.*?)>>", body, re.S):
            resources.update({name: int(ref) for name, ref in re.findall(rb"/(\S+?)\s+(\d+) 0 R", fonts)})
    decoders: dict[bytes, Decoder] = {}
    for name, ref in resources.items():
        font = objects.get(ref, b"")
        to_unicode = re.search(rb"/ToUnicode\s+(\d+) 0 R", font)
        if to_unicode:
            glyphs = _to_unicode(_stream(objects[int(to_unicode.group(1))]))
            decoders[name] = lambda data, glyphs=glyphs: [
                glyphs.get(int.from_bytes(data[i : i + 2], "big"), "\ufffd") for i in range(0, len(data) - 1, 2)
            ]
        else:
            decoders[name] = lambda data: [data.decode("cp1252", errors="replace")]
    return decoders


def _direction(glyph: str) -> str:
    """ "R" for a right-to-left letter, "L" for a left-to-right one, "" for spaces, marks, punctuation."""
    for char in glyph:
        kind = unicodedata.bidirectional(char)
        if kind in {"R", "AL"}:
            return "R"
        if kind == "L":
            return "L"
    return ""


def _logical(glyphs: list[str]) -> str:
    """Glyphs in drawing order → text in reading order: each right-to-left run reversed."""
    out: list[str] = []
    i = 0
    while i < len(glyphs):
        if _direction(glyphs[i]) != "R":
            out.append(glyphs[i])
            i += 1
            continue
        end = i  # the run ends at its last right-to-left glyph; neutrals after it stay outside
        j = i
        while j < len(glyphs) and _direction(glyphs[j]) != "L":
            if _direction(glyphs[j]) == "R":
                end = j
            j += 1
        out.extend(reversed(glyphs[i : end + 1]))
        i = end + 1
    return "".join(out)


def pdf_lines(content: bytes) -> list[list[str]]:
    """Each text object's glyphs (as text), in drawing order, streams inflated."""
    objects = _objects(content)
    decoders = _decoders(objects)
    lines: list[list[str]] = []
    pages = [objects[int(ref)] for body in objects.values() for ref in re.findall(rb"/Contents\s+(\d+) 0 R", body)]
    for body in pages:
        decode: Decoder = decoders.get(b"", lambda data: [data.decode("cp1252", errors="replace")])
        current: list[str] | None = None
        operands: list[bytes] = []
        font_name = b""
        for token in _TOKEN.finditer(_stream(body)):
            if token.group("literal") is not None:
                operands.append(_unescape(token.group("literal")))
            elif token.group("hex") is not None:
                digits = re.sub(rb"\s", b"", token.group("hex"))
                operands.append(bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode()))
            elif token.group("name") is not None:
                font_name = token.group("name")
            else:
                operator = token.group("operator")
                if operator == b"BT":
                    current = []
                elif operator == b"ET" and current is not None:
                    lines.append(current)
                    current = None
                elif operator == b"Tf":
                    decode = decoders.get(font_name, decode)
                elif operator in {b"Tj", b"TJ", b"'", b'"'} and current is not None:
                    for data in operands:
                        current.extend(decode(data))
                operands = []
    return lines


def pdf_glyphs(content: bytes) -> list[str]:
    """The text of every glyph drawn, in drawing order (a ligature is one glyph, e.g. "لأ")."""
    return [glyph for line in pdf_lines(content) for glyph in line]


def pdf_content_text(content: bytes) -> str:
    """The text drawn in a PDF from fpdf2, one line per text object, in reading order."""
    return "\n".join(_logical(line) for line in pdf_lines(content))


def page_count(content: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b(?!s)", content))


# Everyday names in a German city, in the scripts the embedded font has to draw.
NAMES = (
    "Олена Шевченко",
    "Şükrü Ağaoğlu",
    "İpek Işık",
    "Łukasz Wróblewski",
    "Małgorzata Świątek",
    "Jiří Dvořák",
    "Ștefan Țurcanu",
    "Nguyễn Thị Minh Khai",
    "Γιώργος Παπαδόπουλος",
    "محمد الأحمد",
    "Jürgen Groß",
)
ARABIC_NAME = "محمد الأحمد"


def assert_names_drawn(content: bytes, names: tuple[str, ...] = NAMES) -> None:
    """Every name can be read back from the PDF as written (line wraps count as spaces), and Arabic
    is shaped: lām and alif are drawn as one joined glyph ("لأ"), not as two isolated letters."""
    text = " ".join(pdf_content_text(content).split())
    missing = [name for name in names if name not in text]
    assert not missing, f"not drawn: {missing}"
    if ARABIC_NAME in names:
        assert "لأ" in pdf_glyphs(content), "Arabic not shaped"
