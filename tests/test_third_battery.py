"""Issue 26: the defects a third hostile battery found, each through the installed ``migdialogue``.

As in test_defects.py, every test runs the console script (or the package as installed
elsewhere) as a real process; ``MIGDIALOGUE_TEST_EXE`` runs them against another installation,
which is how each was seen to fail before its fix.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import migdialogue
from migdialogue import outfile

from . import tools
from .test_defects import EXE, out_json
from .test_validate import GOOD_EXAMPLE

GiB = 1024**3
ODD = "C#1?x=%41 100%"  # a fragment, a query and an escape, were the path read as a URI


@pytest.fixture
def mine(tmp_path: Path) -> Path:
    path = tmp_path / "mine.yaml"
    path.write_text(GOOD_EXAMPLE, encoding="utf-8")
    return path


def _entries(cache: Path) -> list[Path]:
    return sorted(p for p in cache.glob("dataset-*.db") if p.is_file() and not p.is_symlink())


# -- 1. a path with '#', '?' or '%' in an SQLite URI ------------------------------------------------


def test_1_installed_under_a_folder_named_with_uri_characters(tmp_path: Path) -> None:
    """The package installed under ``C#1?x=%41 100%/`` (a venv under ~/C#/): the shipped store opens."""
    site = tmp_path / ODD / "site-packages"
    shutil.copytree(
        Path(migdialogue.__file__).parent, site / "migdialogue", ignore=shutil.ignore_patterns("__pycache__")
    )
    env = {k: v for k, v in os.environ.items() if k not in ("MIGDIALOGUE_DATA", "MIGDIALOGUE_DEBUG")}
    env["PYTHONPATH"] = str(site)
    probe = "import migdialogue, sys; sys.stdout.write(migdialogue.__file__)"
    where = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=60)
    assert where.stdout.startswith(str(site)), where.stderr
    result = subprocess.run(
        [sys.executable, "-m", "migdialogue", "country", "Jordan", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["country"]["name"] == "Jordan"


def test_1_a_cache_folder_named_with_uri_characters_is_read_not_rebuilt(tmp_path: Path, mine: Path) -> None:
    cache = tmp_path / ODD
    env = {"MIGDIALOGUE_CACHE_DIR": str(cache)}
    assert out_json("show", "my-case", "--json", "--data", str(mine), env=env)["record"]["id"] == "my-case"
    (entry,) = _entries(cache)
    built = entry.stat().st_ino
    assert out_json("show", "my-case", "--json", "--data", str(mine), env=env)["record"]["id"] == "my-case"
    assert _entries(cache) == [entry] and entry.stat().st_ino == built, "the entry was built again"


# -- 2. a cache entry that is a symbolic link ----------------------------------------------------------


def test_2_a_link_named_as_an_entry_is_replaced_never_written_through(tmp_path: Path, mine: Path) -> None:
    cache = tmp_path / "cache"
    env = {"MIGDIALOGUE_CACHE_DIR": str(cache)}
    out_json("show", "my-case", "--json", "--data", str(mine), env=env)
    (entry,) = _entries(cache)
    precious = tmp_path / "thesis.tex"
    precious.write_text("three years of work\n", encoding="utf-8")
    entry.unlink()
    entry.symlink_to(precious)
    assert out_json("show", "my-case", "--json", "--data", str(mine), env=env)["record"]["id"] == "my-case"
    assert precious.read_text(encoding="utf-8") == "three years of work\n"
    assert not entry.is_symlink() and _entries(cache) == [entry]


def test_2_a_link_to_another_entry_is_not_read_through(tmp_path: Path, mine: Path) -> None:
    """A link to a valid entry of another dataset: never read as this one's, never touched."""
    cache = tmp_path / "cache"
    env = {"MIGDIALOGUE_CACHE_DIR": str(cache)}
    other = tmp_path / "other.yaml"
    other.write_text(GOOD_EXAMPLE.replace("my-case", "other-case"), encoding="utf-8")
    out_json("show", "other-case", "--json", "--data", str(other), env=env)
    (elsewhere,) = _entries(cache)
    kept = tmp_path / "kept.db"
    elsewhere.rename(kept)
    before = kept.stat()
    out_json("show", "my-case", "--json", "--data", str(mine), env=env)
    (entry,) = _entries(cache)
    entry.unlink()
    entry.symlink_to(kept)
    assert out_json("show", "my-case", "--json", "--data", str(mine), env=env)["record"]["id"] == "my-case"
    after = kept.stat()
    assert (after.st_mtime_ns, after.st_size) == (before.st_mtime_ns, before.st_size)
    assert not entry.is_symlink()


# -- 5. temporary files of runs that died ----------------------------------------------------------


def _many_examples(path: Path, count: int) -> Path:
    """A JSON Lines dataset of ``count`` examples, large enough that its first run takes a while."""
    with open(path, "w", encoding="utf-8") as out:
        for i in range(count):
            record = {
                "collection": "examples",
                "id": f"case-{i}",
                "title": f"Generated case {i} on recruitment fees and domestic work",
                "summary": "Workers, employers and the ministry agreed on fair recruitment. " * 3,
                "countries": ["Jordan"],
                "region": ["arab-states"],
                "level": "national",
                "dialogue_type": "tripartite",
                "theme": "policy-formulation",
                "years": [2000 + i % 25],
                "sectors": [],
                "actors": [],
                "challenges": ["gender"],
                "sources": [44],
            }
            out.write(json.dumps(record) + "\n")
    return path


def _temporaries(cache: Path) -> list[Path]:
    return sorted(p for p in cache.iterdir() if outfile.is_temporary(p.name))


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait(timeout=60)
    return child.pid


@tools.LINUX_ONLY  # SIGKILL mid-build and process numbers as this test reads them
def test_5_a_first_run_killed_leaves_a_temporary_file_the_next_build_removes(tmp_path: Path, mine: Path) -> None:
    cache = tmp_path / "cache"
    env = {k: v for k, v in os.environ.items() if k not in ("MIGDIALOGUE_DATA", "MIGDIALOGUE_DEBUG")}
    env["MIGDIALOGUE_CACHE_DIR"] = str(cache)
    big = _many_examples(tmp_path / "big.jsonl", 4000)
    killed = subprocess.Popen([EXE, "list", "--json", "--data", str(big)], stdout=subprocess.DEVNULL, env=env)
    deadline = time.monotonic() + 60
    while not (cache.is_dir() and _temporaries(cache)) and killed.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    killed.send_signal(signal.SIGKILL)
    killed.wait(timeout=60)
    (left,) = _temporaries(cache)
    assert f"-{killed.pid}-" in left.name and _entries(cache) == []

    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        live = cache / f".migdialogue-{outfile.host_id()}-{sleeper.pid}-abcdefgh.tmp"
        elsewhere = cache / f".migdialogue-0123abcd-{_dead_pid()}-abcdefgh.tmp"  # another machine's
        fresh_unnamed, old_unnamed = cache / ".migdialogue-freshabc.tmp", cache / ".migdialogue-oldabcde.tmp"
        for path in (live, elsewhere, fresh_unnamed, old_unnamed):
            path.write_bytes(b"x" * 100)
        a_day_ago = time.time() - 86_400 - 60
        os.utime(old_unnamed, (a_day_ago, a_day_ago))
        assert out_json("show", "my-case", "--json", "--data", str(mine), env=env)["record"]["id"] == "my-case"
        assert _temporaries(cache) == sorted([live, elsewhere, fresh_unnamed])
    finally:
        sleeper.kill()
        sleeper.wait(timeout=60)


def test_5_every_file_of_the_cache_counts_in_its_size_bound(tmp_path: Path, mine: Path) -> None:
    """A 5 GiB entry another live process is building and a 4 GiB entry: with the new one, over the
    8 GiB bound, so the older entry goes (the one being built is never removed)."""
    cache = tmp_path / "cache"
    cache.mkdir()
    older = cache / f"dataset-{'b' * 16}-{'2' * 32}.db"
    building = cache / f".migdialogue-{outfile.host_id()}-{os.getpid()}-abcdefgh.tmp"
    for path, size in ((older, 4 * GiB), (building, 5 * GiB)):
        with open(path, "wb") as f:
            f.truncate(size)  # sparse: no disk used
    an_hour_ago = time.time() - 3600
    os.utime(older, (an_hour_ago, an_hour_ago))
    out_json("show", "my-case", "--json", "--data", str(mine), env={"MIGDIALOGUE_CACHE_DIR": str(cache)})
    assert not older.exists() and building.stat().st_size == 5 * GiB
    assert len(_entries(cache)) == 1
