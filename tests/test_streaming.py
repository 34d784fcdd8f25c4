"""The streaming compile: records checked and stored as they are read, from YAML, JSON, JSON Lines or CSV."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from migdialogue import dataset, validate, yamlio
from migdialogue.store import build, workers

from . import tools
from .conftest import cli, proc
from .test_validate import GOOD_EXAMPLE

TABLES = {
    # (less what the translations' index adds, as compile stores the translations after: build.index_translations)
    "info": "SELECT key, value FROM info WHERE key NOT IN ('translated', 'vocabulary_fr', 'vocabulary_es') "
    "ORDER BY key",
    "records": "SELECT collection, pos, key, user, json FROM records ORDER BY collection, pos",
    "examples": "SELECT pos, key, user, json FROM examples ORDER BY pos",
    "facets": "SELECT facet, value, pos FROM facets ORDER BY facet, value, pos",
    "facet_values": "SELECT id, facet, value, n FROM facet_values ORDER BY id",
    # the full-text index keeps no text: every word it holds, where (row, field, offset)
    "text": "SELECT term, doc, col, offset FROM temp.text_words ORDER BY doc, col, offset",
    "text_refs": "SELECT term, doc, col, offset FROM temp.text_refs_words ORDER BY doc, col, offset",
    "docs": "SELECT rowid, collection, pos FROM docs ORDER BY rowid",
}


def _parsed(value: object) -> object:
    if isinstance(value, str) and value[:1] in ("{", "["):
        return json.loads(value)  # the same record whatever the order of its keys
    return value


def _tables(con: sqlite3.Connection) -> dict[str, list[tuple[object, ...]]]:
    con.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.text_words USING fts5vocab(main, text, instance)")
    con.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.text_refs_words USING fts5vocab(main, text_refs, instance)")
    return {name: [tuple(_parsed(v) for v in row) for row in con.execute(sql)] for name, sql in TABLES.items()}


def _whole_file_data() -> dict[str, object]:
    """The bundled YAML read whole, checked and gathered as before the streaming compile."""
    checker = validate.Checker()
    documents = []
    for path in dataset.bundled_yaml_files():
        doc, problems = yamlio.read_file(path)
        assert problems == []
        documents.append((path, doc))
    raw, metas = validate.collect(documents, checker)
    validate.check_records(raw, checker)
    clean_metas = validate.check_meta(metas, checker, required=True)
    validate.cross_check(raw, clean_metas, checker)
    assert checker.problems == []
    data: dict[str, object] = {"meta": clean_metas[0]}
    for name in dataset.ORDER:
        data[name] = [rec.values for rec in raw if rec.collection == name]
    return data


def test_streamed_store_has_the_same_tables_as_one_built_from_the_whole_data() -> None:
    data = _whole_file_data()
    whole = build.in_memory(data)
    streamed, problems, _ = dataset.check_files(dataset.bundled_yaml_files(), user=False)
    assert problems == [] and streamed is not None
    expected, got = _tables(whole.con), _tables(streamed.con)
    count = len(data["examples"])  # type: ignore[arg-type]
    assert count > 60 and len(got["examples"]) == count and len(got["facets"]) > 500 and len(got["text"]) > count
    for name in TABLES:
        assert got[name] == expected[name], name
    shipped = sqlite3.connect(dataset.compiled_path())
    assert _tables(shipped) == got, "run: python -m migdialogue.compile"


def _many_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bundled data analysed as a large dataset's is: by two forked processes (whatever this
    machine's cores), in chunks of 5 examples, so results must come back in order."""
    monkeypatch.setattr(workers, "PARALLEL_FROM", 0)
    monkeypatch.setattr(workers, "_CHUNK", 5)
    monkeypatch.setattr(workers.os, "sched_getaffinity", lambda pid: {0, 1})
    assert workers._workers(67) == 2


def _dies_on_chunk_10(rows: list[tuple[int, str]]) -> object:
    import os

    if rows[0][0] == 10:
        os._exit(9)  # as if killed (out of memory)
    return workers._analyse_chunk.__wrapped__(rows)  # type: ignore[attr-defined]


def _fails_on_chunk_10(rows: list[tuple[int, str]]) -> object:
    if rows[0][0] == 10:
        raise ValueError("a worker's own error")
    return workers._analyse_chunk.__wrapped__(rows)  # type: ignore[attr-defined]


