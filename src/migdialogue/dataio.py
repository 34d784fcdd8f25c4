"""Read user datasets written as JSON, JSON Lines or CSV into the same located values as YAML.

Each reader hands every record to ``on_item(collection, record, line)`` as soon as it is read
(so a file of any size is read in the memory of one record) and returns (the top level without
those records, problems), like :func:`migdialogue.yamlio.read_stream`:

- JSON: the shape ``export --format json`` writes, an object of collection names (and ``meta``)
  to lists of records. A record's problems are reported at the line its object starts on.
- JSON Lines (``.jsonl``): one record per line, with its collection in ``"collection"`` (what
  ``export --format jsonl`` writes; a line without it is an example), or ``{"collection":
  "meta", ...}``.
- CSV: one collection, the examples (or the collection a file is named after, such as
  ``countries.csv``), with a header row of field names: what ``export --format csv`` writes. A
  list is a JSON list in its cell (``["Italy", "Spain"]``) or items separated by ``;``; a quote
  is a JSON object; an empty cell is an absent field. Problems are reported at the row's line.
  What the writer does to every cell (control characters as escapes, a formula behind a single
  quote: render/csvfmt.py) is undone here, so the round trip gives the same records.

What an export adds and a file does not hold is left out: ``null`` values and a country's
``id`` (derived from its name).
"""

from __future__ import annotations

import csv
import json
import os
import re
from typing import Any

from . import vocab
from .errors import Problem
from .i18n import N_, _, ngettext
from .schema import SCHEMA
from .yamlio import MAX_DEPTH, LList, LMap, check_size

CHUNK = 1 << 20
_WS = re.compile(r"[ \t\n\r]*")
_INT_RE = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT_RE = re.compile(r"[-+]?([0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)([eE][-+]?[0-9]+)?\Z")


_SCALARS = frozenset((str, int, float, bool))


class _Bad(Exception):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def _too_deep(line: int) -> _Bad:
    return _Bad(_("nested more than {n} levels deep").format(n=MAX_DEPTH), line)


def _located(value: Any, line: int, collection: str | None = None, depth: int = 1) -> Any:
    """A decoded JSON value as LMap/LList, every part at ``line``; nulls left out. A value nested
    more than MAX_DEPTH levels deep (as YAML's) is a _Bad at its line, never a RecursionError."""
    if depth > MAX_DEPTH and isinstance(value, (dict, list)):
        raise _too_deep(line)
    if isinstance(value, dict):
        out = LMap()
        out.line = line
        out.lines = {}
        for key, item in value.items():
            if item is None or (collection is not None and item == {}):
                continue  # what an export writes for an absent field
            out[key] = _located(item, line, depth=depth + 1)
            out.lines[key] = line
        if collection == "countries" and "id" in out and out["id"] == vocab.record_key(collection, out):
            del out["id"]  # what an export adds: derived from the name
            del out.lines["id"]
        return out
    if isinstance(value, list):
        if all(type(item) in _SCALARS for item in value):
            items = LList(value)  # the usual list of names or numbers: nothing to convert
        else:
            items = LList(_located(item, line, depth=depth + 1) for item in value)
        items.line = line
        items.lines = [line] * len(items)
        return items
    return value


def _pairs(dups: list[str]) -> Any:
    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in pairs:
            if key in out:
                dups.append(key)
            out[key] = value
        return out

    return hook


def _open_text(path: str, shown: str) -> tuple[Any, list[Problem]]:
    problem = check_size(path, shown)
    if problem is not None:
        return None, [problem]
    if os.path.getsize(path) == 0:
        return None, [Problem(shown, 0, "", _("file is empty"))]
    try:
        return open(path, encoding="utf-8-sig", newline=""), []  # noqa: SIM115 - the caller closes it
    except OSError as err:
        return None, [Problem(shown, 0, "", _("cannot read file: {reason}").format(reason=err.strerror or err))]


def _not_utf8(path: str, shown: str) -> Problem:
    """The line of the first byte that is not UTF-8 (the file is read again, line by line, only on this error)."""
    line = 0
    with open(path, "rb") as handle:
        for number, text in enumerate(handle, 1):
            try:
                text.decode("utf-8")
            except UnicodeDecodeError:
                line = number
                break
    return Problem(shown, line, "", _("file is not valid UTF-8 text"))


