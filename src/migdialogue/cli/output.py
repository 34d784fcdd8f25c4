"""The CLI's output: one line on stderr for errors and notices, the window's width, encodings, broken pipes,
the progress bar, and emit (a view rendered in a format and written)."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NoReturn

from ..errors import EXIT_OK, OutputError
from ..i18n import _, source_language
from ..render import clean

if TYPE_CHECKING:
    from ..render import View


PROG = "migdialogue"
_STATE: dict[str, Any] = {"debug": False, "wrote": False}


LONGEST_WORD = 200  # a longer word in a message (a pasted file, a runaway argument) is shown shortened


def _shorten_words(message: str) -> str:
    """Each word longer than LONGEST_WORD as its start and its length: one line stays one line,
    however long what the user typed (a path or a URL is far shorter)."""
    if len(message) <= LONGEST_WORD:
        return message
    import re

    def short(found: re.Match[str]) -> str:
        word = found.group()
        return word[:60] + "\u2026 " + _("({n} characters)").format(n=f"{len(word):,}")

    return re.sub(rf"[^\s'\"]{{{LONGEST_WORD + 1},}}", short, message)


def _say(message: str) -> None:
    """One line on stderr after the program's name: every error and notice goes through here, and
    any user text in it is shown, not acted on (see render.clean), a very long word shortened."""
    sys.stderr.write(f"{PROG}: {clean(_shorten_words(message), one_line=True)}\n")
    sys.stderr.flush()


def _fail(message: str, code: int) -> NoReturn:
    _say(_("error: {message}").format(message=message))
    sys.exit(code)


def _quiet_broken_pipe() -> NoReturn:
    """The reader went away (``| head``): stop quietly, without a traceback from the final flush."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    sys.exit(EXIT_OK)


def _encodes_everything() -> bool:
    """Whether stdout's encoding is a UTF, which can write any character (cp1252 writes quotes and
    dashes, not Chinese or emoji: JSON is then written with escapes, still the same data)."""
    import codecs

    try:
        name = codecs.lookup(sys.stdout.encoding or "ascii").name
    except LookupError:
        return False
    return name.startswith("utf")


def _tolerate_narrow_encoding() -> None:
    """On a stdout that is not UTF (LC_ALL=C, PYTHONIOENCODING=ascii or cp1252), replace what cannot
    be shown, rather than fail."""
    if not _encodes_everything():
        with contextlib.suppress(AttributeError, ValueError):
            sys.stdout.reconfigure(errors="replace")  # type: ignore[union-attr]


class _Progress:
    """A progress bar on stderr for reading a new dataset, shown only once it has taken a second."""

    def __init__(self) -> None:
        import time

        self._clock = time.monotonic
        self._start = self._clock()
        self._bar: Any = None
        self._task: Any = None

    def __call__(self, fraction: float) -> None:
        if self._bar is None:
            if self._clock() - self._start < 1.0:
                return
            from ..render.table import progress_bar

            self._bar, self._task = progress_bar(_("reading your dataset"))
        self._bar.update(self._task, completed=fraction)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()


def _is_terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


MAX_WIDTH = 1000  # a wider window or COLUMNS is taken as this wide (Rich lays prose out in the square of it)


def window_width(piped: int | None = None) -> int | None:
    """The width to fit output to: the terminal's; piped, ``COLUMNS`` when set, else ``piped``
    (``None``: as wide as the output needs, so that grep finds every record on its lines); never
    more than MAX_WIDTH (``COLUMNS=99999 brief Jordan`` took minutes on a terminal)."""
    if _is_terminal():
        with contextlib.suppress(OSError, ValueError, AttributeError):
            columns = os.get_terminal_size(sys.stdout.fileno()).columns
            if columns > 0:
                return min(columns, MAX_WIDTH)
    value = os.environ.get("COLUMNS", "").strip()
    if value.isdigit() and int(value) > 0:
        return min(int(value), MAX_WIDTH)
    return 80 if _is_terminal() else piped


