"""The codebook (codebook.md) of a research export, in the exporter's language, rendered from the
table declarations (codebook_schema.py), so that it lists exactly the files and columns written."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _

from kosilab.research.codebook_schema import SECTORS as SECTOR_VALUES
from kosilab.research.codebook_schema import TABLES

if TYPE_CHECKING:
    from kosilab.research.export import ExportOptions


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render(
    *,
    options: ExportOptions,
    now: dt.datetime,
    k: int,
    rows: dict[str, int],
    labs: list[str],
    hidden_sectors: list[str],
) -> str:
    local = timezone.localtime(now)
    scope = options.lab.slug if options.lab is not None else _("the whole installation")
    start = options.start.isoformat() if options.start else _("open")
    end = options.end.isoformat() if options.end else _("open")
    window = f"{start} – {end}"
    yes, no = _("yes"), _("no")
    lines = [
        "# " + _("KoSI-Lab research export: codebook"),
        "",
        "| | |",
        "| --- | --- |",
        f"| {_('Data as of')} | {local:%Y-%m-%d %H:%M %Z} |",
        f"| {_('Labs')} | {_cell(scope)} ({_cell(', '.join(labs) or '–')}) |",
        f"| {_('Time window')} | {window} |",
        f"| {_('Smallest group shown (k)')} | {k} |",
        f"| {_('Free text included')} | {yes if options.free_text else no} |",
        f"| {_('Pseudonyms stable across exports')} | {yes if options.stable_pseudonyms else no} |",
        "",
        "## " + _("How people and organisations are protected"),
        "",
        _(
            "People and organisations appear only as pseudonyms: P-… for a person, O-… for an organisation. A "
            "pseudonym is a keyed hash (HMAC-SHA256) of the platform's internal number with a secret key of this "
            "installation, which is not part of the export: it cannot be turned back into a person without that key. "
            "Within this export the same person always has the same pseudonym in every file."
        ),
        "",
        (
            _(
                "This export was made with stable pseudonyms: the same person has the same pseudonym in every export "
                "of this installation made with this option, so exports can be linked over time."
            )
            if options.stable_pseudonyms
            else _(
                "The pseudonyms were made with a random value of this export only: another export gives the same "
                "person another pseudonym, so exports cannot be linked person by person."
            )
        ),
        "",
        _(
            "Counts of people from 1 to %(smaller)s are not shown: the cell is empty and its flag column is 1. Where "
            "only one cell of a team's sectors was hidden, the smallest other one is hidden too, so that it cannot be "
            "computed from the team size. A person's sector is shown only where at least %(k)s people in this "
            "export share it; where it is hidden, so is the person's organisation in participation.csv, whose "
            "sector would tell it."
        )
        % {"smaller": k - 1, "k": k},
        "",
        _(
            "No names, e-mail addresses or texts written by people (profiles, comments, ideas, messages, feedback, "
            "answers) are exported. In the titles and, if chosen, descriptions that labs wrote, every word that is "
            "part of a person's name is replaced by [name], organisations' names by [organisation] and e-mail "
            "addresses by [e-mail]; this may also remove ordinary words that happen to be someone's name."
        ),
        "",
        _(
            "Pseudonymised data are still personal data (GDPR): keep the files safe, use them only for the research "
            "they were given for, and do not try to find out who is behind a pseudonym."
        ),
        "",
    ]
    if hidden_sectors:
        lines += [
            _("Sectors of people hidden in this export: %(sectors)s.") % {"sectors": ", ".join(hidden_sectors)},
            "",
        ]
    lines += ["## " + _("Files"), ""]
    for table in TABLES:
        columns = [c for c in table.columns if options.free_text or not c.free_text]
        lines += [
            f"### {table.filename}",
            "",
            str(table.meaning) + " " + _("Rows: %(rows)s.") % {"rows": rows.get(table.name, 0)},
            "",
            f"| {_('column')} | {_('meaning')} | {_('unit or values')} |",
            "| --- | --- | --- |",
        ]
        lines += [f"| `{c.name}` | {_cell(c.meaning)} | {_cell(c.values)} |" for c in columns]
        lines.append("")
    lines += [
        "### network.graphml, network_people.graphml",
        "",
        _(
            "The cooperation networks of organisations and of people (GraphML, readable with networkx, Gephi, igraph "
            "or R). One node per pseudonym, one edge per pair that shares at least one context (see ties.csv)."
        ),
        "",
        f"| {_('attribute')} | {_('meaning')} | {_('unit or values')} |",
        "| --- | --- | --- |",
        f"| `kind` | {_('node: organisation or person')} | organisation, person |",
        f"| `sector` | {_('node: its sector; empty if unknown or suppressed')} | {SECTOR_VALUES} |",
        f"| `sector_suppressed` | {_('node (people only): whether sector is suppressed')} | 1, 0 |",
        f"| `lab` | {_('node: the labs of its ties, separated by ;')} | |",
        "| `weight` | "
        + _("edge: team and result 3, handover 2, challenge and event 1 per shared context, added up")
        + " | |",
        f"| `contexts` | {_('edge: number of shared contexts')} | |",
        f"| `since` | {_('edge: day of the first tie')} | YYYY-MM-DD |",
        f"| `kinds` | {_('edge: kinds of tie, separated by ;')} | team, challenge, event, handover, result |",
        "",
    ]
    return "\n".join(lines)