# -- JSON Lines ---------------------------------------------------------------------------------


def read_jsonl(path: str, on_item: Any, display: str | None = None, progress: Any = None) -> tuple[Any, list[Problem]]:
    shown = display or path
    handle, problems = _open_text(path, shown)
    if handle is None:
        return None, problems
    root = LMap()
    root.line = 1
    root.lines = {}
    dups: list[str] = []
    decoder = json.JSONDecoder(object_pairs_hook=_pairs(dups), parse_constant=_no_constants)
    size = max(1, os.path.getsize(path))
    done = 0
    try:
        with handle:
            for number, text in enumerate(handle, 1):
                done += len(text)
                if progress is not None and number % 20_000 == 0:
                    progress(min(1.0, done / size))
                if not text.strip():
                    continue
                try:
                    value = decoder.decode(text)
                except ValueError as err:
                    problems.append(Problem(shown, number, "", _("invalid JSON: {reason}").format(reason=_reason(err))))
                    continue
                except RecursionError:  # deeper than Python's own limit: the decoder gives up
                    problems.append(Problem(shown, number, "", _too_deep(number).message))
                    continue
                for key in dups:
                    problems.append(Problem(shown, number, "", _("duplicate key {key}").format(key=repr(key))))
                dups.clear()
                if not isinstance(value, dict):
                    problems.append(Problem(shown, number, "", _("each line must be a JSON object (one record)")))
                    continue
                collection = value.pop("collection", "examples")
                if collection != "meta" and not isinstance(collection, str):
                    problems.append(Problem(shown, number, "", _("'collection' must be the name of a collection")))
                    continue
                try:
                    located = _located(value, number, None if collection == "meta" else collection)
                except _Bad as bad:
                    problems.append(Problem(shown, number, "", bad.message))
                    continue
                if collection == "meta":
                    root["meta"] = located
                    root.lines.setdefault("meta", number)
                    continue
                if collection not in root:
                    placeholder = LList()
                    placeholder.line, placeholder.lines = number, []
                    root[collection] = placeholder
                    root.lines[collection] = number
                on_item(collection, located, number)
    except UnicodeDecodeError:
        return None, [*problems, _not_utf8(path, shown)]
    if not root and not problems:
        problems.append(Problem(shown, 0, "", _("file is empty")))
    return root, problems


# Python's JSON decoder's reasons (its C scanner's and Python 3.13's too), said in the interface
# language; a reason not listed here is shown as Python gives it
JSON_REASONS = {
    "Expecting value": N_("Expecting value"),
    "Expecting property name enclosed in double quotes": N_("Expecting property name enclosed in double quotes"),
    "Expecting ':' delimiter": N_("Expecting ':' delimiter"),
    "Expecting ',' delimiter": N_("Expecting ',' delimiter"),
    "Unterminated string starting at": N_("Unterminated string starting at"),
    "Invalid control character at": N_("Invalid control character at"),
    "Invalid \\escape": N_("Invalid \\escape"),
    "Invalid \\uXXXX escape": N_("Invalid \\uXXXX escape"),
    "Extra data": N_("Extra data"),
    "Illegal trailing comma before end of object": N_("Illegal trailing comma before end of object"),
    "Illegal trailing comma before end of array": N_("Illegal trailing comma before end of array"),
}


def _reason(err: ValueError) -> str:
    reason = (err.msg if isinstance(err, json.JSONDecodeError) else str(err)).rstrip(".")
    return _(JSON_REASONS[reason]) if reason in JSON_REASONS else reason


# -- JSON ---------------------------------------------------------------------------------------


