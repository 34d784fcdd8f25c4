"""Read YAML safely into plain values that remember their line numbers.

The file is read as a stream of parser events (libyaml's C parser when available), so
no Python object is ever constructed from a tag, aliases cannot expand ("billion
laughs"), nesting depth is bounded, duplicate keys are caught, and the YAML 1.1
surprises (``NO`` read as false, ``1:30`` read as 90, dates turned into objects)
are reported instead of silently accepted.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from typing import Any

import yaml

from .errors import Problem
from .i18n import N_, _

try:  # the C parser is 5 to 10 times faster; fall back to pure Python where it is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

# Files are read in chunks, record by record, so their size costs time, not memory; the limit only
# stops a runaway file (a log, a disk image) named by mistake.
MAX_BYTES = 16 * 1024 * 1024 * 1024
MAX_DEPTH = 64

_STR = "tag:yaml.org,2002:str"
_INT_RE = re.compile(r"[-+]?(0|[1-9][0-9]*)\Z")
_FLOAT_RE = re.compile(r"[-+]?([0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)([eE][-+]?[0-9]+)?\Z")
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}


class LMap(dict):  # type: ignore[type-arg]
    """A mapping that knows the line it starts on and the line of each key."""

    __slots__ = ("line", "lines")
    line: int
    lines: Any  # dict[str, int], or any mapping giving a key's line


class LList(list):  # type: ignore[type-arg]
    """A sequence that knows the line it starts on and the line of each item."""

    __slots__ = ("line", "lines")
    line: int
    lines: list[int]


@dataclass(frozen=True)
class Odd:
    """A plain scalar that YAML would read as something surprising."""

    raw: str
    kind: str  # "boolean", "number", "date", "value"

    def explain(self) -> str:
        return _(_ODD.get(self.kind, _ODD["value"])).format(raw=repr(self.raw))


# What a value YAML reads as something else than text is, by kind (each language has its own grammar)
_ODD = {
    "boolean": N_("{raw} is read by YAML as a boolean; put it in quotes if it is text"),
    "number": N_("{raw} is read by YAML as a number; put it in quotes if it is text"),
    "date": N_("{raw} is read by YAML as a date; put it in quotes if it is text"),
    "number too large to store": N_(
        "{raw} is read by YAML as a number too large to store; put it in quotes if it is text"
    ),
    "value": N_("{raw} is read by YAML as a value; put it in quotes if it is text"),
}


# Plain scalars starting with a letter are text unless they are one of YAML 1.1's booleans or nulls
# (or a float's .inf/.nan, which start with a dot): checked here without the resolver's regexes.
_WORDS = frozenset(
    "yes Yes YES no No NO true True TRUE false False FALSE on On ON off Off OFF null Null NULL".split()  # noqa: SIM905
)
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _scalar(loader: Any, event: Any) -> Any:
    tag = event.tag
    value = event.value
    if tag is None and (not event.implicit[0] or (value and value[0] in _LETTERS and value not in _WORDS)):
        return value  # quoted, or plain text that cannot be anything else
    if tag in (None, "!"):
        tag = loader.resolve(yaml.ScalarNode, value, event.implicit)
    if tag == _STR:
        return value
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:bool":
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        return Odd(value, "boolean")
    if tag == "tag:yaml.org,2002:int":
        if len(value) > 40:  # int() refuses past 4300 digits; nothing past 19 can be stored
            return Odd(f"{value[:12]}...{value[-4:]}", "number too large to store")
        return int(value) if _INT_RE.match(value) else Odd(value, "number")
    if tag == "tag:yaml.org,2002:float":
        return float(value) if _FLOAT_RE.match(value) else Odd(value, "number")
    if tag == "tag:yaml.org,2002:timestamp":
        return Odd(value, "date")
    raise _Stop(_tag_not_allowed().format(tag=repr(tag)), event.start_mark.line + 1)


def _tag_not_allowed() -> str:
    return _("the YAML tag {tag} is not allowed (only plain data is read)")


class _Stop(Exception):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def parse_text(text: str, filename: str, progress: Any = None) -> tuple[Any, list[Problem]]:
    """Parse one YAML document into LMap/LList/scalars; return (value, problems).

    ``progress``, if given, is called now and then with the fraction of the text read.
    """
    return _parse(text, filename, None, progress, len(text))


# YAML's fixed reasons (LibYAML's, and the pure-Python loader's that name no character), said in the
# interface language; a reason not listed here is shown as the loader gives it (and one with a
# brace, which tests/test_catalogues.py would read as a placeholder)
YAML_REASONS = frozenset(
    (
        N_("mapping values are not allowed in this context"),
        N_("mapping values are not allowed here"),
        N_("block sequence entries are not allowed in this context"),
        N_("did not find expected ',' or ']'"),
        N_("did not find expected '-' indicator"),
        N_("did not find expected key"),
        N_("did not find expected node content"),
        N_("did not find expected alphabetic or numeric character"),
        N_("could not find expected ':'"),
        N_("found character that cannot start any token"),
        N_("found unexpected end of stream"),
        N_("found unexpected document indicator"),
        N_("found unknown escape character"),
        N_("found undefined tag handle"),
        N_("found a tab character where an indentation space is expected"),
        N_("found a tab character that violates indentation"),
    )
)


def _parse(stream: Any, filename: str, on_item: Any, progress: Any, size: int) -> tuple[Any, list[Problem]]:
    problems: list[Problem] = []
    loader = _Loader(stream)
    try:
        return _compose(loader, filename, problems, progress, size, on_item), problems
    except _Stop as stop:
        problems.append(Problem(filename, stop.line, "", stop.message))
    except yaml.reader.ReaderError as err:
        problems.append(Problem(filename, _reader_line(stream, err), "", _("file is not valid UTF-8 text")))
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark is not None else 0
        what = (err.problem or err.context or "invalid YAML").strip()
        what = _(what) if what in YAML_REASONS else what
        problems.append(Problem(filename, line, "", _("invalid YAML: {reason}").format(reason=what)))
    except yaml.YAMLError as err:
        problems.append(Problem(filename, 0, "", _("invalid YAML: {reason}").format(reason=str(err).splitlines()[0])))
    finally:
        loader.dispose()
    return None, problems


def _reader_line(stream: Any, err: Any) -> int:
    """The line of the byte libyaml could not decode (the file is read again, only on this error)."""
    position = getattr(err, "position", 0) or 0
    if isinstance(stream, str):
        return stream.count("\n", 0, position) + 1
    try:
        return line_of_byte(stream, position)
    except (OSError, ValueError):
        return 0


_SCALAR, _MAP, _SEQ, _END, _ALIAS, _DOC, _STREAM_END, _OTHER = range(8)
_KINDS = {
    yaml.ScalarEvent: _SCALAR,
    yaml.MappingStartEvent: _MAP,
    yaml.SequenceStartEvent: _SEQ,
    yaml.MappingEndEvent: _END,
    yaml.SequenceEndEvent: _END,
    yaml.AliasEvent: _ALIAS,
    yaml.DocumentStartEvent: _DOC,
    yaml.StreamEndEvent: _STREAM_END,
}
_intern = sys.intern


def _compose(
    loader: Any, filename: str, problems: list[Problem], progress: Any = None, size: int = 1, on_item: Any = None
) -> Any:
    """Build the value from parser events with an explicit stack (no recursion).

    With ``on_item``, each item of a top-level list (a collection's records) is handed to
    ``on_item(collection, item, line)`` as soon as it is complete instead of being kept, so a
    file of any size is read in the memory of one record.
    """
    stack: list[Any] = []  # containers being filled
    pending_key: list[Any] = []  # for mappings: the key waiting for its value, or a sentinel
    root: Any = None
    documents = 0
    _none = object()
    get_event = loader.get_event
    kinds = _KINDS

    def add(value: Any, line: int) -> None:
        nonlocal root
        if not stack:
            root = value
            return
        top = stack[-1]
        if type(top) is LList:
            if on_item is not None and len(stack) == 2 and type(stack[0]) is LMap:
                key = pending_key[0]
                if type(key) is str:
                    on_item(key, value, line)
                return
            top.append(value)
            top.lines.append(line)
            return
        key = pending_key[-1]
        if key is _none:
            if type(value) is not str:
                if isinstance(value, (LMap, LList)):
                    raise _Stop(_("a mapping key must be plain text"), line)
                shown = value.raw if isinstance(value, Odd) else value
                raise _Stop(_("the key {key} must be text (put it in quotes)").format(key=repr(shown)), line)
            if value in top:
                problems.append(
                    Problem(
                        filename,
                        line,
                        "",
                        _("duplicate key {key} (first at line {line})").format(key=repr(value), line=top.lines[value]),
                    )
                )
                pending_key[-1] = ("dup", value)
            else:
                value = _intern(value)
                pending_key[-1] = value
                top.lines[value] = line
            return
        if type(key) is str:
            top[key] = value
        pending_key[-1] = _none

    count = 0
    while True:
        event = get_event()
        kind = kinds.get(type(event), _OTHER)
        if kind == _SCALAR:
            add(_scalar(loader, event), event.start_mark.line + 1)
            continue
        count += 1
        line = event.start_mark.line + 1 if event.start_mark is not None else 0
        if progress is not None and count % 20_000 == 0 and event.start_mark is not None:
            progress(min(1.0, event.start_mark.index / max(1, size)))
        if kind in (_MAP, _SEQ):
            if event.tag not in (None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"):
                raise _Stop(_tag_not_allowed().format(tag=repr(event.tag)), line)
            if len(stack) >= MAX_DEPTH:
                raise _Stop(_("nested more than {n} levels deep").format(n=MAX_DEPTH), line)
            container: Any
            if kind == _MAP:
                container = LMap()
                container.lines = {}
                pending_key.append(_none)
            else:
                container = LList()
                container.lines = []
                pending_key.append(None)
            container.line = line
            stack.append(container)
        elif kind == _END:
            done = stack.pop()
            pending_key.pop()
            add(done, done.line)
        elif kind == _ALIAS:
            raise _Stop(_("YAML aliases (*name) are not allowed in a dataset; write the value out"), line)
        elif kind == _DOC:
            documents += 1
            if documents > 1:
                raise _Stop(_("a dataset file holds one YAML document; found a second '---'"), line)
        elif kind == _STREAM_END:
            return root


def check_size(path: str, shown: str) -> Problem | None:
    """A problem when a file cannot be read or is over the size limit."""
    try:
        size = os.stat(path).st_size
    except OSError as err:
        return Problem(shown, 0, "", _("cannot read file: {reason}").format(reason=err.strerror or err))
    if size > MAX_BYTES:
        limit = _("file is larger than the {n} MiB limit").format(n=MAX_BYTES // (1024 * 1024))
        return Problem(shown, 0, "", limit)
    return None


def line_of_byte(handle: Any, position: int) -> int:
    """The line holding a byte offset of a binary file, counted in chunks (the file is read again)."""
    handle.seek(0)
    line, done = 1, 0
    while done < position:
        chunk = handle.read(min(1 << 20, position - done))
        if not chunk:
            break
        line += chunk.count(b"\n")
        done += len(chunk)
    return line


def read_stream(path: str, on_item: Any, display: str | None = None, progress: Any = None) -> tuple[Any, list[Problem]]:
    """Read one YAML file once, in chunks, handing each record of a top-level list to ``on_item``.

    Returns (the top-level value without those records, problems): unreadable, oversized,
    empty or non-UTF-8 files are problems too.
    """
    shown = display or path
    problem = check_size(path, shown)
    if problem is not None:
        return None, [problem]
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as err:
        return None, [Problem(shown, 0, "", _("cannot read file: {reason}").format(reason=err.strerror or err))]
    with handle:
        size = os.fstat(handle.fileno()).st_size
        if size == 0:
            return None, [Problem(shown, 0, "", _("file is empty"))]
        root, problems = _parse(handle, shown, on_item, progress, size)
    if root is None and not problems:
        problems.append(Problem(shown, 0, "", _("file is empty")))
    return root, problems


def read_file(path: str, display: str | None = None, progress: Any = None) -> tuple[Any, list[Problem]]:
    """Read and parse one YAML file whole, reporting unreadable, oversized or non-UTF-8 files as problems."""
    return read_stream(path, None, display, progress)


def dump(data: Any, *, ascii_only: bool = False) -> str:
    """Data as YAML text (keys in their order, Unicode kept, or written as escapes with
    ``ascii_only``: the same data): PyYAML's one home is this module."""
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return str(yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=not ascii_only, width=100))
