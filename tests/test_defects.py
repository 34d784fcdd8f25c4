"""Issue 13: ten defects found with hostile input, each through the installed ``migdialogue``.

Every test runs the console script as a real process on the real bundled data (and a small file
of the user's own). ``MIGDIALOGUE_TEST_EXE`` runs them against another installation, which is
how each was seen to fail before its fix.
"""

from __future__ import annotations

import ast
import json
import os
import random
import sqlite3
import stat
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

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


# -- 1. integers from the command line reach SQLite bounded -----------------------------------------


def test_1_a_score_that_is_not_a_number_is_refused() -> None:
    assert "--min-score nan is not a number" in one_clean_error(run("search", "union", "--min-score", "nan"), 2)


def test_1_a_huge_limit_means_all() -> None:
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
def test_1_years_out_of_range_select_nothing(args: list[str]) -> None:
    result = run("list", *args, "--json")
    assert result.returncode in (0, 2), result.stderr
    assert "internal error" not in result.stderr
    if result.returncode == 0:
        assert json.loads(result.stdout) == []


def test_1_every_year_range_agrees_with_the_years_of_the_examples() -> None:
    everything = out_json("list", "--json")
    for since in (0, 2019, 2100, 9999, 10000, 123456):
        kept = {e["id"] for e in out_json("list", "--since", str(since), "--json")}
        assert kept == {e["id"] for e in everything if any(y >= since for y in e["years"])}, since


@pytest.mark.parametrize("ident", ["²", "9" * 5000])
def test_1_odd_digits_are_not_a_footnote_number(ident: str) -> None:
    one_clean_error(run("show", ident), 1)
    assert out_json("show", "٣", "--json") == out_json("show", "3", "--json")  # a decimal digit in any script


def test_1_numbers_a_dataset_cannot_store_are_refused(tmp_path: Path) -> None:
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


# -- 2. user text reaches the terminal shown, never acted on -----------------------------------------

EVIL = "\x1b]0;pwned\x07\x1b[31mred"


def _evil_file(tmp_path: Path) -> Path:
    path = tmp_path / "evil.yaml"
    path.write_text(GOOD_EXAMPLE.replace("id: my-case", 'id: "\\e]0;pwned\\a\\e[31mred"'), encoding="utf-8")
    return path


def _no_control(text: str) -> None:
    assert not any(ord(c) < 32 and c != "\n" or 0x7F <= ord(c) < 0xA0 for c in text), repr(text)


def test_2_validate_shows_escape_sequences_in_ids(tmp_path: Path) -> None:
    result = run("validate", str(_evil_file(tmp_path)))
    assert result.returncode == 3
    _no_control(result.stdout + result.stderr)
    assert "record \\x1b]0;pwned\\x07\\x1b[31mred: id must be lower-case kebab-case" in result.stdout


@pytest.mark.parametrize("command", [["list"], ["show", "my-case"], ["search", "case"], ["brief", "Jordan"]])
def test_2_every_command_with_data_shows_them_in_its_errors(tmp_path: Path, command: list[str]) -> None:
    result = run(*command, "--data", str(_evil_file(tmp_path)))
    assert result.returncode == 3
    _no_control(result.stderr)
    assert "\\x1b]0;pwned" in result.stderr


def test_2_notices_and_output_paths_are_shown_too(tmp_path: Path, mine: Path) -> None:
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


def test_2_a_briefing_and_a_citation_as_text_show_them(tmp_path: Path) -> None:
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


# -- 3. unreadable .yaml files of a folder are never skipped without a word -------------------------


def test_3_symlink_loops_in_a_folder_are_reported(tmp_path: Path, mine: Path) -> None:
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


def test_3_a_dangling_link_or_a_fifo_in_a_folder_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "mine.yaml").write_text(GOOD_EXAMPLE, encoding="utf-8")
    os.symlink("gone.yaml", folder / "dangling.yaml")
    assert "dangling.yaml: cannot read: No such file or directory" in one_clean_error(run("validate", str(folder)), 2)
    os.unlink(folder / "dangling.yaml")
    os.mkfifo(folder / "pipe.yaml")
    assert "pipe.yaml: not a regular file" in one_clean_error(run("validate", str(folder)), 2)


# -- 4 and 5. one writer for every output path --------------------------------------------------------


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_4_a_folder_as_output_is_a_clear_error_with_advice_that_works(tmp_path: Path, force: list[str]) -> None:
    error = one_clean_error(run("export", "--output", str(tmp_path), *force), 2)
    assert "--force" not in error and "is a folder; give the path of a file" in error
    assert list(tmp_path.iterdir()) == []


def test_5_a_fifo_is_written_into_and_stays_a_fifo(tmp_path: Path) -> None:
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
def test_5_a_full_device_is_written_into_and_never_replaced(tmp_path: Path, fmt: str) -> None:
    device = _a_full_device(tmp_path)
    result = run("export", "--format", fmt, "--output", str(device), "--force")
    assert one_clean_error(result, 4) == f"migdialogue: error: cannot write {device}: No space left on device\n"
    assert stat.S_ISCHR(os.lstat(device).st_mode), "the device node was replaced by a regular file"


def test_5_dev_stdout_and_dev_null_are_written_without_force(tmp_path: Path) -> None:
    result = run("export", "--format", "jsonl", "--output", "/dev/stdout")
    assert result.returncode == 0 and result.stdout.startswith('{"collection": "meta"'), result.stderr
    assert run("export", "--format", "sqlite", "--output", "/dev/null").returncode == 0


