"""The pandoc the round-trip tests use: the system's, else the one the test extra ships inside the
pypandoc-binary wheel, so they run on a laptop without pandoc too (tests/tools.py: when neither
is there, they skip, or fail in CI, which installs Debian's).

Debian 12's pandoc (2.17) cannot read RIS; for RIS the tests take the first pandoc that lists
the ``ris`` input format: the system's, else the bundled one.
"""

from __future__ import annotations

import subprocess
from functools import cache

from . import tools


@cache
def pandoc() -> str:
    found = tools.which("pandoc") or tools.bundled_pandoc()
    if found is None:
        tools.missing("pandoc")
    return found


def _reads(binary: str, fmt: str) -> bool:
    out = subprocess.run([binary, "--list-input-formats"], capture_output=True, text=True, timeout=60).stdout
    return fmt in out.split()


@cache
def pandoc_reading_ris() -> str:
    for binary in (pandoc(), tools.bundled_pandoc()):
        if binary is not None and _reads(binary, "ris"):
            return binary
    tools.missing("pandoc that reads RIS")


def run(binary: str, *args: str, stdin: str | None = None) -> str:
    result = subprocess.run([binary, *args], capture_output=True, text=True, input=stdin, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout
