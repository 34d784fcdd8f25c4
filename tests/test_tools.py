"""The system tools the suite drives are found where a laptop has them, and a missing one skips
its tests with what to install, except in CI, where it fails them (issue 26)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from . import pandoc, tools


def _executable(folder: Path, name: str) -> Path:
    path = folder / name
    path.write_text("#!/bin/sh\nexit 0\n", encoding="ascii")
    path.chmod(0o755)
    return path


@pytest.mark.parametrize("name", ["chromium-browser", "google-chrome", "chrome", "msedge"])
def test_a_chromium_family_browser_on_the_path_is_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(tools, "MAC_BROWSERS", ())
    installed = _executable(tmp_path, name)
    assert tools.browser() == str(installed)


def test_playwrights_own_browser_is_used_when_installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(tools, "MAC_BROWSERS", ())
    own = _executable(tmp_path, "chrome-headless-shell")
    assert tools.browser(str(own)) == str(own)


def test_no_browser_skips_with_what_to_install_except_in_ci(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(tools, "MAC_BROWSERS", ())
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"^no browser found: install Chromium.*apt-get install chromium"):
        tools.browser(str(tmp_path / "not-installed"))
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI never skips a test"):
        tools.browser(str(tmp_path / "not-installed"))


def test_without_a_system_pandoc_the_test_extras_own_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    pandoc.pandoc.cache_clear()
    try:
        found = pandoc.pandoc()
        assert found == tools.bundled_pandoc() and found is not None and os.access(found, os.X_OK)
        assert "pypandoc" in found
    finally:
        pandoc.pandoc.cache_clear()


def test_no_pandoc_at_all_skips_except_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MIGDIALOGUE_TEST_HIDE", "browser,pandoc")
    monkeypatch.delenv("CI", raising=False)
    tools.bundled_pandoc.cache_clear()
    pandoc.pandoc.cache_clear()
    try:
        with pytest.raises(pytest.skip.Exception, match=r"^no pandoc found: install pandoc"):
            pandoc.pandoc()
        monkeypatch.setenv("CI", "true")
        with pytest.raises(pytest.fail.Exception, match="CI never skips a test"):
            pandoc.pandoc()
    finally:
        tools.bundled_pandoc.cache_clear()
        pandoc.pandoc.cache_clear()


def test_ci_installs_every_tool_only_when_missing() -> None:
    script = (Path(__file__).parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    assert all(f"command -v {tool}" in script for tool in ("pandoc", "chromium", "sqlite3"))
    assert "export CI=true" in script
