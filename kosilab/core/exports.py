"""Spreadsheet exports (CSV and XLSX) that any app can offer.

Formula injection: a cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
would be run as a formula when the file is opened in a spreadsheet. In CSV such a cell gets a
leading single quote (``'=1+1``), which spreadsheets show as text. In XLSX every text value is
written as a string cell (data type ``s``), which is never evaluated, so it keeps its exact value.

Exports hold personal data: responses are marked ``Cache-Control: private, no-store``; the views
that call these functions check the permission on every request.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.functional import Promise
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATETIME_FORMAT = "%Y-%m-%d %H:%M"
XLSX_DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
XLSX_MAX_TEXT = 32767  # Excel's limit for one cell


def _plain(value: Any) -> Any:
    """One cell's value before it is written: text, a number, a date or None."""
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def safe_cell(value: Any) -> Any:
    """A CSV cell that no spreadsheet runs as a formula: such text gets a leading ``'``.

    ``None`` becomes an empty string, date-times are written in the local time zone, numbers stay.
    """
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime(DATETIME_FORMAT)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float | Decimal):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    patch_cache_control(response, private=True, no_store=True)
    return response


def csv_response(
    rows: Iterable[Sequence[Any]], header: Sequence[Any], filename: str, *, delimiter: str = ","
) -> HttpResponse:
    """A CSV download: UTF-8 with a byte order mark (so Excel reads umlauts), CRLF line ends."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return _download(buffer.getvalue().encode("utf-8"), CSV_CONTENT_TYPE, filename)


def _xlsx_cell(sheet: WriteOnlyWorksheet, value: Any, *, bold: bool = False) -> WriteOnlyCell:
    value = _plain(value)
    if isinstance(value, str):
        text = ILLEGAL_CHARACTERS_RE.sub("", value)[:XLSX_MAX_TEXT]
        cell = WriteOnlyCell(sheet, value=text)
        cell.data_type = "s"  # text, even if it begins with "=": never a formula
    elif value is None or isinstance(value, int | float | Decimal | dt.date):
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, dt.datetime):
            cell.number_format = XLSX_DATETIME_FORMAT
    else:
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", str(value))[:XLSX_MAX_TEXT])
        cell.data_type = "s"
    if bold:
        cell.font = Font(bold=True)
    return cell


def sheet_title_safe(title: str) -> str:
    """A worksheet name Excel accepts: at most 31 characters, none of ``[]:*?/\\``."""
    cleaned = "".join("_" if c in "[]:*?/\\" else c for c in ILLEGAL_CHARACTERS_RE.sub("", title)).strip("'")
    return cleaned[:31] or "Sheet"


def xlsx_response(
    rows: Iterable[Sequence[Any]], header: Sequence[Any], filename: str, sheet_title: str
) -> HttpResponse:
    """An XLSX download with a bold, frozen header row."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title_safe(str(sheet_title)))
    sheet.freeze_panes = "A2"
    for index, title in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(len(str(title)) + 4, 14), 50)
    sheet.append([_xlsx_cell(sheet, title, bold=True) for title in header])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _download(buffer.getvalue(), XLSX_CONTENT_TYPE, filename)