@tools.LINUX_ONLY
@pytest.mark.slow  # forks the worker processes (store/workers.py): a slow test, as one that starts a process
def test_a_worker_that_dies_or_fails_costs_time_never_the_store(monkeypatch: pytest.MonkeyPatch) -> None:
    """A killed worker: what it had not given back is analysed here (the same store). A worker's
    error reaches this process as its exception. No worker is forked in a daemonic process, which
    may have no children."""
    import multiprocessing

    inline, problems, _ = dataset.check_files(dataset.bundled_yaml_files(), user=False)
    assert inline is not None, problems
    _many_workers(monkeypatch)
    original = workers._analyse_chunk
    for stand_in in (_dies_on_chunk_10, _fails_on_chunk_10):
        stand_in.__wrapped__ = original  # type: ignore[attr-defined]
    monkeypatch.setattr(workers, "_analyse_chunk", _dies_on_chunk_10)
    survived, problems, _ = dataset.check_files(dataset.bundled_yaml_files(), user=False)
    assert survived is not None, problems
    assert _tables(survived.con) == _tables(inline.con)
    monkeypatch.setattr(workers, "_analyse_chunk", _fails_on_chunk_10)
    with pytest.raises(ValueError, match="a worker's own error"):
        dataset.check_files(dataset.bundled_yaml_files(), user=False)
    assert workers._NAMES == []

    class Daemonic:
        daemon = True

    monkeypatch.setattr(multiprocessing, "current_process", lambda: Daemonic())
    assert workers._workers(10**6) == 0


def test_facet_rows_are_written_without_sqlites_json_functions_too() -> None:
    """An SQLite built without JSON functions: the facet rows go in one by one, the same rows."""

    class NoJson(sqlite3.Connection):
        def execute(self, sql: str, *args: object) -> sqlite3.Cursor:  # type: ignore[override]
            if "json_each" in sql:
                raise sqlite3.OperationalError("no such table: json_each")
            return super().execute(sql, *args)  # type: ignore[arg-type]

    data = _whole_file_data()
    plain = build.in_memory(data)
    con = sqlite3.connect(":memory:", factory=NoJson)
    build.fill(con, data)
    assert _tables(con)["facets"] == _tables(plain.con)["facets"] != []


@tools.LINUX_ONLY
@pytest.mark.slow  # forks the worker processes (store/workers.py): a slow test, as one that starts a process
def test_examples_analysed_by_other_processes_give_the_same_store(monkeypatch: pytest.MonkeyPatch) -> None:
    """A large dataset's text is analysed by forked processes, a few chunks at a time, while the
    index is written (two cores in CI): the store is the one analysing it here builds, table for
    table, and the full-text tables are left with FTS5's default merge settings."""
    inline, problems, _ = dataset.check_files(dataset.bundled_yaml_files(), user=False)
    assert inline is not None, problems
    _many_workers(monkeypatch)
    forked, problems, _ = dataset.check_files(dataset.bundled_yaml_files(), user=False)
    assert forked is not None, problems
    got, expected = _tables(forked.con), _tables(inline.con)
    for name in TABLES:
        assert got[name] == expected[name], name
    assert forked.vocabulary() == inline.vocabulary() and forked.text_stats() == inline.text_stats()
    settings = dict(forked.con.execute("SELECT k, v FROM text_config WHERE k IN ('automerge', 'crisismerge')"))
    assert settings == {"automerge": 4, "crisismerge": 16}
    assert workers._NAMES == []  # the names handed to the processes are let go


