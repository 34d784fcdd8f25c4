"""The user-data cache: used after the first run, rebuilt when stale or corrupt, safe under concurrency."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from migdialogue import cache, dataset, outfile, store

from .conftest import proc
from .test_hostile import FULL_ALONE
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


# five kinds of damage, each a rebuild: one in the fast loop, the others with the slow tests
@pytest.mark.parametrize(
    "damage",
    [
        lambda e: e.write_bytes(b""),
        *(
            pytest.param(damage, marks=pytest.mark.slow)
            for damage in (
                lambda e: e.write_bytes(b"{not a database"),
                _half,
                _other_version,
                lambda e: e.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200),
            )
        ),
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


# -- pruning: a bound on the total size, the same files' older entries, nothing that is not ours -----

GiB = 1024**3


def _show_mine(data: Path, cache: Path, *extra: str, env: dict[str, str] | None = None) -> None:
    result = proc(
        "show",
        "my-case",
        "--json",
        "--data",
        str(data),
        *extra,
        env={"MIGDIALOGUE_CACHE_DIR": str(cache), **(env or {})},
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["record"]["id"] == "my-case"


def _plant(path: Path, size: int, age_days: float) -> None:
    """An entry another run left (sparse: as big as a large dataset's, using no disk)."""
    with open(path, "wb") as f:
        f.truncate(size)
    when = time.time() - age_days * 86400
    os.utime(path, (when, when))


def _entries(cache: Path) -> list[str]:
    """The entries of the tool's naming there (regular files only)."""
    named = re.compile(r"dataset-[0-9a-f]{16}-[0-9a-f]{32}\.db")
    return sorted(p.name for p in cache.iterdir() if named.fullmatch(p.name) and stat.S_ISREG(os.lstat(p).st_mode))


def test_the_cache_is_bounded_in_total_size_and_touches_only_its_entries(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    data = tmp_path / "mine.yaml"
    data.write_text(GOOD_EXAMPLE, encoding="utf-8")
    recent, old, small, legacy = (
        cache / f"dataset-{'a' * 16}-{'1' * 32}.db",
        cache / f"dataset-{'b' * 16}-{'2' * 32}.db",
        cache / f"dataset-{'c' * 16}-{'3' * 32}.db",
        cache / f"dataset-{'4' * 32}.db",
    )
    _plant(recent, 5 * GiB, age_days=1)
    _plant(old, 5 * GiB, age_days=2)  # with the one above and the new entry: over 8 GiB
    _plant(small, 4096, age_days=3)  # still fits
    _plant(legacy, 4 * GiB, age_days=4)  # named as before: ours too
    outside = tmp_path / "elsewhere.db"
    _plant(outside, 9 * GiB, age_days=9)
    building = f".migdialogue-{outfile.host_id()}-{os.getpid()}-{'x' * 8}.tmp"  # this test's process is alive
    not_ours = {  # small: every file of the folder counts in the bound (issue 26), none of these is removed
        "notes.txt": 4096,
        building: 4096,  # an entry another process is building
        f".build-{'y' * 8}.tmp": 4096,  # another program's file
        "dataset-mine.db": 4096,
        f"dataset-{'d' * 16}-{'5' * 32}.db-journal": 4096,
    }
    for name, size in not_ours.items():
        _plant(cache / name, size, age_days=10)
    link = cache / f"dataset-{'e' * 16}-{'6' * 32}.db"
    link.symlink_to(outside)
    fifo = cache / f"dataset-{'f' * 16}-{'7' * 32}.db"
    os.mkfifo(fifo)
    folder = cache / f"dataset-{'0' * 16}-{'8' * 32}.db"
    folder.mkdir()

    _show_mine(data, cache)
    (new,) = set(_entries(cache)) - {recent.name, small.name}
    assert _entries(cache) == sorted([new, recent.name, small.name])
    assert not old.exists() and not legacy.exists()
    for name, size in not_ours.items():
        assert (cache / name).stat().st_size == size, name
    assert link.is_symlink() and outside.stat().st_size == 9 * GiB
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and folder.is_dir()


def test_the_newest_entry_is_kept_even_over_the_bound(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first, second = tmp_path / "first.yaml", tmp_path / "second.yaml"
    first.write_text(GOOD_EXAMPLE, encoding="utf-8")
    second.write_text(GOOD_EXAMPLE, encoding="utf-8")
    bound = {"MIGDIALOGUE_CACHE_MAX_SIZE": "1K"}  # less than any entry
    _show_mine(first, cache, env=bound)
    (kept,) = _entries(cache)
    _show_mine(first, cache, env=bound)  # answered from it
    assert _entries(cache) == [kept]
    _show_mine(second, cache, env=bound)
    (newer,) = _entries(cache)
    assert newer != kept
    _show_mine(first, cache, env={"MIGDIALOGUE_CACHE_MAX_SIZE": "1G"})
    assert len(_entries(cache)) == 2


def test_the_entries_used_last_are_kept_not_the_ones_built_last(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    files = [tmp_path / f"{name}.yaml" for name in ("daily", "once", "new")]
    for path in files:
        path.write_text(GOOD_EXAMPLE, encoding="utf-8")
    daily, once, new = files
    _show_mine(daily, cache)
    (of_daily,) = _entries(cache)
    two = {"MIGDIALOGUE_CACHE_MAX_SIZE": str((cache / of_daily).stat().st_size * 5 // 2)}
    _show_mine(once, cache, env=two)
    _show_mine(daily, cache, env=two)  # answered from its entry, built first
    # room for two (entries differ by a few pages): the one not used since it was built goes
    _show_mine(new, cache, env=two)
    kept = _entries(cache)
    assert len(kept) == 2 and of_daily in kept
    _show_mine(once, cache, env=two)  # built again
    assert of_daily not in _entries(cache)


@pytest.mark.parametrize("value", ["lots", "8 GB of it", "-1", "1.5G"])
def test_a_cache_size_that_is_not_a_size_is_one_clear_error(tmp_path: Path, value: str) -> None:
    data = tmp_path / "mine.yaml"
    data.write_text(GOOD_EXAMPLE, encoding="utf-8")
    env = {"MIGDIALOGUE_CACHE_DIR": str(tmp_path / "cache"), "MIGDIALOGUE_CACHE_MAX_SIZE": value}
    result = proc("show", "my-case", "--data", str(data), env=env)
    assert result.returncode == 2 and result.stdout == b""
    assert result.stderr.decode() == (
        f"migdialogue: error: MIGDIALOGUE_CACHE_MAX_SIZE={value!r} is not a size; "
        "give bytes or a number with K, M, G or T (such as 20G)\n"
    )


def test_an_entry_rebuilt_for_the_same_files_replaces_theirs(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    data, other = tmp_path / "mine.yaml", tmp_path / "other.yaml"
    data.write_text(FULL_ALONE, encoding="utf-8")  # valid alone too
    other.write_text(GOOD_EXAMPLE, encoding="utf-8")
    _show_mine(other, cache)
    (of_other,) = _entries(cache)
    _show_mine(data, cache)
    _show_mine(data, cache, "--data-only")  # the same file alone: another set of inputs, kept beside it
    assert len(_entries(cache)) == 3
    before = set(_entries(cache))
    data.write_text(FULL_ALONE.replace('"A case"', '"Another title"'), encoding="utf-8")
    _show_mine(data, cache)  # edited: the entry for its old content can never be read again
    after = set(_entries(cache))
    assert len(after) == 3 and of_other in after and len(after - before) == 1
    (new,) = after - before
    # an entry a run of another version (or with other bundled data) built for the same file
    planted = cache / f"{new[:25]}{'9' * 32}.db"  # dataset-<which files>-<another key>.db
    planted.write_bytes(b"")
    assert planted.name in _entries(cache) and len(_entries(cache)) == 4
    data.write_text(FULL_ALONE, encoding="utf-8")
    _show_mine(data, cache)
    assert not planted.exists() and new not in _entries(cache)
    assert len(_entries(cache)) == 3 and of_other in _entries(cache)


# -- the stemmer's version is in the key -----------------------------------------------------------


def test_the_stemmer_version_is_the_one_its_metadata_gives() -> None:
    import importlib.metadata

    assert cache.stemmer_version() == importlib.metadata.version("PyStemmer")


def _other_stemmer(folder: Path, version: str) -> Path:
    """A folder that, first on the path, holds the real PyStemmer under another version's metadata."""
    folder.mkdir()
    real = importlib.util.find_spec("Stemmer").origin  # type: ignore[union-attr]
    (folder / "Stemmer.py").write_text(
        "import importlib.machinery, importlib.util, sys\n"
        f"_loader = importlib.machinery.ExtensionFileLoader('Stemmer', {real!r})\n"
        f"_spec = importlib.util.spec_from_file_location('Stemmer', {real!r}, loader=_loader)\n"
        "_real = importlib.util.module_from_spec(_spec)\n"
        "_loader.exec_module(_real)\n"
        "sys.modules['Stemmer'] = _real\n",
        encoding="utf-8",
    )
    (folder / f"PyStemmer-{version}.dist-info").mkdir()
    (folder / f"PyStemmer-{version}.dist-info" / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: PyStemmer\nVersion: {version}\n", encoding="utf-8"
    )
    return folder


def test_the_key_changes_with_the_stemmer_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "mine.yaml"
    data.write_text(GOOD_EXAMPLE, encoding="utf-8")
    before = cache.key_for([str(data)], bundled=True, bundled_id="b")
    monkeypatch.delitem(sys.modules, "Stemmer", raising=False)
    monkeypatch.syspath_prepend(str(_other_stemmer(tmp_path / "site", "99.0")))
    assert cache.stemmer_version() == "99.0"
    after = cache.key_for([str(data)], bundled=True, bundled_id="b")
    assert after != before and after[:16] == before[:16]  # the same files, another key


def test_an_entry_built_with_another_stemmer_is_not_read(tmp_path: Path) -> None:
    cache_dir, data = tmp_path / "cache", tmp_path / "mine.yaml"
    data.write_text(GOOD_EXAMPLE, encoding="utf-8")
    upgraded = {"PYTHONPATH": str(_other_stemmer(tmp_path / "site", "99.0"))}
    _show_mine(data, cache_dir)
    (old,) = _entries(cache_dir)
    _show_mine(data, cache_dir, env=upgraded)
    (new,) = _entries(cache_dir)
    assert new != old and new[:24] == old[:24]
    search = proc(
        "search", "a case", "--json", "--data", str(data), env={"MIGDIALOGUE_CACHE_DIR": str(cache_dir), **upgraded}
    )
    assert search.returncode == 0 and "my-case" in {r["id"] for r in json.loads(search.stdout)}
    assert _entries(cache_dir) == [new]
