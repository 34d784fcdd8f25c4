"""The command-line interface: ``app`` (Typer) and ``main`` (the console script).

The package: output.py (stderr, width, encodings, pipes, emit) <- app.py (the app, the one error
boundary) <- options.py (the options, declared once) <- commands.py (the commands).
"""

from __future__ import annotations

import gc

from . import interrupts

# Ctrl-C while the modules below load (a quarter of a second on a slow machine) ends the program as
# Ctrl-C at any other moment does (a new line, exit 130), not with an import's traceback: until the
# error boundary (app.App.main) takes over, SIGINT ends the process at once (nothing is open yet).
_QUIET = interrupts.quiet()

# Importing Typer creates tens of thousands of objects that live as long as the process; the cyclic
# garbage collector would rescan them again and again (an eighth of a --json answer's CPU). So it is
# off while this module loads, what the imports created is then frozen out of every later
# collection, and main() keeps it off for the one command a process runs (which makes little
# cyclic garbage: records, rows and views are freed by reference counting).
_GC_WAS_ENABLED = gc.isenabled()
gc.disable()

import os  # noqa: E402
import sys  # noqa: E402

from . import commands as _commands  # noqa: E402, F401  (registers the commands)
from .app import app  # noqa: E402
from .output import PROG  # noqa: E402

__all__ = ["app", "main"]


def _only_the_invoked_command(argv: list[str]) -> None:
    """Register only the command being run: Typer then builds one Click command, not twenty.

    Building every command's parameters costs more than answering a query; the full group is
    kept when no known command is named (root --help, completion, typos that need the list).
    """
    if os.environ.get("_MIGDIALOGUE_COMPLETE") or any(k.endswith("_COMPLETE") for k in os.environ):
        return
    name = next((a for a in argv if not a.startswith("-")), None)
    chosen = [c for c in app.registered_commands if (c.name or c.callback.__name__ if c.callback else "") == name]
    if chosen:
        app.registered_commands = chosen


def main() -> None:
    """Console-script entry point."""
    interrupts.quiet()  # until the error boundary begins (Typer builds the command first)
    gc.disable()
    _only_the_invoked_command(sys.argv[1:])
    app(prog_name=PROG)


gc.freeze()
if _GC_WAS_ENABLED:  # imported as a library (or by tests): leave the collector as it was
    gc.enable()
if _QUIET:  # imported (a library, tests): Python's own Ctrl-C again, once the modules are loaded
    interrupts.restore()
