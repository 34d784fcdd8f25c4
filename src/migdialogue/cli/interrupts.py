"""Ctrl-C while the program starts: a new line and exit 130, as at any other moment, never the
traceback of a module being imported. Imports nothing but what Python has loaded at start-up."""

from __future__ import annotations

import os
import signal
from typing import Any


def _leave_quietly(signum: int, frame: Any) -> None:
    """Ctrl-C before the error boundary (app.App.main): nothing is open yet, so leave at once."""
    try:  # noqa: SIM105 - contextlib is not loaded yet at start-up
        os.write(2, b"\n")
    except OSError:
        pass
    os._exit(130)


def quiet() -> bool:
    """Make Ctrl-C end the process at once and quietly. Only where Ctrl-C has Python's own handler:
    a process started with SIGINT ignored (a background job) keeps ignoring it. Returns whether it
    was done."""
    if signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        return False
    try:
        signal.signal(signal.SIGINT, _leave_quietly)
    except ValueError:  # not the main thread
        return False
    return True


def restore() -> None:
    """Ctrl-C as Python has it (KeyboardInterrupt, which the error boundary ends quietly, once the
    command's files and worker processes are cleaned up), if :func:`quiet` changed it."""
    if signal.getsignal(signal.SIGINT) is _leave_quietly:
        try:  # noqa: SIM105 - as above
            signal.signal(signal.SIGINT, signal.default_int_handler)
        except ValueError:
            pass
