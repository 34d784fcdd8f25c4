"""Shared helpers: run the real CLI on the real bundled data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from typing import Any

import pytest
from typer.testing import CliRunner

from migdialogue import dataset
from migdialogue.cli import app

# Tests never touch the real user cache: every run (in-process or subprocess) uses this one.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="migdialogue-test-cache-")
os.environ.pop("MIGDIALOGUE_CACHE_DIR", None)

PINNED_ENV = {"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb", "MIGDIALOGUE_DATA": None}


@pytest.fixture(scope="session")
def ds() -> dataset.Dataset:
    return dataset.load()


class Run:
    def __init__(self, result: Any) -> None:
        self.code: int = result.exit_code
        self.out: str = result.stdout
        self.err: str = result.stderr

    def json(self) -> Any:
        return json.loads(self.out)


def cli(*args: str, env: dict[str, str | None] | None = None) -> Run:
    """Invoke the CLI in-process through Typer's CliRunner, colour off, width pinned."""
    runner = CliRunner(env={**PINNED_ENV, **(env or {})})
    return Run(runner.invoke(app, list(args)))


def proc(
    *args: str, env: dict[str, str] | None = None, input: bytes | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[bytes]:
    """Run the CLI as a real process (pipes, encodings, signals)."""
    base = {k: v for k, v in os.environ.items() if k not in ("MIGDIALOGUE_DATA", "MIGDIALOGUE_DEBUG")}
    base.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "migdialogue", *args], capture_output=True, env=base, input=input, timeout=timeout
    )
