"""The table format's layout as plain text, without Rich: what ``render/table.py`` shows when there
is no colour (a pipe, a file, ``NO_COLOR``), written here because importing and running Rich cost
more than the rest of a command.

The output is Rich's, byte for byte (``tests/test_plain.py`` renders every table command both ways):
the same box characters (ASCII when the encoding is not UTF), the same word wrapping inside
cells (Rich's ``divide_line``), headers aligned to the bottom of their row, centred titles and
captions. It covers the text whose width it knows for sure: characters one cell wide (Latin,
Greek, Cyrillic, common punctuation, box drawing) plus spaces and newlines. Anything else
(wide or combining characters, tabs) raises :class:`Unsupported`, and the caller uses Rich.
"""

from __future__ import annotations

import itertools
import re

# Characters one terminal cell wide in every Unicode version Rich knows, and not spaces other than
# ' ' (checked against Rich's tables by tests/test_plain.py).
_RANGES = (
    (0x20, 0x7E), (0xA0, 0xAC), (0xAE, 0x2FF),  # ASCII, Latin-1 (no soft hyphen), Latin Extended
    (0x370, 0x377), (0x37A, 0x37F), (0x384, 0x38A), (0x38C, 0x38C), (0x38E, 0x3A1), (0x3A3, 0x482),  # Greek, Cyrillic
    (0x1E00, 0x1EFF),  # Latin Extended Additional
    (0x2010, 0x2027), (0x2030, 0x205E),  # dashes, quotes, bullets, primes
    (0x20A0, 0x20C0), (0x2100, 0x214F), (0x2190, 0x21FF),  # currency, letterlike symbols, arrows
    (0x2500, 0x25FC),  # box drawing, blocks, geometric shapes
)  # fmt: skip
ONE_CELL = frozenset(chr(c) for start, end in _RANGES for c in range(start, end + 1))
# The no-break space (U+00A0) of French typography (« », before : ; ? !) is one cell, and both Rich and
# this writer break a line at it as at a space (Python's \s): French tables are written here too.
# A table's no-break spaces are held as this private-use character (one cell for Rich, never a place to
# break a line) while it is laid out: render/table.py writes them back.
HELD = "\ue000"
_FITS = (ONE_CELL | {"\n", HELD}).issuperset

# Rich's boxes: HEAVY_HEAD, and ASCII where the encoding cannot show it. Each is
# (top, header row, line under the header, body rows, bottom), each as (left, fill, divider, right).
_BOXES = {
    False: ("┏━┳┓", "┃ ┃┃", "┡━╇┩", "│ ││", "└─┴┘"),
    True: ("+--+", "| ||", "|-+|", "| ||", "+--+"),
}
_WORD = re.compile(r"\s*\S+\s*")  # Rich's word: the word and the spaces after it
_AWKWARD = re.compile(r"[\t\x07\x08\x0b\x0c\r\x1b]")  # what Rich expands or strips in a line of text, and ESC


class Unsupported(Exception):
    """Text this writer cannot measure for sure: show the view with Rich instead."""


def one_cell_each(text: str) -> bool:
    """Whether every character of ``text`` takes one terminal cell (then its width is ``len``)."""
    return ONE_CELL.issuperset(text)


class Line:
    """One line of text: its plain text with a style (a Rich style name, ``""`` for none), and
    more pieces appended, each with its own style."""

    __slots__ = ("extra", "style", "text")

    def __init__(self, text: str = "", style: str = "") -> None:
        self.text, self.style = text, style
        self.extra: list[tuple[str, str]] = []

    def append(self, text: str, style: str = "") -> Line:
        self.extra.append((text, style))
        return self

    @property
    def plain(self) -> str:
        return self.text + "".join(text for text, _ in self.extra) if self.extra else self.text


class Grid:
    """A table: each column a header, a width (cells, borders and padding aside) and whether it is
    kept on one line (``whole``); rows of cell texts; a title above and a caption below."""

    __slots__ = ("caption", "columns", "rows", "title")

    def __init__(self, columns: list[tuple[str, int, bool]], rows: list[list[str]], title: str, caption: str) -> None:
        self.columns, self.rows, self.title, self.caption = columns, rows, title, caption


