"""JSON and JSON Lines: the data contract's field names, identical whatever the terminal.

Every record is written by the C encoder on one line: a listing is a JSON array with one record
per line; an object (``show``, ``country`` ...) is indented, and a list of records inside it again
has one record per line. So a large answer costs little, and is written out piece by piece
(:func:`iter_json`) rather than built as one string.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator
from typing import Any

from . import Listing, Records, View

_NONE = object()

_ENCODERS: dict[bool, json.JSONEncoder] = {}


def _encoder(ascii_only: bool) -> json.JSONEncoder:
    found = _ENCODERS.get(ascii_only)
    if found is None:
        found = _ENCODERS[ascii_only] = json.JSONEncoder(ensure_ascii=ascii_only)
    return found


def _records(items: Iterable[Any], level: int, encode: Any) -> Iterator[str]:
    pad = "  " * (level + 1)
    for i, item in enumerate(items):
        yield ("\n" if i == 0 else ",\n") + pad + encode(item)
    yield "\n" + "  " * level + "]"


def _texts(source: Listing | Records, encode: Any, ascii_only: bool) -> tuple[Iterator[Any], Any]:
    """(the records, how to write one): their JSON texts as they are when the source has them (and
    the output may hold any character), else the records, encoded."""
    if source.encoded is not None and not ascii_only:
        return iter(source.encoded()), _same
    return iter(source.records() if isinstance(source, Listing) else source), encode


def _same(text: str) -> str:
    return text


def _array(source: Listing | Records, level: int, encode: Any, ascii_only: bool) -> Iterator[str]:
    """A listing's or a Records' records as a JSON array, one record a line, streamed."""
    records, write = _texts(source, encode, ascii_only)
    first = next(records, _NONE)
    if first is _NONE:
        yield "[]"
        return
    yield "["
    yield from _records(itertools.chain((first,), records), level, write)


def _value(value: Any, level: int, encode: Any, ascii_only: bool) -> Iterator[str]:
    """Chunks of one value: mappings and lists of scalars indented, each record on one line."""
    if isinstance(value, Records):
        yield from _array(value, level, encode, ascii_only)
        return
    if isinstance(value, dict) and value:
        pad = "  " * (level + 1)
        yield "{"
        for i, (key, item) in enumerate(value.items()):
            yield ("\n" if i == 0 else ",\n") + pad + encode(str(key)) + ": "
            yield from _value(item, level + 1, encode, ascii_only)
        yield "\n" + "  " * level + "}"
    elif isinstance(value, list) and value:
        yield "["
        if all(isinstance(item, dict) for item in value):
            yield from _records(value, level, encode)
            return
        pad = "  " * (level + 1)
        for i, item in enumerate(value):
            yield "\n" if i == 0 else ",\n"
            yield pad
            yield from _value(item, level + 1, encode, ascii_only)
        yield "\n" + "  " * level + "]"
    else:
        yield encode(value)


def iter_json(view: View, ascii_only: bool = False) -> Iterator[str]:
    """The JSON text of a view, in pieces."""
    encode = _encoder(ascii_only).encode
    if isinstance(view, Listing):
        yield from _array(view, 0, encode, ascii_only)
        yield "\n"
        return
    data = view.streamed()
    if isinstance(data, list):
        if not data:
            yield "[]\n"
            return
        yield "["
        yield from _records(data, 0, encode)
        yield "\n"
        return
    yield from _value(data, 0, encode, ascii_only)
    yield "\n"


def iter_jsonl(view: View, ascii_only: bool = False) -> Iterator[str]:
    """The JSON Lines text of a view, one record a line."""
    encode = _encoder(ascii_only).encode
    if isinstance(view, Listing):
        texts, write = _texts(view, encode, ascii_only)
        for item in texts:
            yield write(item) + "\n"
        return
    items = view.data if isinstance(view.data, list) else [view.data]
    for item in items:
        yield encode(item) + "\n"


def render_json(view: View, ascii_only: bool = False) -> str:
    return "".join(iter_json(view, ascii_only))


def render_jsonl(view: View, ascii_only: bool = False) -> str:
    return "".join(iter_jsonl(view, ascii_only))
