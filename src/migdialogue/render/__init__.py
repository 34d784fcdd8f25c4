"""Output formats. Renderers turn a view into text (or a Rich renderable for tables); they never print.

A command builds one of two views:
- :class:`Listing`: a list of records (``list``, ``search``, ``countries`` ...);
- :class:`Document`: one object (``show``, ``country``, ``about`` ...), made of blocks.
``data`` is what JSON, JSON Lines and YAML print; the columns and blocks are what the
table, CSV and Markdown formats show.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ..i18n import labelled, semicolons

FORMATS = ("table", "json", "jsonl", "csv", "yaml", "markdown")


class Listing:
    """Records in a table: ``columns`` are (key, header) pairs read from each row of ``rows``."""

    def __init__(
        self,
        data: list[Any] | Callable[[], Iterable[Any]],
        columns: list[tuple[str, str]],
        rows: list[dict[str, Any]] | Callable[[], list[dict[str, Any]]] | None = None,
        title: str = "",
        empty_notice: str = "no matching records",
        fields: list[str] | None = None,
        caption: str = "",
        encoded: Callable[[], Iterable[str]] | None = None,
    ) -> None:
        self._data, self.columns, self.rows, self.title, self.empty_notice = data, columns, rows, title, empty_notice
        self.fields = fields  # the data's keys, for a CSV header when there is no row
        self.caption = caption
        self.encoded = encoded  # the records' JSON texts (Unicode unescaped), when they are at hand

    @property
    def data(self) -> list[Any]:
        """The records (made on first use when given as a function)."""
        if callable(self._data):
            self._data = list(self._data())
        return self._data

    def records(self) -> Iterable[Any]:
        """The records one by one: streamed, never all held, when given as a function (JSON output)."""
        return self._data() if callable(self._data) else self._data

    def table_rows(self) -> list[dict[str, Any]]:
        """The rows to show (built on first use: JSON output never needs them)."""
        if callable(self.rows):
            self.rows = self.rows()
        return self.rows if self.rows is not None else self.data


class Fields:
    """Label/value pairs."""

    def __init__(self, pairs: list[tuple[str, Any]]) -> None:
        self.pairs = pairs


class Section:
    """A heading with lines of text, or with a listing."""

    def __init__(self, heading: str, lines: list[str] | None = None, listing: Listing | None = None) -> None:
        self.heading, self.lines, self.listing = heading, lines or [], listing


class Records:
    """Records made on demand (a function returning them) inside a Document's data: JSON streams
    them, never holding them all; everything else reads them as a list (``Document.data``)."""

    def __init__(self, make: Callable[[], Iterable[Any]], encoded: Callable[[], Iterable[str]] | None = None) -> None:
        self.make, self.encoded = make, encoded

    def __iter__(self) -> Any:
        return iter(self.make())


class Document:
    """One object: a title, then blocks. ``data`` may hold Records as values of its mapping."""

    def __init__(self, data: Any, title: str, blocks: list[Fields | Section] | None = None) -> None:
        self._data, self.title, self.blocks = data, title, blocks or []

    @property
    def data(self) -> Any:
        """The data, each Records of it made into a list (on first use)."""
        if isinstance(self._data, dict) and any(isinstance(v, Records) for v in self._data.values()):
            self._data = {k: list(v) if isinstance(v, Records) else v for k, v in self._data.items()}
        return self._data

    def streamed(self) -> Any:
        """The data as given: Records still to be made, for a renderer that streams them."""
        return self._data


View = Listing | Document


# C0 controls, DEL, C1 controls (ESC, BEL, CR, CSI ... drive a terminal) and the bidirectional
# embeddings, overrides and isolates (they reorder what is shown, so text can hide other text)
_UNSAFE = (*range(0x20), 0x7F, *range(0x80, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A))
_SHOWN = {c: (f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}") for c in _UNSAFE}
_SHOWN_KEEPING_LINES = {c: shown for c, shown in _SHOWN.items() if c not in (0x09, 0x0A)}


def clean(text: str, *, one_line: bool = False) -> str:
    """Any user or dataset text made safe for a terminal: the one function every printed text goes
    through (tables, CSV, Markdown, errors, notices, validate's report).

    Control characters and bidirectional overrides are shown as escapes (``\\x1b``, ``\\u202e``)
    instead of being acted on, so nothing can move the cursor, retitle the window or hide text.
    Tabs and newlines are kept, unless ``one_line`` (a diagnostic is always one line).
    """
    return text.translate(_SHOWN if one_line else _SHOWN_KEEPING_LINES)


def cell(value: Any) -> str:
    """A value as one line of text: lists joined with '; ', nothing for None."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}" if abs(value) >= 10000 else str(int(value))
    if isinstance(value, (list, tuple)):
        return semicolons(cell(v) for v in value)  # '; ' (French: a no-break space before it)
    if isinstance(value, dict):
        if set(value) == {"text", "by"}:
            return f"\u201c{value['text']}\u201d ({value['by']})"
        return semicolons(labelled(k, cell(v)) for k, v in value.items())
    return clean(str(value))