def _write(text: str, *, exact: bool = False) -> None:
    """Write to stdout; a reader that went away (``| head``) ends the program quietly.

    ``exact``: a format with no escapes of its own (CSV, BibTeX, RIS): a character that stdout's
    encoding cannot write is an error (exit 4) before anything is written, never a silent '?'.
    """
    if exact and not _encodes_everything():
        _refuse_what_cannot_be_written(text)
    _STATE["wrote"] = _STATE["wrote"] or bool(text)
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_broken_pipe()


def _refuse_what_cannot_be_written(text: str) -> None:
    encoding = sys.stdout.encoding or "ascii"
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError) as err:
        char = err.object[err.start] if isinstance(err, UnicodeEncodeError) else "?"
        line = text.count("\n", 0, err.start) + 1 if isinstance(err, UnicodeEncodeError) else 0
        raise OutputError(
            _(
                "standard output's encoding ({encoding}) cannot write U+{code:04X} (line {line}); "
                "set PYTHONIOENCODING=utf-8 or a UTF-8 locale (LANG=C.UTF-8)"
            ).format(encoding=encoding, code=ord(char), line=line)
        ) from None


def _write_utf8(text: str) -> None:
    """Write a format that declares its own encoding (the web page: UTF-8) as UTF-8, whatever
    stdout's encoding (which would turn what it cannot write into '?')."""
    _STATE["wrote"] = _STATE["wrote"] or bool(text)
    try:
        sys.stdout.flush()
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:  # a text-only stream (tests): it takes the text as it is
            sys.stdout.write(text)
            sys.stdout.flush()
            return
        buffer.write(text.encode("utf-8"))
        buffer.flush()
    except BrokenPipeError:
        _quiet_broken_pipe()


MACHINE_FORMATS = ("json", "jsonl", "csv", "yaml")
"""What scripts read: never translated (the view is built and written under English)."""


def emit(view: View | Callable[[], View], fmt: str, no_color: bool = False) -> None:
    """Print a view to stdout in a format; notices go to stderr.

    A view given as a function is built here: for a machine format under English
    (``i18n.source_language``), so that no translated label can reach a CSV cell or a JSON value
    whatever the interface language; for a person in the interface language.
    """
    if fmt in MACHINE_FORMATS:
        with source_language():
            _emit(view() if callable(view) else view, fmt, no_color)
        return
    _emit(view() if callable(view) else view, fmt, no_color)


def _emit(view: View, fmt: str, no_color: bool) -> None:
    from ..render import Listing

    if fmt == "table":
        if isinstance(view, Listing) and not view.table_rows():
            _say(view.empty_notice)
            return
        from ..render.table import render_table

        plain = no_color or bool(os.environ.get("NO_COLOR")) or os.environ.get("TERM") == "dumb"
        encoding = "utf-8" if _encodes_everything() else "ascii"
        _write(render_table(view, window_width(), color=not plain and _is_terminal(), encoding=encoding))
        return
    if fmt in ("json", "jsonl"):
        from ..render.jsonfmt import iter_json, iter_jsonl

        chunks = (iter_json if fmt == "json" else iter_jsonl)(view, ascii_only=not _encodes_everything())
        _write_chunks(chunks)
        return
    from ..render.text import render_text

    _write(render_text(view, fmt, ascii_only=not _encodes_everything()), exact=fmt == "csv")


def _write_chunks(chunks: Any) -> None:
    """Write a large answer piece by piece (about 256 KiB at a time), never as one string."""
    batch: list[str] = []
    size = 0
    try:
        for chunk in chunks:
            batch.append(chunk)
            size += len(chunk)
            if size >= 262_144:
                _STATE["wrote"] = True
                sys.stdout.write("".join(batch))
                batch, size = [], 0
        sys.stdout.write("".join(batch))
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_broken_pipe()
