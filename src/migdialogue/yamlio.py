"""Read YAML safely into plain values that remember their line numbers.

The file is read as a stream of parser events (libyaml's C parser when available), so
no Python object is ever constructed from a tag, aliases cannot expand ("billion
laughs"), nesting depth is bounded, duplicate keys are caught, and the YAML 1.1
surprises (``NO`` read as false, ``1:30`` read as 90, dates turned into objects)
are reported instead of silently accepted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from .errors import Problem

try:  # the C parser is 5 to 10 times faster; fall back to pure Python where it is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 256 * 1024 * 1024
MAX_DEPTH = 64

_STR = "tag:yaml.org,2002:str"
_INT_RE = re.compile(r"[-+]?(0|[1-9][0-9]*)\Z")
_FLOAT_RE = re.compile(r"[-+]?([0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)([eE][-+]?[0-9]+)?\Z")
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}


class LMap(dict):  # type: ignore[type-arg]
    """A mapping that knows the line it starts on and the line of each key."""

    line: int
    lines: dict[str, int]


class LList(list):  # type: ignore[type-arg]
    """A sequence that knows the line it starts on and the line of each item."""

    line: int
    lines: list[int]


@dataclass(frozen=True)
class Odd:
    """A plain scalar that YAML would read as something surprising."""

    raw: str
    kind: str  # "boolean", "number", "date", "value"

    def explain(self) -> str:
        return f"{self.raw!r} is read by YAML as a {self.kind}; put it in quotes if it is text"


def _scalar(loader: Any, event: Any) -> Any:
    tag = event.tag
    value = event.value
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
        return int(value) if _INT_RE.match(value) else Odd(value, "number")
    if tag == "tag:yaml.org,2002:float":
        return float(value) if _FLOAT_RE.match(value) else Odd(value, "number")
    if tag == "tag:yaml.org,2002:timestamp":
        return Odd(value, "date")
    raise _Stop(f"the YAML tag {tag!r} is not allowed (only plain data is read)", event.start_mark.line + 1)


class _Stop(Exception):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def parse_text(text: str, filename: str, progress: Any = None) -> tuple[Any, list[Problem]]:
    """Parse one YAML document into LMap/LList/scalars; return (value, problems).

    ``progress``, if given, is called now and then with the fraction of the text read.
    """
    problems: list[Problem] = []
    loader = _Loader(text)
    try:
        return _compose(loader, filename, problems, progress, len(text)), problems
    except _Stop as stop:
        problems.append(Problem(filename, stop.line, "", stop.message))
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark is not None else 0
        what = (err.problem or err.context or "invalid YAML").strip()
        problems.append(Problem(filename, line, "", f"invalid YAML: {what}"))
    except yaml.YAMLError as err:
        problems.append(Problem(filename, 0, "", f"invalid YAML: {str(err).splitlines()[0]}"))
    finally:
        loader.dispose()
    return None, problems


def _compose(loader: Any, filename: str, problems: list[Problem], progress: Any = None, size: int = 1) -> Any:
    """Build the value from parser events with an explicit stack (no recursion)."""
    stack: list[Any] = []  # containers being filled
    pending_key: list[Any] = []  # for mappings: the key waiting for its value, or a sentinel
    root: Any = None
    documents = 0
    _none = object()

    def add(value: Any, line: int) -> None:
        nonlocal root
        if not stack:
            root = value
            return
        top = stack[-1]
        if isinstance(top, LList):
            top.append(value)
            top.lines.append(line)
            return
        key = pending_key[-1]
        if key is _none:
            if isinstance(value, (LMap, LList)) or not isinstance(value, str):
                shown = value.raw if isinstance(value, Odd) else value
                if isinstance(value, (LMap, LList)):
                    raise _Stop("a mapping key must be plain text", line)
                raise _Stop(f"the key {shown!r} must be text (put it in quotes)", line)
            if value in top:
                problems.append(
                    Problem(filename, line, "", f"duplicate key {value!r} (first at line {top.lines[value]})")
                )
                pending_key[-1] = ("dup", value)
            else:
                pending_key[-1] = value
                top.lines[value] = line
            return
        if not (isinstance(key, tuple) and key[0] == "dup"):
            top[key] = value
        pending_key[-1] = _none

    count = 0
    while True:
        event = loader.get_event()
        count += 1
        if progress is not None and count % 50_000 == 0 and event.start_mark is not None:
            progress(min(1.0, event.start_mark.index / max(1, size)))
        name = type(event).__name__
        line = event.start_mark.line + 1 if event.start_mark is not None else 0
        if name == "ScalarEvent":
            add(_scalar(loader, event), line)
        elif name in ("MappingStartEvent", "SequenceStartEvent"):
            if event.tag not in (None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"):
                raise _Stop(f"the YAML tag {event.tag!r} is not allowed (only plain data is read)", line)
            if len(stack) >= MAX_DEPTH:
                raise _Stop(f"nested more than {MAX_DEPTH} levels deep", line)
            container: Any
            if name == "MappingStartEvent":
                container = LMap()
                container.lines = {}
                pending_key.append(_none)
            else:
                container = LList()
                container.lines = []
                pending_key.append(None)
            container.line = line
            stack.append(container)
        elif name in ("MappingEndEvent", "SequenceEndEvent"):
            done = stack.pop()
            pending_key.pop()
            add(done, done.line)
        elif name == "AliasEvent":
            raise _Stop("YAML aliases (*name) are not allowed in a dataset; write the value out", line)
        elif name == "DocumentStartEvent":
            documents += 1
            if documents > 1:
                raise _Stop("a dataset file holds one YAML document; found a second '---'", line)
        elif name == "StreamEndEvent":
            return root


def read_file(path: str, display: str | None = None, progress: Any = None) -> tuple[Any, list[Problem]]:
    """Read and parse one YAML file, reporting unreadable, oversized or non-UTF-8 files as problems."""
    shown = display or path
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as err:
        return None, [Problem(shown, 0, "", f"cannot read file: {err.strerror or err}")]
    if len(data) > MAX_BYTES:
        return None, [Problem(shown, 0, "", f"file is larger than the {MAX_BYTES // (1024 * 1024)} MiB limit")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        return None, [Problem(shown, line, "", "file is not valid UTF-8 text")]
    if not text.strip():
        return None, [Problem(shown, 0, "", "file is empty")]
    return parse_text(text, shown, progress)
