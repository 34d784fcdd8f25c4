#!/usr/bin/env python3
"""The first run and the cached answers on large generated datasets, against jq and the sqlite3 CLI.

Run from the repository root, with the project's interpreter::

    python benchmarks/scale.py                 # 100,000 records (YAML and JSON Lines), a few minutes
    python benchmarks/scale.py --million       # also 1,000,000 records (JSON Lines): many minutes

For each dataset: the first run (an empty cache: read, check and store every record) with its
time, peak memory (the larger of the child's ru_maxrss, forked from a small helper, and the peak
sum of the PSS of every process it starts: a first run forks workers) and the size of the store
it leaves; then the cached answers (``show ID``, a selective filter, a search, ``country Jordan``,
each ``--json``) as medians, beside the same questions asked of ``jq`` (over the JSON Lines file)
and of the ``sqlite3`` CLI (over the store). Ratios are to ``python -c "import typer"`` (the floor
of any Typer CLI) and, for a first run, to PyYAML's ``yaml.load(..., Loader=CSafeLoader)`` of the
same YAML file, measured in the same run. The datasets come from ``bench.py``'s generator (same
seed, same records) and are kept in ``benchmarks/.data`` (git-ignored). The report goes to stdout.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench  # noqa: E402

MIB = 1024 * 1024
# not "collective bargaining": the generated records hold it in more than half of them, so alone it
# makes no match (the notice says so) and the search would measure nothing
SEARCH = "recruitment fees"
FILTER = ["--region", "africa", "--type", "bipartite", "--level", "enterprise", "--since", "2019"]


def jsonl_file(size: int, seed: int, countries: list[dict[str, Any]], data_dir: Path) -> Path:
    """The generated dataset as JSON Lines (one record a line, as ``export --format jsonl`` writes), streamed."""
    path = data_dir / f"synthetic-{size}-s{seed}-{bench.GENERATOR_VERSION}.jsonl"
    if path.is_file():
        return path
    data_dir.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    head, examples = bench.dataset_parts(size, seed, countries)
    tmp = path.with_suffix(".jsonl.tmp")
    with open(tmp, "w", encoding="utf-8") as out:
        out.write(json.dumps({"collection": "meta", **head["meta"]}, ensure_ascii=False) + "\n")
        for name in ("sources", "challenges", "countries"):
            for rec in head[name]:
                out.write(json.dumps({"collection": name, **rec}, ensure_ascii=False) + "\n")
        for rec in examples:
            out.write(json.dumps({"collection": "examples", **rec}, ensure_ascii=False) + "\n")
    tmp.replace(path)
    bench.log(f"generated {path.name} ({path.stat().st_size / MIB:.0f} MiB) in {time.perf_counter() - start:.0f} s")
    return path


def _processes() -> dict[int, list[int]]:
    """Each running process's children, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                    parent = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(parent, []).append(int(entry))
    return children


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class TreeMemory:
    """The peak, over a run, of the memory of every process it starts (the CLI and any worker it
    forks): the sum of their PSS (shared pages split among the processes sharing them), sampled
    every 50 ms. ru_maxrss is one process's peak; a first run that forks workers is several."""

    def __init__(self) -> None:
        import threading

        self.peak_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        me = os.getpid()
        while not self._stop.wait(0.05):
            tree = _processes()
            helpers = tree.get(me, [])  # the small helper that forks the CLI: not counted
            todo = [child for helper in helpers for child in tree.get(helper, [])]
            total = 0
            while todo:
                pid = todo.pop()
                total += _pss_kib(pid)
                todo += tree.get(pid, [])
            self.peak_kib = max(self.peak_kib, total)


def measured(argv: list[str], env: dict[str, str], tmp_root: str) -> tuple[float, float, int]:
    """(ms, peak MiB, exit code) of one run, forked from the small helper that reports ru_maxrss:
    the peak is the larger of that (one process) and the peak PSS of all the run's processes."""
    fd, out = tempfile.mkstemp(prefix="rss-", dir=tmp_root)
    os.close(fd)
    try:
        with TreeMemory() as tree:
            run = bench.run_once([sys.executable, "-I", "-S", "-c", bench.RSS_HELPER, out, *argv], env)
        with open(out, encoding="ascii") as handle:
            rss = max(int(handle.read().strip() or 0), tree.peak_kib)
    finally:
        os.unlink(out)
    if run.rc != 0:
        bench.log(f"FAIL (exit {run.rc}): {bench.shell_join(argv)}\n{bench.indent(run.stderr.strip()[-2000:])}")
    return run.ms, rss / 1024.0, run.rc