class _Stream:
    """A JSON text read in chunks: values decoded one at a time, with the line they start on."""

    def __init__(self, handle: Any, decoder: json.JSONDecoder) -> None:
        self.handle = handle
        self.decoder = decoder
        self.buf = ""
        self.pos = 0
        self.line = 1  # the line of buf[pos]
        self.eof = False
        self.read = 0

    def _more(self) -> bool:
        if self.eof:
            return False
        chunk = self.handle.read(max(CHUNK, len(self.buf) - self.pos))
        if not chunk:
            self.eof = True
            return False
        self.read += len(chunk)
        self.buf = self.buf[self.pos :] + chunk
        self.pos = 0
        return True

    def _advance(self, end: int) -> None:
        self.line += self.buf.count("\n", self.pos, end)
        self.pos = end

    def peek(self) -> str:
        """The next character that is not white space ('' at the end)."""
        while True:
            end = _WS.match(self.buf, self.pos).end()  # type: ignore[union-attr]
            self._advance(end)
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self._more():
                return ""

    def take(self, char: str) -> None:
        if self.peek() != char:
            found = self.peek()
            if found:
                expected = _("invalid JSON: expected {char}, found {found}").format(char=repr(char), found=repr(found))
            else:
                expected = _("invalid JSON: expected {char}, found the end of the file").format(char=repr(char))
            raise _Bad(expected, self.line)
        self._advance(self.pos + 1)

    def value(self) -> tuple[Any, int]:
        """The next value and its line."""
        self.peek()
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as err:
                if self._more():
                    continue
                line = self.line + self.buf.count("\n", self.pos, err.pos)
                raise _Bad(_("invalid JSON: {reason}").format(reason=_reason(err)), line) from None
            except ValueError as err:
                raise _Bad(_("invalid JSON: {reason}").format(reason=_reason(err)), self.line) from None
            except RecursionError:  # deeper than Python's own limit: the decoder gives up
                raise _too_deep(self.line) from None
            if end == len(self.buf) and not self.eof and self._more():
                continue  # a number may go on in the next chunk
            line = self.line
            self._advance(end)
            return value, line


def read_json(path: str, on_item: Any, display: str | None = None, progress: Any = None) -> tuple[Any, list[Problem]]:
    shown = display or path
    handle, problems = _open_text(path, shown)
    if handle is None:
        return None, problems
    dups: list[str] = []
    decoder = json.JSONDecoder(object_pairs_hook=_pairs(dups), parse_constant=_no_constants)
    size = max(1, os.path.getsize(path))
    try:
        with handle:
            stream = _Stream(handle, decoder)
            return _read_object(stream, shown, on_item, problems, dups, progress, size), problems
    except _Bad as bad:
        problems.append(Problem(shown, bad.line, "", bad.message))
    except UnicodeDecodeError:
        problems.append(_not_utf8(path, shown))
    return None, problems


def _read_object(
    stream: _Stream, shown: str, on_item: Any, problems: list[Problem], dups: list[str], progress: Any, size: int
) -> Any:
    first = stream.peek()
    if first == "":
        problems.append(Problem(shown, 0, "", _("file is empty")))
        return None
    if first != "{":  # not the dataset shape: read whole, so the caller can say what is wrong
        value, line = stream.value()
        return _located(value, line)
    root = LMap()
    root.line = stream.line
    root.lines = {}
    stream.take("{")
    count = 0
    while stream.peek() != "}":
        if root.lines:
            stream.take(",")
        key, line = stream.value()
        if not isinstance(key, str):
            raise _Bad(_("invalid JSON: a key must be a string"), line)
        stream.take(":")
        duplicate = key in root.lines
        if duplicate:
            first = _("duplicate key {key} (first at line {line})").format(key=repr(key), line=root.lines[key])
            problems.append(Problem(shown, line, "", first))
        else:
            root.lines[key] = line
        if stream.peek() != "[" or key not in SCHEMA:
            value, vline = stream.value()
            if not duplicate:
                root[key] = _located(value, vline)
            continue
        placeholder = LList()
        placeholder.line, placeholder.lines = stream.line, []
        if not duplicate:
            root[key] = placeholder
        stream.take("[")
        items = 0
        while stream.peek() != "]":
            if items:
                stream.take(",")
            item, iline = stream.value()
            items += 1
            for name in dups:
                problems.append(Problem(shown, iline, "", _("duplicate key {key}").format(key=repr(name))))
            dups.clear()
            if not duplicate:
                on_item(key, _located(item, iline, key), iline)
            count += 1
            if progress is not None and count % 20_000 == 0:
                progress(min(1.0, stream.read / size))
        stream.take("]")
    stream.take("}")
    if stream.peek() != "":
        raise _Bad(_("invalid JSON: more after the end of the object"), stream.line)
    return root


