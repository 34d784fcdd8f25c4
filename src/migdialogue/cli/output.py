"""The CLI's output: one line on stderr for errors and notices, broken pipes, the progress bar, the
output context (``Output``: stdout, whether it is a terminal, the window's width, colour, encoding,
what was written) and emit (a view rendered in a format and written through it)."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, NoReturn, Protocol, TextIO

from ..errors import EXIT_OK, OutputError
from ..i18n import _, source_language
from ..render import clean

if TYPE_CHECKING:
    from ..render import View


PROG = "migdialogue"


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


def _tolerate_narrow_encoding() -> None:
    """On a stdout that is not UTF (LC_ALL=C, PYTHONIOENCODING=ascii or cp1252), replace what cannot
    be shown, rather than fail."""
    if not _is_utf(sys.stdout.encoding):
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


def _is_utf(encoding: str | None) -> bool:
    """Whether an encoding is a UTF, which can write any character (cp1252 writes quotes and dashes,
    not Chinese or emoji: JSON is then written with escapes, still the same data)."""
    import codecs

    try:
        name = codecs.lookup(encoding or "ascii").name
    except LookupError:
        return False
    return name.startswith("utf")


MAX_WIDTH = 1000  # a wider window or COLUMNS is taken as this wide (Rich lays prose out in the square of it)


class Output:
    """Where a command's answer goes and how it may look: the stream (stdout), whether it is a
    terminal, the window's width, whether the environment allows colour, the encoding, and
    whether anything was written yet. The error boundary builds one from the process
    (``from_environment``) and every command takes it; a test builds its own, without
    environment variables: ``Output(io.StringIO(), terminal=True, columns=60)``. (A plain class, not a
    dataclass: importing dataclasses and building one would cost every answer half a millisecond.)"""

    __slots__ = ("stream", "terminal", "columns", "color", "encoding", "wrote")

    def __init__(
        self,
        stream: TextIO,
        *,
        terminal: bool = False,
        columns: int | None = None,
        color: bool = True,
        encoding: str = "utf-8",
    ) -> None:
        self.stream = stream
        self.terminal = terminal
        self.columns = columns  # the terminal's width, else COLUMNS; at most MAX_WIDTH
        self.color = color  # False under NO_COLOR or TERM=dumb (--no-color is the command's)
        self.encoding = encoding
        self.wrote = False  # whether anything was written (a damaged cache is then not retried)

    @classmethod
    def from_environment(cls, stream: TextIO | None = None, environ: Mapping[str, str] | None = None) -> Output:
        """The output context of this process: stdout and the environment variables."""
        stream = sys.stdout if stream is None else stream
        environ = os.environ if environ is None else environ
        try:
            terminal = stream.isatty()
        except (AttributeError, ValueError):
            terminal = False
        columns = None
        if terminal:
            with contextlib.suppress(OSError, ValueError, AttributeError):
                columns = os.get_terminal_size(stream.fileno()).columns or None
        value = environ.get("COLUMNS", "").strip()
        if columns is None and value.isdigit() and int(value) > 0:
            columns = int(value)
        return cls(
            stream,
            terminal=terminal,
            columns=None if columns is None else min(columns, MAX_WIDTH),
            color=not environ.get("NO_COLOR") and environ.get("TERM") != "dumb",
            encoding=getattr(stream, "encoding", None) or "ascii",
        )

    def width(self, piped: int | None = None) -> int | None:
        """The width to fit output to: the terminal's; piped, ``COLUMNS`` when set, else ``piped``
        (``None``: as wide as the output needs, so that grep finds every record on its lines); never
        more than MAX_WIDTH (``COLUMNS=99999 brief Jordan`` took minutes on a terminal)."""
        if self.columns is not None:
            return self.columns
        return 80 if self.terminal else piped

    def encodes_everything(self) -> bool:
        """Whether the stream's encoding is a UTF (any character can be written as it is)."""
        return _is_utf(self.encoding)

    def colours(self, no_color: bool = False) -> bool:
        """Whether to write colour: on a terminal, unless --no-color, NO_COLOR or TERM=dumb."""
        return self.terminal and self.color and not no_color

    def write(self, text: str, *, exact: bool = False) -> None:
        """Write to the stream; a reader that went away (``| head``) ends the program quietly.

        ``exact``: a format with no escapes of its own (CSV, BibTeX, RIS): a character that the
        encoding cannot write is an error (exit 4) before anything is written, never a silent '?'.
        """
        if exact and not self.encodes_everything():
            self._refuse_what_cannot_be_written(text)
        self.wrote = self.wrote or bool(text)
        try:
            self.stream.write(text)
            self.stream.flush()
        except BrokenPipeError:
            _quiet_broken_pipe()

    def _refuse_what_cannot_be_written(self, text: str) -> None:
        encoding = self.encoding
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

    def write_utf8(self, text: str) -> None:
        """Write a format that declares its own encoding (the web page: UTF-8) as UTF-8, whatever the
        stream's encoding (which would turn what it cannot write into '?')."""
        self.wrote = self.wrote or bool(text)
        try:
            self.stream.flush()
            buffer = getattr(self.stream, "buffer", None)
            if buffer is None:  # a text-only stream (tests): it takes the text as it is
                self.stream.write(text)
                self.stream.flush()
                return
            buffer.write(text.encode("utf-8"))
            buffer.flush()
        except BrokenPipeError:
            _quiet_broken_pipe()

    def write_chunks(self, chunks: Iterable[str]) -> None:
        """Write a large answer piece by piece (about 256 KiB at a time), never as one string."""
        batch: list[str] = []
        size = 0
        try:
            for chunk in chunks:
                batch.append(chunk)
                size += len(chunk)
                if size >= 262_144:
                    self.wrote = True
                    self.stream.write("".join(batch))
                    batch, size = [], 0
            self.stream.write("".join(batch))
            self.stream.flush()
        except BrokenPipeError:
            _quiet_broken_pipe()