def median_ms(argv: list[str], env: dict[str, str], runs: int) -> float | None:
    bench.run_once(argv, env)  # warm-up
    times = []
    for _ in range(runs):
        r = bench.run_once(argv, env)
        if r.rc != 0:
            bench.log(f"FAIL (exit {r.rc}): {bench.shell_join(argv)}\n{bench.indent(r.stderr.strip()[-1000:])}")
            return None
        times.append(r.ms)
    return statistics.median(times)


def once_ms(argv: list[str], env: dict[str, str]) -> float | None:
    r = bench.run_once(argv, env)
    if r.rc != 0:
        bench.log(f"FAIL (exit {r.rc}): {bench.shell_join(argv)}\n{bench.indent(r.stderr.strip()[-1000:])}")
        return None
    return r.ms


def folder_size(folder: str) -> int:
    return sum(p.stat().st_size for p in Path(folder).rglob("*") if p.is_file())


def fmt(value: float | None, unit: str = "ms") -> str:
    if value is None:
        return "FAIL"
    return f"{value:,.0f} {unit}" if value >= 100 else f"{value:.1f} {unit}"


def ratio(value: float | None, base: float | None) -> str:
    return "—" if value is None or not base else f"{value / base:.2f}×"


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    p.add_argument("--million", action="store_true", help="also 1,000,000 records (JSON Lines; many minutes)")
    p.add_argument("--sizes", help="comma-separated sizes instead (e.g. 10000,100000)")
    p.add_argument("--runs", type=int, default=5, help="timed runs per cached answer (default 5)")
    p.add_argument("--data-dir", type=Path, default=bench.DEFAULT_DATA_DIR)
    p.add_argument("--seed", type=int, default=bench.DEFAULT_SEED)
    args = p.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",")] if args.sizes else [100_000]
    if args.million and 1_000_000 not in sizes:
        sizes.append(1_000_000)
    cli = bench.cli_command()
    tmp_root = tempfile.mkdtemp(prefix="migdialogue-scale-")
    env = bench.child_env(os.path.join(tmp_root, "cache-export"))
    exported = bench.bundled_export(cli, env)
    countries = [{k: v for k, v in c.items() if k != "id" and v is not None} for c in exported["countries"]]
    jq, sqlite = shutil.which("jq"), shutil.which("sqlite3")
    typer_ms = median_ms([sys.executable, "-c", "import typer"], env, max(args.runs, 7))
    rows: list[tuple[str, str, str, str, str]] = []
    notes: list[str] = []
    try:
        for size in sizes:
            label = f"{size:,}"
            inputs: list[tuple[str, Path]] = [("JSON Lines", jsonl_file(size, args.seed, countries, args.data_dir))]
            if size <= 100_000:  # a YAML file of a million records is over the 256 MiB limit
                inputs.insert(0, ("YAML", bench.synthetic_file(size, args.seed, countries, args.data_dir)))
            yaml_ms = yaml_mib = None
            for kind, path in inputs:
                if kind == "YAML":
                    code = "import sys, yaml\nwith open(sys.argv[1], 'rb') as f: yaml.load(f, Loader=yaml.CSafeLoader)"
                    bench.log(f"{label}: yaml.load(CSafeLoader) of {path.name}")
                    yaml_ms, yaml_mib, _ = measured([sys.executable, "-c", code, str(path)], env, tmp_root)
                    rows.append(
                        (
                            f"PyYAML yaml.load(CSafeLoader) of the YAML ({path.stat().st_size / MIB:.0f} MiB)",
                            label,
                            fmt(yaml_ms),
                            f"{yaml_mib:,.0f} MiB",
                            "reference",
                        )
                    )
                cache = tempfile.mkdtemp(prefix="cache-", dir=tmp_root)
                run_env = dict(env, XDG_CACHE_HOME=cache)
                first = [*cli, "list", "--data", str(path), "--data-only", *FILTER, "--json"]
                bench.log(f"{label}: first run from {kind} ({path.stat().st_size / MIB:.0f} MiB)")
                ms, mib, rc = measured(first, run_env, tmp_root)
                store_mib = folder_size(cache) / MIB
                against = f"{ratio(ms, yaml_ms)} yaml.load" if yaml_ms else "—"
                rows.append(
                    (
                        f"first run from {kind}: read, check, store ({store_mib:,.0f} MiB store)",
                        label,
                        fmt(ms) if rc == 0 else "FAIL",
                        f"{mib:,.0f} MiB",
                        against,
                    )
                )
                if kind != "JSON Lines":
                    shutil.rmtree(cache, ignore_errors=True)
                    continue
                stores = list(Path(cache).rglob("dataset-*.db"))
                ident = _middle_id(path, size)
                asks = [
                    (f"show {ident} --json", [*cli, "show", ident, "--json"]),
                    ("list (selective filter) --json", [*cli, "list", *FILTER, "--json"]),
                    (f'search "{SEARCH}" --json', [*cli, "search", SEARCH, "--json"]),
                    ("country Jordan --json", [*cli, "country", "Jordan", "--json"]),
                ]
                for what, argv_ in asks:
                    argv_ = [*argv_, "--data", str(path), "--data-only"]
                    med = median_ms(argv_, run_env, args.runs)
                    rows.append((what, label, fmt(med), "—", f"{ratio(med, typer_ms)} typer"))
                if jq:
                    questions = [
                        ("jq: show", f'select(.id == "{ident}")'),
                        (
                            "jq: the same filter",
                            'select(.collection == "examples" and (.region | index("africa")) '
                            'and .dialogue_type == "bipartite" and .level == "enterprise" '
                            "and any(.years[]; . >= 2019))",
                        ),
                        (
                            "jq: search (substring)",
                            'select(.collection == "examples" and '
                            '((.title + " " + .summary) | ascii_downcase | contains("recruitment fees")))',
                        ),
                        ("jq: country Jordan", 'select(.collection == "examples" and (.countries | index("Jordan")))'),
                    ]
                    for what, program in questions:
                        if size >= 1_000_000 and "substring" in what:
                            notes.append(f"{what}: not run on {label} records (it takes about 0.5 ms a record)")
                            continue
                        argv_ = [jq, "-c", program, str(path)]
                        # a million records: one run each, without a warm-up (each takes tens of seconds)
                        med = (
                            median_ms(argv_, run_env, min(args.runs, 3))
                            if size < 1_000_000
                            else once_ms(argv_, run_env)
                        )
                        rows.append((what, label, fmt(med), "—", f"{ratio(med, typer_ms)} typer"))
                if sqlite and stores:
                    db = str(stores[0])
                    filt = (
                        "SELECT e.json FROM examples e WHERE e.pos IN (SELECT pos FROM facets WHERE facet = 'region' "
                        "AND value = 'africa' INTERSECT SELECT pos FROM facets WHERE facet = 'type' AND value = "
                        "'bipartite' INTERSECT SELECT pos FROM facets WHERE facet = 'level' AND value = 'enterprise' "
                        "INTERSECT SELECT pos FROM facets WHERE facet = 'year' AND value >= '2019') ORDER BY e.pos"
                    )
                    questions = [
                        ("sqlite3 CLI: show", f"SELECT json FROM examples WHERE key = '{ident}'"),
                        ("sqlite3 CLI: the same filter", filt),
                        ("sqlite3 CLI: search (FTS5 MATCH, bm25, 10, every table)", _fts_sql(db, "recruit fee")),
                        (
                            "sqlite3 CLI: country Jordan",
                            "SELECT e.json FROM examples e JOIN facets f ON f.pos = e.pos "
                            "WHERE f.facet = 'country' AND f.value = 'Jordan' ORDER BY e.pos",
                        ),
                    ]
                    for what, sql in questions:
                        med = median_ms([sqlite, "-readonly", db, sql], run_env, args.runs)
                        rows.append((what, label, fmt(med), "—", f"{ratio(med, typer_ms)} typer"))
                shutil.rmtree(cache, ignore_errors=True)
    finally:
        shutil.rmtree(tmp_root, ignore_errors=True)
    commit = subprocess.run(
        ["git", "-C", str(bench.HERE.parent), "describe", "--always", "--dirty"], capture_output=True, text=True
    ).stdout.strip()
    print(f"date: {datetime.datetime.now().astimezone().isoformat(timespec='seconds')}")
    print(f"python: {platform.python_version()}; cpu: {bench.cpu_model()}; cores: {os.cpu_count()}; commit {commit}")
    print(f'python -c "import typer": {fmt(typer_ms)} (median)')
    print()
    header = ("what", "records", "time", "peak memory", "ratio")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(5)]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in rows:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |")
    for note in notes:
        print(f"- {note}")
    return 1 if any("FAIL" in r[2] for r in rows) else 0


def _fts_sql(db: str, phrase: str) -> str:
    """The best ten of every full-text table of the examples (text, text_1, ...) by FTS5's bm25."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        row = con.execute("SELECT value FROM info WHERE key = 'shards'").fetchone()
    finally:
        con.close()
    tables = ["text" if k == 0 else f"text_{k}" for k in range(int((row[0] if row else "1").split()[0]))]
    parts = " UNION ALL ".join(f"SELECT rowid, rank FROM {t} WHERE {t} MATCH '\"{phrase}\"'" for t in tables)
    return f"SELECT rowid FROM ({parts}) ORDER BY rank LIMIT 10"


def _middle_id(path: Path, size: int) -> str:
    """The id of the example in the middle of the file (so a lookup cannot be lucky)."""
    target = size // 2
    seen = 0
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if '"collection": "examples"' in line:
                seen += 1
                if seen == target:
                    return str(json.loads(line)["id"])
    raise SystemExit(f"scale: {path} has fewer than {target} examples")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
