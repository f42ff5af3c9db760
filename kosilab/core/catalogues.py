"""A small reader and writer for gettext .po files, enough to check and fill our catalogues."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field


@dataclass
class Entry:
    comments: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    context: str | None = None
    msgid: str = ""
    plural: str | None = None
    msgstr: str = ""
    plural_strs: list[str] = field(default_factory=list)


def _unquote(line: str) -> str:
    return str(ast.literal_eval(line))


def parse_po(text: str) -> tuple[str, list[Entry]]:
    """Split a catalogue into its header block (kept verbatim) and its entries."""
    blocks = text.strip("\n").split("\n\n")
    header, entries = blocks[0], []
    for block in blocks[1:]:
        entry, target = Entry(), None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry.flags = [f.strip() for f in line[2:].split(",")]
            elif line.startswith("#|"):
                continue  # a fuzzy entry's previous msgid: a hint only, dropped
            elif line.startswith("#~"):
                target = None
                break
            elif line.startswith("#"):
                entry.comments.append(line)
            elif line.startswith("msgctxt "):
                entry.context, target = _unquote(line[8:]), "context"
            elif line.startswith("msgid_plural "):
                entry.plural, target = _unquote(line[13:]), "plural"
            elif line.startswith("msgid "):
                entry.msgid, target = _unquote(line[6:]), "msgid"
            elif line.startswith("msgstr["):
                entry.plural_strs.append(_unquote(line.split(" ", 1)[1]))
                target = "plural_strs"
            elif line.startswith("msgstr "):
                entry.msgstr, target = _unquote(line[7:]), "msgstr"
            elif line.startswith('"') and target:
                value = _unquote(line)
                if target == "plural_strs":
                    entry.plural_strs[-1] += value
                else:
                    setattr(entry, target, (getattr(entry, target) or "") + value)
        if entry.msgid or entry.plural:
            entries.append(entry)
    return header, entries


def _quote(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    parts = escaped.split("\n")
    if len(parts) == 1:
        return f'"{escaped}"'
    lines = [p + "\\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
    return '""\n' + "\n".join(f'"{line}"' for line in lines)


def write_po(header: str, entries: list[Entry]) -> str:
    out = [header]
    for entry in entries:
        lines = list(entry.comments)
        if entry.flags:
            lines.append("#, " + ", ".join(entry.flags))
        if entry.context is not None:
            lines.append("msgctxt " + _quote(entry.context))
        lines.append("msgid " + _quote(entry.msgid))
        if entry.plural is not None:
            lines.append("msgid_plural " + _quote(entry.plural))
            for i, value in enumerate(entry.plural_strs):
                lines.append(f"msgstr[{i}] " + _quote(value))
        else:
            lines.append("msgstr " + _quote(entry.msgstr))
        out.append("\n".join(lines))
    return "\n\n".join(out) + "\n"


def untranslated(entries: list[Entry]) -> list[str]:
    """msgids that have no translation, or only a fuzzy one."""
    missing = []
    for entry in entries:
        empty = not all(entry.plural_strs) if entry.plural is not None else not entry.msgstr
        if empty or "fuzzy" in entry.flags:
            missing.append(entry.msgid)
    return missing