def _divide(line: str, width: int) -> list[str]:
    """``line`` wrapped to ``width`` cells as Rich's ``divide_line`` does (one-cell text only)."""
    breaks: list[int] = []
    offset = 0
    for match in _WORD.finditer(line):
        start, word = match.start(), match.group()
        length = len(word.rstrip())
        if width - offset >= length:
            offset += len(word)
        elif length > width:  # folded across lines
            pieces = [word[i : i + width] for i in range(0, len(word), width)]
            for n, piece in enumerate(pieces):
                if start:
                    breaks.append(start)
                if n == len(pieces) - 1:
                    offset = len(piece)
                else:
                    start += len(piece)
        elif offset and start:
            breaks.append(start)
            offset = len(word)
    if not breaks:
        return [line]
    bounds = [0, *breaks, len(line)]
    return [line[a:b] for a, b in itertools.pairwise(bounds)]


def _cell(text: str, width: int, whole: bool) -> list[str]:
    """A cell's lines, each ``width`` cells wide plus a space either side."""
    lines = text.split("\n")
    room = min(max(len(line) for line in lines), width)  # Rich measures the text first
    out = []
    for line in lines:
        for piece in [line] if whole or len(line) <= room else _divide(line, room):
            out.append(" " + piece[:room].ljust(width) + " ")
    return out


def _annotation(text: str, width: int) -> list[str]:
    """A title or caption wrapped to the table's width and centred."""
    out = []
    for line in text.split("\n"):
        for piece in [line] if len(line) <= width else _divide(line, width):
            piece = piece.rstrip()[:width]
            out.append(" " * ((width - len(piece)) // 2) + piece)
    return out


def _grid(grid: Grid, room: int, ascii_only: bool) -> list[str]:
    columns = grid.columns
    texts = [grid.title, grid.caption, *(header for header, _, _ in columns)]
    texts += [text for row in grid.rows for text in row]
    if not columns or not all(map(_FITS, texts)) or min(width for _, width, _ in columns) < 1:
        raise Unsupported("text of unknown width")
    widths = [width + 2 for _, width, _ in columns]
    total = sum(widths) + len(widths) + 1
    if total > room:
        raise Unsupported("wider than the window: Rich would shrink the columns")
    top, head, under, body, bottom = _BOXES[ascii_only]
    out = _annotation(grid.title, total) if grid.title else []
    out.append(top[0] + top[2].join(top[1] * w for w in widths) + top[3])
    for index, row in enumerate([[header for header, _, _ in columns], *grid.rows]):
        cells = [_cell(text, width, whole) for text, (_, width, whole) in zip(row, columns, strict=True)]
        height = max(len(lines) for lines in cells)
        for lines, w in zip(cells, widths, strict=True):
            blank = [" " * w] * (height - len(lines))
            if index:
                lines += blank
            else:  # the header sits at the bottom of its row
                lines[:0] = blank
        box = head if index == 0 else body
        for n in range(height):
            out.append(box[0] + box[2].join(lines[n] for lines in cells) + box[3])
        if index == 0:
            out.append(under[0] + under[2].join(under[1] * w for w in widths) + under[3])
    out.append(bottom[0] + bottom[2].join(bottom[1] * w for w in widths) + bottom[3])
    if grid.caption:
        out += _annotation(grid.caption, total)
    return out


def render_plain(parts: list[Line | Grid], width: int | None, encoding: str = "utf-8") -> str:
    """The parts as Rich prints them without colour to a console ``width`` wide (``None``: as
    wide as they need), trailing spaces removed; :class:`Unsupported` if a text is not sure to fit."""
    ascii_only = not encoding.lower().startswith("utf")
    room = width or 100_000
    out: list[str] = []
    for part in parts:
        if isinstance(part, Line):
            out.append(part.plain)
        else:
            out += _grid(part, room, ascii_only)
    out.append("")
    text = "\n".join(out)
    if _AWKWARD.search(text):
        raise Unsupported("tabs or control characters")
    # trailing spaces removed line by line (what table.py's regex does to text without escapes, minus its backtracking)
    return "\n".join(line.rstrip(" \t") for line in text.split("\n"))