MACHINE_FORMATS = ("json", "jsonl", "csv", "yaml")
"""What scripts read: never translated (the view is built and written under English)."""


class OutputChoice(Protocol):
    """What ``emit`` reads of the output options as typed, beside the format: ``OutputArgs``
    (cli/options.py), whose fields every command declared ``@with_output`` takes. A new output option
    is a field there, named here too and read in ``_emit``: no command changes."""

    @property
    def no_color(self) -> bool: ...


def emit(out: Output, view: View | Callable[[], View], fmt: str, choice: OutputChoice) -> None:
    """Write a view through the output context in a format, as the output options chose; notices go to stderr.

    A view given as a function is built here: for a machine format under English
    (``i18n.source_language``), so that no translated label can reach a CSV cell or a JSON value
    whatever the interface language; for a person in the interface language.
    """
    if fmt in MACHINE_FORMATS:
        with source_language():
            _emit(out, view() if callable(view) else view, fmt, choice)
        return
    _emit(out, view() if callable(view) else view, fmt, choice)


def _emit(out: Output, view: View, fmt: str, choice: OutputChoice) -> None:
    from ..render import Listing

    ascii_only = not out.encodes_everything()
    if fmt == "table":
        if isinstance(view, Listing) and not view.table_rows():
            _say(view.empty_notice)
            return
        from ..render.table import render_table

        encoding = "ascii" if ascii_only else "utf-8"
        out.write(render_table(view, out.width(), color=out.colours(choice.no_color), encoding=encoding))
        return
    if fmt in ("json", "jsonl"):
        from ..render.jsonfmt import iter_json, iter_jsonl

        out.write_chunks((iter_json if fmt == "json" else iter_jsonl)(view, ascii_only=ascii_only))
        return
    from ..render.text import render_text

    out.write(render_text(view, fmt, ascii_only=ascii_only), exact=fmt == "csv")
