"""The system tools a few tests drive: pandoc, a Chromium-family browser and the sqlite3 command
line, found wherever a laptop has them.

A tool that is not found skips its tests with one line that says what to install, except under
``CI=true``, where it fails them: .ci/run installs every tool, so CI never skips a test.
``MIGDIALOGUE_TEST_HIDE`` (names separated by commas: ``pandoc,browser,sqlite3``) makes the tests act as
if a tool were missing, to try the suite as a machine without it would run it.
"""

from __future__ import annotations

import os
import shutil
import sys
from functools import cache
from pathlib import Path
from typing import NoReturn

import pytest

# Chromium-family browsers, by the names their packages put on the PATH (Debian, Ubuntu, Fedora,
# Arch, Homebrew, Google's and Microsoft's packages), then where macOS keeps the applications.
BROWSER_NAMES = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
    "msedge",
    "microsoft-edge",
    "microsoft-edge-stable",
)
MAC_BROWSERS = (
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
)
INSTALL = {
    "pandoc": "install pandoc (the test extra's pypandoc-binary ships one: pip install -e '.[test]'; "
    "or apt-get install pandoc, brew install pandoc)",
    "pandoc that reads RIS": "install pandoc 2.19 or later (the test extra's pypandoc-binary ships one: "
    "pip install -e '.[test]')",
    "sqlite3": "install the sqlite3 command line (apt-get install sqlite3, brew install sqlite)",
    "browser": "install Chromium, Google Chrome or Microsoft Edge (apt-get install chromium, "
    "brew install --cask chromium), or Playwright's own: python -m playwright install chromium",
}

# Worker processes are forked on Linux alone (store.workers._workers), and only Linux has /dev/full and /proc.
LINUX_ONLY = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux only")


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def hidden(tool: str) -> bool:
    """Whether the tests are asked to act as if ``tool`` were missing (``MIGDIALOGUE_TEST_HIDE``)."""
    return tool in {name.strip() for name in os.environ.get("MIGDIALOGUE_TEST_HIDE", "").split(",")}


def missing(tool: str) -> NoReturn:
    """Skip the test (fail it in CI) with one line: what is missing and how to install it."""
    message = f"no {tool} found: {INSTALL[tool]}"
    if in_ci():
        pytest.fail(f"{message} (.ci/run installs it: CI never skips a test)", pytrace=False)
    pytest.skip(message)


def which(name: str) -> str | None:
    return None if hidden(name) else shutil.which(name)


@cache
def bundled_pandoc() -> str | None:
    """The pandoc inside the pypandoc-binary wheel (the test extra), if installed."""
    if hidden("pandoc"):
        return None
    try:
        import pypandoc  # type: ignore[import-untyped]
    except ImportError:
        return None
    folder = Path(pypandoc.__file__).parent / "files"
    for name in ("pandoc", "pandoc.exe"):
        if os.access(folder / name, os.X_OK):
            return str(folder / name)
    return None


def browser(playwright_own: str | None = None) -> str:
    """A Chromium-family browser: the first on the PATH, a macOS application, or Playwright's own
    (``playwright_own``: where Playwright installs it, used only if the user did)."""
    if not hidden("browser"):
        for name in BROWSER_NAMES:
            found = shutil.which(name)
            if found:
                return found
        for path in MAC_BROWSERS:
            if os.access(path, os.X_OK):
                return path
        if playwright_own and os.access(playwright_own, os.X_OK):
            return playwright_own
    missing("browser")
