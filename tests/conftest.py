"""Shared helpers: run the real CLI on the real bundled data."""

from __future__ import annotations

import functools
import gc
import json
import os
import subprocess
import sys
import tempfile
from typing import Any

import pytest

# Bytecode is written (in __pycache__, ignored by git) even where PYTHONDONTWRITEBYTECODE is set, as on the
# shared development machine: without it every run, every xdist worker and every process a test starts
# compiles the package, the test modules and their assertion rewriting (hypothesis' too) again, half of
# the fast loop's collection. Set before the package is imported, and for the processes the tests start.
sys.dont_write_bytecode = False
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

import typer.testing  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from migdialogue import dataset  # noqa: E402
from migdialogue.cli import app  # noqa: E402

# Tests never touch the real user cache: every run (in-process or subprocess) uses this one.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="migdialogue-test-cache-")
os.environ.pop("MIGDIALOGUE_CACHE_DIR", None)
# No window size unless a test gives one (cli pins COLUMNS; a real process gets none): pytest-xdist's workers
# inherit COLUMNS=80 and LINES=24, which GNU readline (imported by pytest's debugger support) sets in the
# environment of the process that starts them, and a piped command would then lay out for 80 columns.
os.environ.pop("COLUMNS", None)
os.environ.pop("LINES", None)
# Tests run in English unless they ask for another language (--lang, or env=): a machine set to French
# or Spanish must not change what they see. Encodings are left as they are (C.UTF-8 stays UTF-8).
os.environ.pop("MIGDIALOGUE_LANG", None)
os.environ.pop("LANGUAGE", None)
for _name in ("LC_ALL", "LC_MESSAGES", "LANG"):
    if os.environ.get(_name, "").split("_", 1)[0].lower() in ("fr", "es"):
        os.environ[_name] = "C.UTF-8"

# The cyclic garbage collector: a test process holds a large heap (the bundled data, the lexicon, hypothesis),
# which the default threshold (a collection every 700 allocations) had it walk about 3,900 times in the fast
# loop, a tenth of its time (measured with gc.callbacks). Collections are made rarer here, and what is in memory
# once the tests are collected is set aside (pytest_collection_finish). The CLI's processes are unaffected.
gc.set_threshold(50_000, 20, 100)

# Typer builds the click command again on every invoke (half the time of an in-process run): build it once.
typer.testing._get_command = functools.cache(typer.testing._get_command)  # type: ignore[attr-defined]

PINNED_ENV = {"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb", "MIGDIALOGUE_DATA": None}

# -- the fast loop: `pytest -m "not slow"` --------------------------------------------------------
# A test is slow when it starts a process: the real CLI (proc), a pseudo-terminal (run_in_pty), pandoc,
# sqlite3 or jq (subprocess), a browser (Playwright); or when it reads an output with pandas, whose import
# alone is half a second. It is marked so here, from what its code calls or imports (through the test
# module's own helpers too), so a new test needs no marker to be sorted right.
SLOW_NAMES = {"proc", "run_in_pty", "subprocess", "pandoc", "sync_playwright", "Popen", "Process", "pandas"}
# every test of these drives a browser or a terminal
SLOW_MODULES = {"test_html_browser", "test_html_languages", "test_terminal"}


def _calls_something_slow(code: Any, module: Any, seen: set[int]) -> bool:
    if id(code) in seen:
        return False
    seen.add(id(code))
    if SLOW_NAMES & set(code.co_names):
        return True
    for const in code.co_consts:  # nested functions, lambdas, comprehensions
        if hasattr(const, "co_names") and _calls_something_slow(const, module, seen):
            return True
    for name in code.co_names:  # the tests' own helpers
        helper = getattr(module, name, None)
        inner = getattr(helper, "__code__", None)
        # a helper of this test module or of another one (test_x imports run from test_y): its calls count
        home = getattr(helper, "__module__", "") or ""
        own = inner is not None and home.partition(".")[0] == module.__name__.partition(".")[0]
        if own and _calls_something_slow(inner, sys.modules.get(home, module), seen):
            return True
    return False


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        module = getattr(item, "module", None)
        function = getattr(item, "function", None)
        if module is None or function is None or item.get_closest_marker("slow"):
            continue
        code_and_module = [(function.__code__, module)]
        for name in item.fixturenames:  # a fixture that starts a process makes its tests slow too
            for fixture in item._fixtureinfo.name2fixturedefs.get(name, ()):  # type: ignore[attr-defined]
                code = getattr(fixture.func, "__code__", None)
                home = sys.modules.get(getattr(fixture.func, "__module__", ""))
                if code is not None and home is not None:
                    code_and_module.append((code, home))
        if module.__name__.rpartition(".")[2] in SLOW_MODULES or any(
            _calls_something_slow(code, home, set()) for code, home in code_and_module
        ):
            item.add_marker(pytest.mark.slow)


def pytest_collection_finish(session: pytest.Session) -> None:
    gc.collect()
    gc.freeze()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """One line per missing tool (tests/tools.py), whatever the number of tests it skipped."""
    counts: dict[str, int] = {}
    for report in terminalreporter.stats.get("skipped", []):
        reason = str(report.longrepr[2]) if isinstance(report.longrepr, tuple) else ""
        reason = reason.removeprefix("Skipped: ")
        if reason.startswith("no ") and " found: " in reason:
            counts[reason] = counts.get(reason, 0) + 1
    for reason, count in counts.items():
        terminalreporter.write_line(f"{count} skipped, {reason}")


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
