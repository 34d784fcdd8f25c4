"""The pandoc the round-trip tests use: the Debian package (.ci/run installs it when missing).

Debian 12's pandoc (2.17) cannot read RIS; for RIS the tests take the first pandoc that lists
the ``ris`` input format: the system's, else the one bundled in the pypandoc-binary wheel.
"""

from __future__ import annotations

import shutil
import subprocess
from functools import cache
from pathlib import Path


@cache
def pandoc() -> str:
    found = shutil.which("pandoc")
    assert found, "pandoc is missing: .ci/run installs it (apt-get install -y pandoc)"
    return found


def _reads(binary: str, fmt: str) -> bool:
    out = subprocess.run([binary, "--list-input-formats"], capture_output=True, text=True, timeout=60).stdout
    return fmt in out.split()


@cache
def pandoc_reading_ris() -> str:
    if _reads(pandoc(), "ris"):
        return pandoc()
    import pypandoc  # type: ignore[import-untyped]

    bundled = str(Path(pypandoc.get_pandoc_path()))
    assert _reads(bundled, "ris"), f"{bundled} cannot read RIS"
    return bundled


def run(binary: str, *args: str, stdin: str | None = None) -> str:
    result = subprocess.run([binary, *args], capture_output=True, text=True, input=stdin, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout
