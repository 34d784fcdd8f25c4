"""The terminal format: tables and documents fitted to a window. Dataset text goes in as Text
objects, never as markup.

``width`` is the window's width in columns, or ``None`` (piped, no ``COLUMNS``): then tables are
as wide as they need and prose is not wrapped, so that every record stays on lines grep can find.

Fitting a table to a window:
- ids (and short codes and counts) are never folded or cut: their column is as wide as the
  longest of them;
- other columns wrap at spaces, never narrower than their longest word, so no letter is lost;
- spare width goes to titles first, then to the other columns;
- when that cannot fit, or below :data:`BLOCKS_BELOW` columns, each record is a block: its id on
  a line, then its fields, labelled, one under the other.

Every line is stripped of trailing spaces. An id longer than the whole window is still printed
whole, on a line of its own (the terminal then wraps it; copying it keeps it whole).

The layout is made of :class:`~.plain.Line` and :class:`~.plain.Grid` parts. Without colour they
are written by ``plain.py`` (the same bytes as Rich, without importing it); in colour, or for text
``plain.py`` cannot measure (wide characters, tabs), by Rich, imported only then.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from . import Document, Fields, Listing, Section, View, cell, clean
from .plain import HELD, Grid, Line, Unsupported, one_cell_each, render_plain

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

BLOCKS_BELOW = 70  # columns: narrower windows show one record per block
MIN_WIDTH = 20  # a smaller window is treated as this wide

# Columns shown whole on one line (ids, codes, numbers): never wrapped, folded or cut.
WHOLE = {"id", "number", "score", "count", "example_count", "country_count", "iso2", "iso3", "year", "value"}
# Columns that get the spare width first.
TITLES = {"title", "name", "label", "citation", "events"}
TITLE_MIN = 28  # a title column is at least this wide, when the window has room for it
TITLE_SQUEEZED = 20  # ... else at least this: a title column narrower makes the table a list of blocks
OTHER_TARGET = 24  # other wrapped columns grow to this before titles take the rest

_ID = re.compile(r"[\[(]?[a-z0-9]+(?:[-.][a-z0-9]+)+[\])]?[:;,.]?")
# A no-break space (French typography: "75 %", "titre : ...", "a ; b") holds its words together: text is
# wrapped at the other spaces only, and in a table's cells, title and caption it is held as a private-use
# character while Rich or plain.py lays the table out (both break lines at any \s), then written back.
NBSP = "\u00a0"
_SPACES = re.compile(r"[ \t\n\r\f\v]+")


def _words(text: str) -> list[str]:
    """The words of ``text``, split at spaces but never at a no-break space."""
    return [word for word in _SPACES.split(text) if word]


def _held(text: str) -> str:
    return text.replace(NBSP, HELD)


def cell_len(text: str) -> int:
    """The width of ``text`` in terminal cells (Rich's measure, needed only beyond one-cell text)."""
    if one_cell_each(text):
        return len(text)
    from rich.cells import cell_len as measure

    return measure(text)


def wrap(text: str, width: int | None, indent: int = 0, hang: int = 0) -> list[str]:
    """Text wrapped at spaces to ``width`` columns (``None``: one line), each line indented
    (``hang``: the lines after the first of a paragraph by that much more).

    A word longer than the line is kept whole if it looks like an id (a-z, digits and hyphens) and
    fits the window, an id wider than the window is broken after a hyphen, any other word folded;
    no letter is ever dropped.
    """
    lines: list[str] = []
    for paragraph in clean(text).split("\n"):
        words = _words(paragraph)
        if width is None:
            lines.append(" " * indent + " ".join(words))
            continue
        out: list[str] = []

        def room() -> int:
            return max(width - indent - (hang if out else 0), 1)  # noqa: B023 - called in this loop only

        line = ""
        for word in words:
            if line and cell_len(line) + 1 + cell_len(word) <= room():
                line += " " + word
                continue
            if line:
                out.append(line)
            while cell_len(word) > room() and (not _ID.fullmatch(word) or cell_len(word) > width):
                head = _fold(word, room())
                if _ID.fullmatch(word):  # an id wider than the window: broken after a hyphen, where it can be
                    cut = word.rfind("-", 0, room())
                    head = word[: cut + 1] if cut > 0 else head
                out.append(head)
                word = word[len(head) :]
            line = word
        out.append(line)
        for n, part in enumerate(out):
            pad = indent + (hang if n else 0)
            if pad + cell_len(part) > width:  # an id too long for its indent: as far right as it fits
                pad = max(0, width - cell_len(part))
            lines.append(" " * pad + part)
    return lines


def _too_long(value: str, room: int) -> bool:
    """Whether a value holds an id longer than ``room`` (then it goes under its label, not beside)."""
    return any(cell_len(word) > room and _ID.fullmatch(word) for word in _words(value))


def _fold(word: str, room: int) -> str:
    out = ""
    for ch in word:
        if cell_len(out + ch) > room:
            break
        out += ch
    return out or word[:1]


def _longest_word(text: str) -> int:
    return max((cell_len(w) for w in _words(text)), default=0)


def _widest_line(text: str) -> int:
    return max((cell_len(" ".join(_words(line))) for line in text.split("\n")), default=0)


class _Column:
    def __init__(self, key: str, header: str, cells: list[str]) -> None:
        self.key, self.header, self.cells = key, header, cells
        texts = [header, *cells]
        self.natural = max(_widest_line(t) for t in texts)
        self.whole = key in WHOLE
        self.title = key in TITLES
        if self.whole:
            self.least = self.natural
        elif key == "bar":
            self.least = min(self.natural, 5)
        else:
            self.least = max(_longest_word(t) for t in texts)
            if self.title:
                self.least = max(self.least, min(self.natural, TITLE_MIN))
        self.width = self.least


def _plan(columns: list[_Column], width: int | None) -> bool:
    """Set each column's width for the window; False when the table cannot fit (blocks instead)."""
    if width is None:
        for col in columns:
            col.width = col.natural
        return True
    if width < BLOCKS_BELOW:
        return False
    budget = width - (3 * len(columns) + 1)  # borders and a space either side of every cell
    if sum(col.least for col in columns) > budget:
        # a title narrower than it likes (TITLE_MIN) rather than a list of blocks: the examples of
        # `list` and of `search` (one column more) then take the same layout at the same width
        for col in columns:
            if col.title:
                col.least = col.width = max(
                    max(map(_longest_word, col.cells), default=0), min(col.natural, TITLE_SQUEEZED)
                )
        if sum(col.least for col in columns) > budget:
            return False
    spare = budget - sum(col.width for col in columns)

    def grow(cols: list[_Column], target: Any) -> None:
        nonlocal spare
        for col in cols:
            extra = min(max(target(col) - col.width, 0), spare)
            col.width += extra
            spare -= extra

    wrapped = [c for c in columns if not c.whole]
    others = [c for c in wrapped if not c.title and c.key != "bar"]
    grow(others, lambda c: min(c.natural, OTHER_TARGET))
    grow([c for c in wrapped if c.title], lambda c: c.natural)
    grow(others, lambda c: c.natural)
    grow([c for c in wrapped if c.key == "bar"], lambda c: c.natural)
    return True


def _cells(listing: Listing) -> tuple[list[dict[str, Any]], list[_Column]]:
    rows = listing.table_rows()
    columns = [_Column(key, header, [cell(row.get(key)) for row in rows]) for key, header in listing.columns]
    return rows, columns


def _bar(text: str, width: int, longest: int) -> str:
    if not text or longest <= width:
        return text
    return text[0] * max(1, round(len(text) * width / longest))


def _table(listing: Listing, columns: list[_Column], title: str) -> Grid:
    rows = []
    for i in range(len(listing.table_rows())):
        values = []
        for col in columns:
            text = col.cells[i]
            if col.key == "bar":
                text = _bar(text, col.width, col.natural)
            values.append(_held(text))
        rows.append(values)
    return Grid(
        [(_held(c.header), c.width, c.whole) for c in columns], rows, _held(clean(title)), _held(clean(listing.caption))
    )


def _blocks(listing: Listing, columns: list[_Column], title: str, width: int) -> Iterator[Line]:
    """One record per block: the id (or the first column) on a line, then labelled fields."""
    if title:
        yield from (Line(line, style="bold") for line in wrap(title, width))
        yield Line("")
    head = next((c for c in columns if c.key == "id"), columns[0])
    fields = [c for c in columns if c is not head and c.header and c.key != "bar"]
    label = max((cell_len(c.header) for c in fields), default=0)
    bare = len(fields) == 1 and fields[0].title  # one text (a footnote's citation): no label needed
    for i in range(len(listing.table_rows())):
        if i:
            yield Line("")
        yield from (Line(line, style="bold") for line in wrap(head.cells[i] or "-", width))
        for col in fields:
            value = col.cells[i]
            if not value:
                continue
            if bare:
                yield from (Line(line) for line in wrap(value, width, 2))
                continue
            room = width - 2 - label - 2
            if room < 12 or _too_long(value, room):  # the value under its label
                yield Line("  " + col.header, style="bold")
                yield from (Line(line) for line in wrap(value, width, 4))
                continue
            for n, line in enumerate(wrap(value, room)):
                text = Line("  ")
                text.append(col.header if n == 0 else "", style="bold")
                text.append(" " * (label - (cell_len(col.header) if n == 0 else 0) + 2) + line)
                yield text
    if listing.caption:
        yield Line("")
        yield from (Line(line) for line in wrap(listing.caption, width))


def _listing(listing: Listing, width: int | None, title: str = "") -> list[Line | Grid]:
    _, columns = _cells(listing)
    if _plan(columns, width):
        return [_table(listing, columns, title)]
    assert width is not None
    return list(_blocks(listing, columns, title, width))


def _fields(block: Fields, width: int | None) -> Iterator[Line]:
    pairs = [(label, cell(value)) for label, value in block.pairs if value not in (None, "", [], ())]
    label = max((cell_len(name) for name, _ in pairs), default=0)
    for name, value in pairs:
        room = None if width is None else width - label - 2
        if room is not None and (room < 12 or _too_long(value, room)):
            yield Line(name, style="bold")
            yield from (Line(line) for line in wrap(value, width, 2))
            continue
        for n, line in enumerate(wrap(value, room)):
            text = Line()
            text.append(name if n == 0 else "", style="bold")
            text.append(" " * (label - (cell_len(name) if n == 0 else 0) + 2) + line)
            yield text


def _parts(view: View, width: int | None) -> list[Line | Grid]:
    if isinstance(view, Listing):
        return _listing(view, width, view.title)
    assert isinstance(view, Document)
    parts: list[Line | Grid] = [Line(line, style="bold underline") for line in wrap(view.title, width)]
    for block in view.blocks:
        parts.append(Line(""))
        if isinstance(block, Fields):
            parts.extend(_fields(block, width))
        elif isinstance(block, Section):
            parts.extend(Line(line, style="bold") for line in wrap(block.heading, width))
            hang = 2 if len(block.lines) > 1 else 0  # a list: its items' later lines indented more
            for line in block.lines:
                parts.extend(Line(part) for part in wrap(line, width, 2, hang))
            if block.listing is not None:
                if block.listing.table_rows():
                    shown = _listing(block.listing, width)
                    if shown and isinstance(shown[0], Line):
                        parts.append(Line(""))  # blocks: a blank line under the heading
                    parts.extend(shown)
                else:
                    parts.append(Line(f"  ({block.listing.empty_notice})", style="dim"))
    return parts


class _Sink(io.StringIO):
    """Where the console writes; its encoding tells Rich whether box characters can be shown."""

    def __init__(self, encoding: str) -> None:
        super().__init__()
        self._encoding = encoding

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._encoding


_TRAILING = re.compile(r"[ \t]+((?:\x1b\[[0-9;]*m)*)$", re.M)


def _rich_text(line: Line) -> Text:
    from rich.text import Text

    text = Text(line.text, style=line.style)
    for piece, style in line.extra:
        text.append(piece, style=style)
    return text


def _rich_table(grid: Grid) -> Table:
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title=Text(grid.title, style="bold") if grid.title else None,
        caption=Text(grid.caption) if grid.caption else None,
        show_lines=False,
        header_style="bold",
    )
    for header, width, whole in grid.columns:
        table.add_column(Text(header), width=width, no_wrap=whole, overflow="fold")
    for row in grid.rows:
        table.add_row(*(Text(text) for text in row))
    return table