# -- CSV ----------------------------------------------------------------------------------------


def _cell(kind: str, text: str, name: str, line: int) -> Any:
    """One CSV cell as the value its field's type wants (what cannot be converted stays text)."""
    if kind == "str":
        return text
    if kind in ("int", "number"):
        if _INT_RE.match(text):
            return int(text)
        if kind == "number" and _FLOAT_RE.match(text):
            return float(text)
        return text
    if kind == "bool":
        return {"true": True, "false": False, "yes": True, "no": False}.get(text.strip().lower(), text)
    if kind == "quote" or kind.startswith(("list[", "map[")):
        stripped = text.strip()
        if stripped[:1] in ("[", "{"):
            try:
                # strict=False: a control character in a string may be the character itself, as
                # the CSV reader gives back what the writer escaped (\u0007 as written by another tool)
                return _located(json.loads(stripped, strict=False), line)
            except RecursionError:
                raise _too_deep(line) from None
            except ValueError as err:
                cell = _("field {field}: the cell is not valid JSON ({reason})").format(
                    field=repr(name), reason=_reason(err)
                )
                raise _Bad(cell, line) from None
        if not kind.startswith("list["):
            return text
        items = [part.strip() for part in text.split(";") if part.strip()]
        inner = kind[5:-1]
        values = LList(_cell(inner, item, name, line) for item in items)
        values.line, values.lines = line, [line] * len(values)
        return values
    return text


def read_csv(path: str, on_item: Any, display: str | None = None, progress: Any = None) -> tuple[Any, list[Problem]]:
    from .render.csvfmt import uncell

    shown = display or path
    handle, problems = _open_text(path, shown)
    if handle is None:
        return None, problems
    stem = os.path.splitext(os.path.basename(path))[0].lower()
    collection = stem if stem in SCHEMA and stem != "meta" else "examples"
    kinds = {spec.name: spec.type for spec in SCHEMA[collection]}
    root = LMap()
    root.line = 1
    root.lines = {collection: 1}
    placeholder = LList()
    placeholder.line, placeholder.lines = 1, []
    root[collection] = placeholder
    try:
        with handle:
            reader = csv.reader(handle, strict=True)
            header: list[str] | None = None
            line = 1
            for row in reader:
                start, line = line, reader.line_num + 1
                row = [uncell(text) for text in row]  # what the CSV writer escaped and neutralised
                if header is None:
                    header = [name.strip() for name in row]
                    if not any(header):
                        problems.append(Problem(shown, start, "", _("the first row must name the fields")))
                        return None, problems
                    continue
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) != len(header):
                    problems.append(
                        Problem(
                            shown,
                            start,
                            "",
                            ngettext(
                                "row has {n} cell, the header names {m}",
                                "row has {n} cells, the header names {m}",
                                len(row),
                            ).format(n=len(row), m=len(header)),
                        )
                    )
                    continue
                rec = LMap()
                rec.line = start
                rec.lines = {}
                try:
                    for name, text in zip(header, row, strict=True):
                        if not name or text == "" or text == "{}":
                            continue
                        rec[name] = _cell(kinds.get(name, "str"), text, name, start)
                        rec.lines[name] = start
                except _Bad as bad:
                    label = row[header.index("id")] if "id" in header else ""
                    problems.append(Problem(shown, start, label, bad.message))
                    continue
                if collection == "countries" and "id" in rec and rec["id"] == vocab.record_key(collection, rec):
                    del rec["id"], rec.lines["id"]
                on_item(collection, rec, start)
                if progress is not None and reader.line_num % 20_000 == 0:
                    progress(min(1.0, handle.buffer.tell() / max(1, os.path.getsize(path))))
            if header is None:
                problems.append(Problem(shown, 0, "", _("file is empty")))
    except csv.Error as err:
        problems.append(Problem(shown, reader.line_num, "", _("invalid CSV: {reason}").format(reason=err)))
    except UnicodeDecodeError:
        problems.append(_not_utf8(path, shown))
    return root, problems
