"""Run the CLI in a real pseudo-terminal of a given size (the window size set with TIOCSWINSZ)."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios


def run_in_pty(args: list[str], columns: int, rows: int = 50, env: dict[str, str] | None = None) -> tuple[int, str]:
    """The exit code and what the terminal received (newlines as ``\\n``), COLUMNS unset."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    base = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "MIGDIALOGUE_DATA")}
    base.update({"NO_COLOR": "1", "TERM": "xterm-256color", **(env or {})})
    child = subprocess.Popen(
        [sys.executable, "-m", "migdialogue", *args],
        stdin=slave,
        stdout=slave,
        stderr=subprocess.PIPE,
        env=base,
        close_fds=True,
    )
    os.close(slave)
    seen = b""
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    child.communicate(timeout=60)
    return child.returncode, seen.decode("utf-8").replace("\r\n", "\n")