def _console(sink: _Sink, width: int, color: bool, **options: Any) -> Console:
    from rich.console import Console

    return Console(
        file=sink,
        width=width,
        color_system="auto" if color else None,
        force_terminal=color,
        highlight=False,
        emoji=False,
        legacy_windows=False,
        **options,
    )


def render_rich(parts: list[Line | Grid], width: int | None, *, color: bool = False, encoding: str = "utf-8") -> str:
    """The parts printed by Rich to a console ``width`` wide (``None``: as wide as they need)."""
    sink = _Sink(encoding)
    console = _console(sink, width or 100_000, color, markup=False)
    for part in parts:
        if isinstance(part, Line):
            console.print(_rich_text(part), soft_wrap=True, crop=False)
        else:
            console.print(_rich_table(part), soft_wrap=False, crop=False)
    return _TRAILING.sub(r"\1", sink.getvalue())


def render_table(view: View, width: int | None = None, *, color: bool = False, encoding: str = "utf-8") -> str:
    """The view as text for a window ``width`` columns wide (``None``: as wide as it needs).

    ``color``: with ANSI styles (bold headings) for a colour terminal. Without colour the text is
    written without Rich (``plain.py``, the same bytes), unless it holds text only Rich can measure.
    """
    if width is not None:
        width = max(width, MIN_WIDTH)
    parts = _parts(view, width)
    space = NBSP if encoding.lower().replace("-", "").startswith("utf") else " "
    if not color:
        try:
            return render_plain(parts, width, encoding).replace(HELD, space).replace(NBSP, space)
        except Unsupported:
            pass
    return render_rich(parts, width, color=color, encoding=encoding).replace(HELD, space).replace(NBSP, space)


def render_markdown_terminal(text: str, width: int, *, color: bool = False, encoding: str = "utf-8") -> str:
    """Markdown shown formatted for a terminal ``width`` columns wide (headings, lists, wrapped
    paragraphs), without trailing spaces."""
    from rich.markdown import Markdown

    sink = _Sink(encoding)
    console = _console(sink, max(width, MIN_WIDTH), color)
    # an autolink (<https://...>) shown once: Rich writes a link's text, then its address in brackets
    text = re.sub(r"<(https?://[^\s<>]+)>", r"\1", text)
    console.print(Markdown(_held(text), hyperlinks=False))  # a no-break space is no place to break a line
    space = NBSP if encoding.lower().replace("-", "").startswith("utf") else " "
    return _TRAILING.sub(r"\1", sink.getvalue()).replace(HELD, space)


def progress_bar(label: str) -> tuple[Any, Any]:
    """A transient progress bar on stderr, started, and its task (``completed`` from 0 to 1)."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    bar = Progress(TextColumn(label), BarColumn(), TimeElapsedColumn(), console=Console(stderr=True), transient=True)
    bar.start()
    return bar, bar.add_task("read", total=1.0)
