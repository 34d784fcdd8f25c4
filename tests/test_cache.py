"""The user-data cache: used after the first run, rebuilt when stale or corrupt, safe under concurrency."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from migdialogue import dataset, store

from .conftest import proc
from .test_validate import GOOD_EXAMPLE


@pytest.fixture
def user_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = tmp_path / "mine.yaml"
    path.write_text(GOOD_EXAMPLE, encoding="utf-8")
    return path


def test_second_load_reads_the_cache(user_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = dataset.load(user_file)
    entries = list((user_file.parent / "cache" / "migdialogue").glob("dataset-*.db"))
    assert len(entries) == 1

    def boom(*_a: object, **_k: object) -> None:
        raise AssertionError("YAML parsed again")

    monkeypatch.setattr(dataset, "check_files", boom)
    again = dataset.load(user_file)
    assert again.to_dict() == first.to_dict()


def test_a_changed_file_is_not_served_from_the_cache(user_file: Path) -> None:
    assert dataset.load(user_file).get("my-case").title == "A case"  # type: ignore[union-attr]
    user_file.write_text(GOOD_EXAMPLE.replace('"A case"', '"Another title"'), encoding="utf-8")
    assert dataset.load(user_file).get("my-case").title == "Another title"  # type: ignore[union-attr]


def _half(entry: Path) -> None:
    data = entry.read_bytes()
    entry.write_bytes(data[: len(data) // 2])


def _other_version(entry: Path) -> None:
    con = sqlite3.connect(entry)
    con.execute("UPDATE info SET value = 'old' WHERE key = 'format'")
    con.commit()
    con.close()


@pytest.mark.parametrize(
    "damage",
    [
        lambda e: e.write_bytes(b""),
        lambda e: e.write_bytes(b"{not a database"),
        _half,
        _other_version,
        lambda e: e.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200),
    ],
    ids=["empty", "text", "half-written", "other-version", "bad-header"],
)
def test_a_corrupt_cache_is_rebuilt(user_file: Path, damage: Callable[[Path], None]) -> None:
    expected = dataset.load(user_file).to_dict()
    (entry,) = (user_file.parent / "cache" / "migdialogue").glob("dataset-*.db")
    damage(entry)
    assert dataset.load(user_file).to_dict() == expected
    assert store.Store.open(str(entry)).info("format") == store.FORMAT


def test_an_unwritable_cache_is_skipped(user_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = user_file.parent / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("MIGDIALOGUE_CACHE_DIR", str(blocker / "sub"))
    assert dataset.load(user_file).get("my-case") is not None


def test_concurrent_first_runs_all_answer(tmp_path: Path) -> None:
    data = tmp_path / "mine.yaml"
    data.write_text(GOOD_EXAMPLE, encoding="utf-8")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    cmd = [sys.executable, "-m", "migdialogue", "show", "my-case", "--json", "--data", str(data)]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) for _ in range(6)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0] * 6
    records = [json.loads(out)["record"] for out, _ in outs]
    assert all(r == records[0] for r in records) and records[0]["id"] == "my-case"
    leftovers = [p.name for p in (tmp_path / "cache" / "migdialogue").iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


ALL_COMMANDS = [
    ["list"],
    ["search", "domestic work"],
    ["country", "Jordan"],
    ["countries"],
    ["region", "Africa"],
    ["regions"],
    ["show", "gender"],
    ["challenges"],
    ["recommendations"],
    ["instruments"],
    ["frameworks"],
    ["sources"],
    ["stats"],
    ["stats", "--by", "region"],
    ["timeline"],
    ["related", "qatar-joint-committees"],
    ["brief", "Jordan"],
    ["cite", "gender"],
    ["about"],
    ["export"],
    ["validate"],
]


def _snapshot(root: Path) -> dict[str, tuple[int, int]]:
    out = {}
    for dirpath, _dirs, files in os.walk(root):
        if "__pycache__" in dirpath:  # Python's own bytecode cache, not the tool's doing
            continue
        for name in files:
            p = Path(dirpath) / name
            st = p.stat()
            out[str(p)] = (st.st_size, st.st_mtime_ns)
    return out


def test_nothing_is_written_outside_the_cache(tmp_path: Path) -> None:
    home, work, cache_home = tmp_path / "home", tmp_path / "work", tmp_path / "cache"
    for folder in (home, work):
        folder.mkdir()
    data = work / "mine.yaml"
    data.write_text(GOOD_EXAMPLE, encoding="utf-8")
    package = Path(dataset.__file__).parent
    before, before_pkg = _snapshot(tmp_path), _snapshot(package)
    env = {"HOME": str(home), "XDG_CACHE_HOME": str(cache_home), "TMPDIR": str(tmp_path / "tmp")}
    (tmp_path / "tmp").mkdir()
    for args in ALL_COMMANDS:
        for extra in ([], ["--data", str(data)]):
            if args[0] == "validate" and extra:
                extra = [str(data)]
            result = subprocess.run(
                [sys.executable, "-m", "migdialogue", *args, *extra],
                cwd=work,
                capture_output=True,
                env={**os.environ, **env},
                timeout=120,
            )
            assert result.returncode == 0, (args, extra, result.stderr)
    after = {k: v for k, v in _snapshot(tmp_path).items() if not k.startswith(str(cache_home))}
    assert after == before
    assert _snapshot(package) == before_pkg
    assert list(cache_home.glob("migdialogue/dataset-*.db"))


def test_proc_helper_uses_the_test_cache() -> None:
    assert proc("about", "--json").returncode == 0