def test_5_regular_files_links_and_permissions(tmp_path: Path) -> None:
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


# -- 6. XDG_CACHE_HOME ---------------------------------------------------------------------------------


def test_6_a_relative_xdg_cache_home_is_ignored(tmp_path: Path, mine: Path) -> None:
    work, home = tmp_path / "work", tmp_path / "home"
    work.mkdir()
    home.mkdir()
    env = {"XDG_CACHE_HOME": "rel-cache", "HOME": str(home)}
    assert out_json("show", "my-case", "--json", "--data", str(mine), env=env, cwd=work)["record"]["id"] == "my-case"
    assert list(work.iterdir()) == []
    assert len(list((home / ".cache" / "migdialogue").glob("dataset-*.db"))) == 1


def test_6_with_no_absolute_place_nothing_is_cached(tmp_path: Path, mine: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    env = {"XDG_CACHE_HOME": "rel-cache", "HOME": "relative-home"}
    assert out_json("show", "my-case", "--json", "--data", str(mine), env=env, cwd=work)["record"]["id"] == "my-case"
    assert list(work.iterdir()) == []


# -- 7. a cache entry damaged inside is rebuilt -------------------------------------------------------

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


def test_7_pages_overwritten_anywhere_are_detected_and_rebuilt(mine: Path, cache_home: Path) -> None:
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


def test_7_damage_found_while_reading_a_large_entry_is_rebuilt(
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


def test_7_damage_met_part_way_through_a_streamed_answer_ends_it_with_one_line(
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


# -- 8. one key function: bundled countries are not the user's -----------------------------------------


def test_8_a_bundled_country_is_cited_with_user_data(mine: Path) -> None:
    result = run("cite", "jordan", "--data", str(mine))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1] == "Cited for: record 'jordan' (Jordan)."
    assert out_json("show", "my-case", "--json", "--data", str(mine))["origin"] == "user"
    for country in ("viet-nam", "philippines", "united-states-of-america"):  # a few more, names with spaces too
        assert run("cite", country, "--data", str(mine)).returncode == 0, country
    assert "comes from your own dataset" in one_clean_error(run("cite", "my-case", "--data", str(mine)), 2)


def test_8_a_user_country_is_the_users(tmp_path: Path) -> None:
    path = tmp_path / "narnia.yaml"
    path.write_text(
        GOOD_EXAMPLE.replace("[Jordan]", "[Narnia]")
        + "countries:\n  - name: Narnia\n    iso2: QN\n    iso3: NRN\n    region: africa\n",
        encoding="utf-8",
    )
    assert out_json("country", "narnia", "--json", "--data", str(path))["country"]["id"] == "narnia"
    assert "comes from your own dataset" in one_clean_error(run("cite", "narnia", "--data", str(path)), 2)


# -- 9. a partial name matching several values selects them all ----------------------------------------


def _ids(*args: str) -> set[str]:
    return {e["id"] for e in out_json("list", *args, "--json")}


def test_9_a_partial_sector_selects_every_sector_it_names() -> None:
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
def test_9_sibling_lookups_follow_the_same_rule(option: str, typed: str, values: list[str]) -> None:
    union: set[str] = set()
    for value in values:
        union |= _ids(option, value)
    assert _ids(option, typed) == union


def test_9_one_record_by_an_ambiguous_name_lists_the_choices() -> None:
    error = one_clean_error(run("challenges", "c"), 2)
    assert "challenge 'c' matches 5: gender, climate-change, conflict" in error and "no challenge" not in error
    assert "no sector 'narnia'" in one_clean_error(run("list", "--sector", "narnia"), 1)
    note = run("brief", "care")  # a topic: the note covers every sector it names, and the terminal says so
    assert note.returncode == 0 and "# Briefing note: aged care or care work (sectors)" in note.stdout
    assert "'care' matches the sectors aged care and care work: the note covers them all" in note.stderr


# -- 10. no assertion that cannot fail ----------------------------------------------------------------


def _cannot_fail(test: ast.expr) -> bool:
    if isinstance(test, ast.Constant):
        return bool(test.value)
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.Or):
        return any(_cannot_fail(v) for v in test.values)
    if (
        isinstance(test, ast.Compare)
        and len(test.ops) == 1
        and isinstance(test.ops[0], (ast.Eq, ast.Is, ast.LtE, ast.GtE))
    ):
        return ast.dump(test.left) == ast.dump(test.comparators[0])
    return False


def test_10_no_test_asserts_something_that_cannot_fail() -> None:
    found = []
    for path in sorted(Path(__file__).parent.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assert) and _cannot_fail(node.test):
                found.append(f"{path.name}:{node.lineno}: assert {ast.unparse(node.test)}")
    assert found == []


def test_10_the_checker_sees_the_known_forms() -> None:
    forms = ['shutil.which("mypy") or True', "True", "x == x", "1", "a or (b or 'yes')"]
    assert all(_cannot_fail(ast.parse(f, mode="eval").body) for f in forms)
    assert not any(_cannot_fail(ast.parse(f, mode="eval").body) for f in ["x", "x == y", "a or b", "False"])


def test_7_sibling_damaged_bundled_data_is_one_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
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
