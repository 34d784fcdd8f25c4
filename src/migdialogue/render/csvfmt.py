"""CSV: one row per record, a header even when there is none. Lists and mappings (a quote) are
written as JSON in their cell (``["Italy", "Spain"]``), so they split back without ambiguity.

Two things are done to every cell, and undone by the CSV reader (dataio.read_csv: ``uncell``), so
``export --format csv`` read back with ``--data`` gives the same records:

- **Control characters** (but tabs and newlines) and bidirectional overrides are written as
  escapes (``\x07``, ``\u202e``), so nothing written reaches a terminal as a command; a run of
  backslashes that comes before one of them, or before text that reads as one (``\x41``), is
  doubled, so a literal ``\x07`` in the data stays that text.
- **Formulas** (CWE-1236, the OWASP way): a cell that begins with ``=``, ``+``, ``-``, ``@``, a
  tab or a carriage return, after any number of single quotes, gets one single quote before it
  (``'=HYPERLINK(...)``), so a spreadsheet shows it as text instead of running it. A plain number
  (``-3.5``) is left as it is. The reader removes one quote from a cell that begins with quotes and
  then one of those characters, which only this rule writes.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

from . import _SHOWN_KEEPING_LINES, Document, Fields, Listing, Section, View, cell

_CONTROL = "".join(sorted(re.escape(chr(c)) for c in _SHOWN_KEEPING_LINES))
_ESCAPING = re.compile(rf"(\\*)([{_CONTROL}])|(\\+)(?=x[0-9a-f]{{2}}|u[0-9a-f]{{4}})")
_ESCAPED = re.compile(r"(\\+)(x[0-9a-f]{2}|u[0-9a-f]{4})")
_FORMULA = re.compile(r"'*[=+\-@\t\r]")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def _escape(found: re.Match[str]) -> str:
    if found[2] is None:
        return found[3] * 2
    return found[1] * 2 + _SHOWN_KEEPING_LINES[ord(found[2])]


def _unescape(found: re.Match[str]) -> str:
    run, code = found[1], found[2]
    if len(run) % 2 == 0:
        return run[: len(run) // 2] + code
    char = int(code[1:], 16)
    if char not in _SHOWN_KEEPING_LINES:
        return found[0]  # not an escape this writes (a file edited by hand): kept as it is
    return run[: len(run) // 2] + chr(char)


def safe_cell(text: str) -> str:
    """A cell's text as written: control characters escaped, a formula neutralised (see above)."""
    text = _ESCAPING.sub(_escape, text) if ("\\" in text or not text.isprintable()) else text
    if _FORMULA.match(text) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def uncell(text: str) -> str:
    """What ``safe_cell`` was given, from what it wrote (the CSV reader's side)."""
    if text.startswith("'") and _FORMULA.match(text):
        text = text[1:]
    return _ESCAPED.sub(_unescape, text) if "\\" in text else text


def csv_cell(value: Any) -> str:
    """One CSV cell: lists and mappings as JSON, nothing for None, true/false for booleans."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple, dict)):
        return safe_cell(json.dumps(value, ensure_ascii=False))
    return safe_cell(str(value))


def _flat_columns(data: list[dict[str, Any]]) -> list[str]:
    columns: list[str] = []
    for row in data:
        for key in row:
            if key not in columns:
                columns.append(key)
    return columns


def render_csv(view: View) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if isinstance(view, Listing) or isinstance(view.data, list):
        rows = [r if isinstance(r, dict) else {"value": r} for r in view.data]
        columns = _flat_columns(rows)
        if not columns and isinstance(view, Listing):
            columns = view.fields or [key for key, _ in view.columns]
        writer.writerow([safe_cell(c) for c in columns])
        for row in rows:
            writer.writerow([csv_cell(row.get(c)) for c in columns])
        return out.getvalue()
    assert isinstance(view, Document)

    def write(*cells: str) -> None:  # a document's text as shown (cell), each cell safe as above
        writer.writerow([safe_cell(c) for c in cells])

    write("section", "field", "value")
    for block in view.blocks:
        if isinstance(block, Fields):
            for label, value in block.pairs:
                write("", label, cell(value))
        elif isinstance(block, Section):
            for line in block.lines:
                write(block.heading, "", line)
            if block.listing is not None:
                for listed in block.listing.table_rows():
                    write(block.heading, "", " | ".join(cell(listed.get(k)) for k, _ in block.listing.columns))
    return out.getvalue()