CASE = {
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


def _jsonl(*records: dict[str, object]) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


def _csv(*records: dict[str, object]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(list(CASE))
    for r in records:
        writer.writerow([json.dumps(v) if isinstance(v, list) else v for v in r.values()])
    return out.getvalue()


SECOND = {**CASE, "id": "second-case", "level": "nationl", "countries": ["Narnia"]}
JSON_TEXT = json.dumps({"examples": [CASE, SECOND]}, indent=2)
JSON_LINE = JSON_TEXT[: JSON_TEXT.index('"id": "second-case"')].count("\n")  # the line its object starts on


@pytest.mark.parametrize(
    ("name", "text", "level_line", "country_line"),
    [
        (
            "cases.yaml",
            GOOD_EXAMPLE
            + GOOD_EXAMPLE.split("\n", 1)[1]
            .replace("my-case", "second-case")
            .replace("level: national", "level: nationl")
            .replace("[Jordan]", "[Narnia]"),
            20,
            18,
        ),
        ("cases.jsonl", _jsonl(CASE, SECOND), 2, 2),
        ("cases.json", JSON_TEXT, JSON_LINE, JSON_LINE),
        ("cases.csv", _csv(CASE, SECOND), 3, 3),
    ],
)
def test_every_format_reports_problems_with_their_lines(
    tmp_path: Path, name: str, text: str, level_line: int, country_line: int
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    run = cli("validate", str(path))
    assert run.code == 3, run.out
    assert run.out.splitlines() == [
        f"{path}:{level_line}: record second-case: field 'level': unknown value 'nationl' (did you mean 'national'?)",
        f"{path}:{country_line}: record second-case: field 'countries': unknown country 'Narnia'",
    ]
    assert "2 problems found" in run.err


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("bad.json", '{"examples": [\n{"id": "x",\n"title": }]}', "bad.json:3: invalid JSON: Expecting value"),
        ("bad.jsonl", '{"id": "my-case"}\n[1, 2]\n', "bad.jsonl:2: each line must be a JSON object"),
        ("bad.csv", 'id,title\n"my-case,x\n', "bad.csv:2: invalid CSV"),
        ("bad.csv", "id,title\nmy-case,x,y\n", "bad.csv:2: row has 3 cells, the header names 2"),
        ("bad.jsonl", b'{"id": "caf\xe9"}\n', "bad.jsonl:1: file is not valid UTF-8 text"),
    ],
)
def test_broken_json_and_csv_files_say_where(tmp_path: Path, name: str, text: str | bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    run = cli("validate", str(path))
    assert run.code == 3
    assert any(line.startswith(f"{tmp_path}/{message}") for line in run.out.splitlines()), run.out


def test_csv_export_edit_and_read_back_through_the_cli(tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text(GOOD_EXAMPLE, encoding="utf-8")
    exported = proc("export", "--format", "csv", "--data", str(mine), "--data-only")
    assert exported.returncode == 3  # alone it names countries it lacks: exported with the brief's data instead
    exported = proc("export", "--format", "csv", "--data", str(mine))
    assert exported.returncode == 0, exported.stderr
    rows = list(csv.DictReader(io.StringIO(exported.stdout.decode())))
    assert len(rows) == len(cli("list", "--json").json()) + 1 and rows[-1]["id"] == "my-case"
    rows[-1]["title"] = "An edited title"
    rows[-1]["years"] = "[2021, 2023]"
    edited = tmp_path / "cases.csv"
    with open(edited, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    check = proc("validate", str(edited))
    assert check.returncode == 0, check.stdout
    shown = proc("show", "my-case", "--json", "--data", str(edited))
    assert shown.returncode == 0, shown.stderr
    record = json.loads(shown.stdout)["record"]
    assert record["title"] == "An edited title" and record["years"] == [2021, 2023]
    assert record["countries"] == ["Jordan"] and record["quote"] is None
    listed = json.loads(proc("list", "--json", "--data", str(edited)).stdout)
    assert [e["id"] for e in listed] == [r["id"] for r in rows]  # the brief's records replaced by themselves, in order
    rows[-1]["level"] = "nationl"
    with open(edited, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    line = edited.read_text(encoding="utf-8").split("\nmy-case,")[0].count("\n") + 2
    check = proc("validate", str(edited))
    assert check.returncode == 3
    assert check.stdout.decode().splitlines() == [
        f"{edited}:{line}: record my-case: field 'level': unknown value 'nationl' (did you mean 'national'?)"
    ]


def test_json_and_jsonl_exports_read_back(tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text(GOOD_EXAMPLE, encoding="utf-8")
    for fmt in ("json", "jsonl"):
        out = tmp_path / f"all.{fmt}"
        assert proc("export", "--format", fmt, "--data", str(mine), "--output", str(out)).returncode == 0
        again = proc("export", "--format", "json", "--data", str(out), "--data-only")
        assert again.returncode == 0, again.stderr
        data = json.loads(again.stdout)
        original = json.loads(proc("export", "--format", "json", "--data", str(mine)).stdout)
        assert data["examples"] == original["examples"] and data["countries"] == original["countries"]


def test_references_resolve_in_any_order_across_files(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    example = {**CASE, "countries": ["Atlantis"], "challenges": ["tides"], "sources": [901]}
    (folder / "a-examples.jsonl").write_text(_jsonl(example), encoding="utf-8")
    (folder / "b-refs.yaml").write_text(
        "countries:\n  - {name: Atlantis, iso2: AX, iso3: ATL, region: europe-central-asia, aliases: [Poseidonia]}\n"
        "challenges:\n  - {id: tides, name: Rising tides, summary: Water., sources: [901]}\n"
        "sources:\n  - {number: 901, citation: A footnote of our own.}\n"
        "recommendations:\n  - {id: my-rec, title: T, summary: S, kind: main, sources: [901], examples: [my-case]}\n",
        encoding="utf-8",
    )
    (folder / "c-more.yaml").write_text(
        GOOD_EXAMPLE.replace("my-case", "later-case").replace("[Jordan]", "[Atlantis]"), encoding="utf-8"
    )
    assert cli("validate", str(folder)).code == 0
    found = cli("search", "poseidonia", "--data", str(folder), "--json").json()
    assert {hit["id"] for hit in found} == {"my-case", "later-case"}
    assert cli("list", "--challenge", "tides", "--data", str(folder), "--json").json()[0]["id"] == "my-case"
    (folder / "b-refs.yaml").unlink()
    run = cli("validate", str(folder))
    assert run.code == 3
    assert run.out.splitlines() == [
        f"{folder}/a-examples.jsonl:1: record my-case: field 'countries': unknown country 'Atlantis'",
        f"{folder}/a-examples.jsonl:1: record my-case: field 'challenges': unknown challenge 'tides'",
        f"{folder}/a-examples.jsonl:1: record my-case: field 'sources': unknown footnote 901",
        f"{folder}/c-more.yaml:5: record later-case: field 'countries': unknown country 'Atlantis'",
    ]


def test_duplicate_ids_across_files_and_collections(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "a.jsonl").write_text(_jsonl(CASE), encoding="utf-8")
    (folder / "b.yaml").write_text(GOOD_EXAMPLE, encoding="utf-8")
    (folder / "c.yaml").write_text(
        "challenges:\n  - {id: my-case, name: N, summary: S, sources: [44]}\n", encoding="utf-8"
    )
    run = cli("validate", str(folder))
    assert run.code == 3
    assert run.out.splitlines() == [
        f"{folder}/b.yaml:2: record my-case: duplicate id (also at a.jsonl:1)",
        f"{folder}/c.yaml:2: record my-case: duplicate id (also at a.jsonl:1)",
    ]


def test_nothing_is_cached_for_an_invalid_dataset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    bad = tmp_path / "bad.jsonl"
    bad.write_text(_jsonl(SECOND), encoding="utf-8")
    run = cli("list", "--data", str(bad))
    assert run.code == 3 and "field 'level': unknown value 'nationl'" in run.err
    assert list(cache.rglob("*")) == [cache / "migdialogue"]


def test_one_record_lookups_use_the_index(tmp_path: Path) -> None:
    path = tmp_path / "mine.jsonl"
    path.write_text(_jsonl(CASE), encoding="utf-8")
    ds = dataset.load(path)
    assert ds.is_user("my-case") and not ds.is_user("jordan-garment-collective-agreement-2022")
    assert ds.store.info("user_keys") is None  # no list of every user id to parse
    plan = ds.store.con.execute("EXPLAIN QUERY PLAN SELECT user FROM examples WHERE key = 'my-case'").fetchall()
    assert "USING INDEX" in str(plan)


_SLOW_ANALYSIS = """
import os, signal, sys, threading, time
# Ctrl-C as a process started from a terminal receives it: a suite started as a background job
# (`pytest &`, some CI systems and editors) runs with SIGINT ignored, and this process would inherit that.
signal.signal(signal.SIGINT, signal.default_int_handler)
from migdialogue.store import workers
workers.PARALLEL_FROM = 0
workers._CHUNK = 1
workers.os.sched_getaffinity = lambda pid: {0, 1}
def slow(rows):
    time.sleep(float(sys.argv[1]))
    return [], set()
workers._analyse_chunk = slow
threading.Timer(1.5, lambda: print("ready", flush=True)).start()
try:
    rows = [(i, "{}") for i in range(int(sys.argv[2]))]
    for _ in workers.analysed_examples(iter(rows), 40, {}, {}, set()):
        pass
except KeyboardInterrupt:
    sys.exit(130)
"""


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@tools.LINUX_ONLY
@pytest.mark.parametrize("how", ["ctrl-c", "killed"])
def test_workers_end_with_the_process_that_forked_them(how: str) -> None:
    """Ctrl-C reaches the whole process group: the workers ignore it and write nothing (one of them
    idle, one analysing); the process that forked them stops them and exits 130. Killed (SIGKILL,
    as by the OOM killer), its workers are killed with it (the parent-death signal)."""
    proc = subprocess.Popen(
        [sys.executable, "-c", _SLOW_ANALYSIS, *(("3", "1") if how == "ctrl-c" else ("30", "40"))],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    assert proc.stdout is not None and proc.stdout.readline() == b"ready\n"
    workers = _children(proc.pid)
    assert len(workers) == 2 and all(_alive(w) for w in workers)
    if how == "ctrl-c":
        os.killpg(proc.pid, signal.SIGINT)
        _, err = proc.communicate(timeout=30)
        assert proc.returncode == 130 and err == b""
    else:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    deadline = time.monotonic() + 10
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(w) for w in workers)
