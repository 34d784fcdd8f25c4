#!/usr/bin/env python3
"""Public evaluation of ``migdialogue search``: graded queries, the real CLI, and an FTS5 baseline.

Run from the repository root, with the interpreter migdialogue is installed in::

    python benchmarks/search_eval.py              # summary tables
    python benchmarks/search_eval.py --verbose    # plus each query's top 5, with grades
    python benchmarks/search_eval.py --json       # the figures as JSON
    python benchmarks/search_eval.py --new        # the questions of issue 24 (search_queries_new.yaml)

Every query of ``benchmarks/search_queries.yaml`` goes through the installed CLI
(``migdialogue search QUERY --json --limit 10``, with ``--in all`` for the queries whose
collection is not ``examples``) and through a plain SQLite FTS5 index built here in memory over
the same records (tokenizer ``porter unicode61 remove_diacritics 2``, query words joined with OR,
ranked by ``bm25()``). Both rankings are scored against the judgments: nDCG@10 (gain 2^g - 1,
log2 discount), recall@10, the zero-result rate on queries that have an answer, and for the
``expect_empty`` queries how many got nothing back.

A judgments file may also mark questions ``answerable: false`` (the brief cannot answer them: the
right answer is nothing, or results with a notice on stderr that the brief does not cover the
question, see NOTICE) and ``heldout: true`` (kept aside, never tuned on). When it uses either
field, the report adds the held-out questions on their own (overall and per language), each
kind, how many unanswerable questions got nothing or the notice, and how many answerable ones got
the notice; recall@10 is then capped (found / min(judged, 10)), as some of its questions have more
than ten right answers. ``search_queries.yaml`` uses neither, and its report is as it was. See benchmarks/README.md.

This is a measurement, not a test: it prints numbers and exits 0 whatever they are.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_QUERIES = HERE / "search_queries.yaml"
DEFAULT_DATA_DIR = ROOT / "src" / "migdialogue" / "data"
K = 10
TOP_SHOWN = 5
TIMEOUT_S = 120.0
FTS_TOKENIZER = "porter unicode61 remove_diacritics 2"
NEW_QUERIES = HERE / "search_queries_new.yaml"
# A notice on the CLI's stderr that says the brief does not cover the question (issue 24's wording:
# "the brief may not cover ...: only weak matches", "the brief names no example in <place>").
# Read in English: the CLI is run with MIGDIALOGUE_LANG=en. --notice sets another pattern.
NOTICE = r"(?:may|does) not cover|names no example"

# The collections `search --in` knows, and the top-level key of each file. Only these files are
# read: the evaluation must not see anything else in the data folder (a lexicon, for instance).
SMALL_COLLECTIONS = ("challenges", "recommendations", "instruments", "frameworks", "statistics", "sources")
COLLECTIONS = ("examples", *SMALL_COLLECTIONS)

try:  # the C loader when PyYAML has it; same results, faster
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader


# -- the judgments ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    id: str
    lang: str
    kind: str
    query: str
    collection: str
    relevant: dict[str, int]
    expect_empty: bool  # the brief has no answer (`expect_empty: true` or `answerable: false`)
    heldout: bool = False
    extended: bool = False  # the file's entry says `answerable` or `heldout`


def load_queries(path: Path) -> list[Query]:
    with path.open(encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=_Loader)
    queries: list[Query] = []
    for item in data["queries"]:
        queries.append(
            Query(
                id=str(item["id"]),
                lang=str(item["lang"]),
                kind=str(item["kind"]),
                query=str(item["query"]),
                collection=str(item.get("collection", "examples")),
                relevant={str(k): int(v) for k, v in (item.get("relevant") or {}).items()},
                expect_empty=bool(item.get("expect_empty", False)) or item.get("answerable", True) is False,
                heldout=bool(item.get("heldout", False)),
                extended="answerable" in item or "heldout" in item,
            )
        )
    return queries


# -- the records (for the baseline) -------------------------------------------------------------


@dataclass(frozen=True)
class Record:
    collection: str
    id: str
    text: str


def _strings(value: Any) -> Iterable[str]:
    if value is None:
        return
    if isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        yield from _strings(value.get("text"))
    else:
        yield str(value)


def _load_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_Loader)


def collection_files(data_dir: Path) -> dict[str, list[Path]]:
    """The YAML files of each searchable collection (and nothing else in the folder)."""
    files = {"examples": sorted(data_dir.glob("examples-*.yaml"))}
    for name in SMALL_COLLECTIONS:
        path = data_dir / f"{name}.yaml"
        files[name] = [path] if path.is_file() else []
    return files


def load_records(data_dir: Path) -> list[Record]:
    """Every record of the searchable collections, with the text the baseline indexes.

    Examples: title, summary, points, quote text, countries, sectors and actors. Other
    collections: their title (title, name with acronym, label or citation) and summary.
    """
    records: list[Record] = []
    for collection, paths in collection_files(data_dir).items():
        for path in paths:
            data = _load_yaml(path) or {}
            for item in data.get(collection) or []:
                if collection == "sources":
                    rid = str(item["number"])
                    parts: list[str] = [str(item.get("citation", ""))]
                elif collection == "examples":
                    rid = str(item["id"])
                    parts = [
                        *_strings(item.get("title")),
                        *_strings(item.get("summary")),
                        *_strings(item.get("points")),
                        *_strings(item.get("quote")),
                        *_strings(item.get("countries")),
                        *_strings(item.get("sectors")),
                        *_strings(item.get("actors")),
                    ]
                else:
                    rid = str(item["id"])
                    parts = [
                        *_strings(item.get("title") or item.get("name") or item.get("label")),
                        *_strings(item.get("acronym")),
                        *_strings(item.get("summary")),
                    ]
                records.append(Record(collection, rid, "\n".join(p for p in parts if p)))
    return records


def dataset_ids(data_dir: Path) -> dict[str, str]:
    """Record id -> collection, for every record that has an ``id`` (sources have numbers)."""
    return {r.id: r.collection for r in load_records(data_dir) if r.collection != "sources"}


# -- the baseline: SQLite FTS5 bm25() -----------------------------------------------------------

_WORD = re.compile(r"\w+", re.UNICODE)


class Baseline:
    """Two in-memory FTS5 indexes: the examples alone (``--in examples``) and every collection."""

    def __init__(self, records: Sequence[Record]) -> None:
        self.con = sqlite3.connect(":memory:")
        for table, keep in (("examples", lambda r: r.collection == "examples"), ("everything", lambda r: True)):
            self.con.execute(
                f"CREATE VIRTUAL TABLE {table} USING fts5(rid UNINDEXED, coll UNINDEXED, body, "
                f"tokenize = '{FTS_TOKENIZER}')"
            )
            self.con.executemany(
                f"INSERT INTO {table} (rid, coll, body) VALUES (?, ?, ?)",
                [(r.id, r.collection, r.text) for r in records if keep(r)],
            )

    @staticmethod
    def match_expression(query: str) -> str:
        words = _WORD.findall(query)
        return " OR ".join('"' + w.replace('"', '""') + '"' for w in words)

    def search(self, query: str, collection: str) -> list[str]:
        expression = self.match_expression(query)
        if not expression:
            return []
        if collection == "examples":
            sql = "SELECT rid FROM examples WHERE examples MATCH ? ORDER BY bm25(examples), rid LIMIT ?"
            rows = self.con.execute(sql, (expression, K)).fetchall()
        elif collection == "all":
            sql = "SELECT rid FROM everything WHERE everything MATCH ? ORDER BY bm25(everything), rid LIMIT ?"
            rows = self.con.execute(sql, (expression, K)).fetchall()
        else:
            sql = (
                "SELECT rid FROM everything WHERE everything MATCH ? AND coll = ? "
                "ORDER BY bm25(everything), rid LIMIT ?"
            )
            rows = self.con.execute(sql, (expression, collection, K)).fetchall()
        return [str(row[0]) for row in rows]


# -- the tool: the installed CLI ----------------------------------------------------------------


@dataclass
class ToolLog:
    """What went wrong in tool runs (today's CLI has no ``--in``: those runs are logged here)."""

    errors: dict[str, str] = field(default_factory=dict)
    notices: dict[str, list[str]] = field(default_factory=dict)  # the stderr lines of each run


_CLI: list[str] = []
TOOL_LOG = ToolLog()
_NOTICE: list[re.Pattern[str]] = [re.compile(NOTICE, re.IGNORECASE)]


def run_key(query: str, collection: str) -> str:
    return f"{collection}:{query}"


def has_notice(query: str, collection: str) -> bool:
    """Whether the CLI's stderr for this run says the brief does not cover the question."""
    return any(_NOTICE[0].search(line) for line in TOOL_LOG.notices.get(run_key(query, collection), []))


def cli_command() -> list[str]:
    if not _CLI:
        found = shutil.which("migdialogue")
        _CLI.extend([found] if found else [sys.executable, "-m", "migdialogue"])
    return _CLI


def _result_id(item: Any) -> str | None:
    if not isinstance(item, dict) or "id" not in item:
        return None
    rid = str(item["id"])
    prefix, sep, rest = rid.partition(":")
    if sep and prefix in COLLECTIONS:  # "collection:id" -> id (ids are unique across collections)
        rid = rest
    return rid


def run_tool(query: str, collection: str) -> list[str]:
    """The ids the CLI returns for QUERY, in order (at most 10; [] when it finds nothing).

    Calls ``migdialogue search QUERY --json --limit 10`` (``--in COLLECTION`` unless the
    collection is ``examples``). Exit 1 with no output, as today's CLI does when nothing matches,
    is an empty answer; any other failure is an empty answer logged in TOOL_LOG.
    """
    command = [*cli_command(), "search", query, "--json", "--limit", str(K)]
    if collection != "examples":
        command += ["--in", collection]
    key = run_key(query, collection)
    env = {**os.environ, "MIGDIALOGUE_LANG": "en"}  # notices in English, for NOTICE
    try:
        proc = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S, check=False, env=env)
    except (OSError, subprocess.TimeoutExpired) as exc:
        TOOL_LOG.errors[key] = f"could not run: {exc}"
        return []
    TOOL_LOG.notices[key] = [line.strip() for line in proc.stderr.splitlines() if line.strip()]
    out = proc.stdout.strip()
    if proc.returncode not in (0, 1):
        first = (proc.stderr.strip().splitlines() or [""])[-1].strip(" │╭╮╰╯─")
        TOOL_LOG.errors[key] = f"exit {proc.returncode}: {first.strip()}"
        return []
    if not out:
        return []
    try:
        data = json.loads(out)
    except json.JSONDecodeError:
        TOOL_LOG.errors[key] = f"exit {proc.returncode}: stdout is not JSON"
        return []
    if isinstance(data, dict):
        data = data.get("results", [])
    ids: list[str] = []
    for item in data if isinstance(data, list) else []:
        rid = _result_id(item)
        if rid is not None and rid not in ids:
            ids.append(rid)
    return ids[:K]


# -- metrics ------------------------------------------------------------------------------------


def dcg(grades: Sequence[int]) -> float:
    return sum(((2.0**g) - 1.0) / math.log2(i + 2) for i, g in enumerate(grades[:K]))


def ndcg(ranked: Sequence[str], relevant: dict[str, int]) -> float:
    ideal = dcg(sorted(relevant.values(), reverse=True))
    return dcg([relevant.get(r, 0) for r in ranked]) / ideal if ideal else 0.0


def recall(ranked: Sequence[str], relevant: dict[str, int], capped: bool = False) -> float:
    """Share of the judged records in the top K; capped: of min(judged, K), as BEIR's R_cap@K."""
    wanted = {r for r, g in relevant.items() if g > 0}
    if not wanted:
        return 0.0
    return len(wanted.intersection(ranked[:K])) / (min(len(wanted), K) if capped else len(wanted))


@dataclass
class Outcome:
    query: Query
    tool: list[str]
    baseline: list[str]


SYSTEMS = ("tool", "baseline")


def _ranked(outcome: Outcome, system: str) -> list[str]:
    return outcome.tool if system == "tool" else outcome.baseline


BASE_KINDS = ("concept", "named")


def _honest(o: Outcome) -> bool:
    """An unanswerable question answered honestly: nothing, or the notice that the brief does not cover it."""
    return not o.tool or has_notice(o.query.query, o.query.collection)


def summarize(outcomes: Sequence[Outcome]) -> dict[str, Any]:
    answered = [o for o in outcomes if not o.query.expect_empty]
    empty = [o for o in outcomes if o.query.expect_empty]
    extended = any(o.query.extended for o in outcomes)
    groups: list[tuple[str, list[Outcome]]] = [("overall", answered)]
    order = ("en", "fr", "es")
    langs = sorted({o.query.lang for o in outcomes}, key=lambda x: (order.index(x) if x in order else len(order), x))
    kinds = [k for k in BASE_KINDS if any(o.query.kind == k for o in answered)]
    kinds += [k for k in dict.fromkeys(o.query.kind for o in answered) if k not in BASE_KINDS]
    groups += [(lang, [o for o in answered if o.query.lang == lang]) for lang in langs]
    groups += [(kind, [o for o in answered if o.query.kind == kind]) for kind in kinds]
    groups += [
        (f"{lang} {kind}", [o for o in answered if o.query.lang == lang and o.query.kind == kind])
        for lang in langs
        for kind in kinds
        if kind in BASE_KINDS
    ]
    groups += [
        (f"--in {c}", [o for o in answered if o.query.collection == c])
        for c in sorted({o.query.collection for o in answered})
    ]
    if extended:
        held = [o for o in answered if o.query.heldout]
        groups += [("held-out", held)]
        groups += [(f"held-out {lang}", [o for o in held if o.query.lang == lang]) for lang in langs]
        groups += [("not held-out", [o for o in answered if not o.query.heldout])]
    table: dict[str, Any] = {}
    for name, members in groups:
        if not members:
            continue
        row: dict[str, Any] = {"n": len(members)}
        for system in SYSTEMS:
            runs = [_ranked(o, system) for o in members]
            pairs = list(zip(runs, members, strict=True))
            row[system] = {
                "ndcg@10": round(sum(ndcg(r, o.query.relevant) for r, o in pairs) / len(members), 4),
                "recall@10": round(
                    sum(recall(r, o.query.relevant, capped=extended) for r, o in pairs) / len(members), 4
                ),
                "zero_result_rate": round(sum(1 for r in runs if not r) / len(members), 4),
                "zero_results": sum(1 for r in runs if not r),
            }
        base = row["baseline"]["ndcg@10"]
        row["ratio_ndcg"] = round(row["tool"]["ndcg@10"] / base, 3) if base else None
        table[name] = row
    empties: dict[str, Any] = {"n": len(empty)}
    for system in SYSTEMS:
        empties[system] = {"returned_nothing": sum(1 for o in empty if not _ranked(o, system))}
    per_lang_empty = {
        lang: {s: sum(1 for o in empty if o.query.lang == lang and not _ranked(o, s)) for s in SYSTEMS}
        | {"n": sum(1 for o in empty if o.query.lang == lang)}
        for lang in langs
        if any(o.query.lang == lang for o in empty)
    }
    empties["per_lang"] = per_lang_empty
    summary: dict[str, Any] = {
        "k": K,
        "queries": len(outcomes),
        "with_answer": len(answered),
        "expect_empty": empties,
        "groups": table,
        "tool_errors": len(TOOL_LOG.errors),
    }
    if extended:
        # The baseline has no notices: for it, only an empty answer is honest.
        empties["tool"]["nothing_or_notice"] = sum(1 for o in empty if _honest(o))
        for lang, row in per_lang_empty.items():
            row["tool_nothing_or_notice"] = sum(1 for o in empty if o.query.lang == lang and _honest(o))
        held_empty = [o for o in empty if o.query.heldout]
        empties["heldout"] = {
            "n": len(held_empty),
            "tool_nothing_or_notice": sum(1 for o in held_empty if _honest(o)),
            "baseline_returned_nothing": sum(1 for o in held_empty if not o.baseline),
        }
        summary["heldout"] = sum(1 for o in outcomes if o.query.heldout)
        summary["recall"] = f"capped: found / min(judged, {K})"
        summary["answerable_with_notice"] = {
            "n": len(answered),
            "tool": sum(1 for o in answered if has_notice(o.query.query, o.query.collection)),
            "heldout": sum(1 for o in answered if o.query.heldout and has_notice(o.query.query, o.query.collection)),
        }
    return summary


# -- output -------------------------------------------------------------------------------------


def _fmt(value: float | None) -> str:
    return "   —" if value is None else f"{value:.3f}"


def print_report(summary: dict[str, Any], outcomes: Sequence[Outcome], verbose: bool) -> None:
    out = sys.stdout
    extended = "heldout" in summary
    if verbose:
        for o in outcomes:
            q = o.query
            flag = " (expect empty)" if q.expect_empty else ""
            if extended:
                flag = (" (cannot be answered)" if q.expect_empty else "") + (" (held out)" if q.heldout else "")
            out.write(f"\n[{q.id}] {q.lang} {q.kind} --in {q.collection}{flag}: {q.query}\n")
            for system in SYSTEMS:
                ranked = _ranked(o, system)
                score = ""
                if not q.expect_empty:
                    found = recall(ranked, q.relevant, capped=extended)
                    score = f"nDCG@10 {ndcg(ranked, q.relevant):.3f}, R@10 {found:.2f}"
                out.write(f"  {system:<8} {len(ranked):>2} results  {score}\n")
                for i, rid in enumerate(ranked[:TOP_SHOWN], 1):
                    grade = q.relevant.get(rid)
                    out.write(f"    {i}. [{grade if grade else '-'}] {rid}\n")
            missing = [r for r, g in sorted(q.relevant.items(), key=lambda x: (-x[1], x[0])) if r not in o.tool]
            if missing:
                out.write("  not in the tool's top 10: " + ", ".join(f"{r} [{q.relevant[r]}]" for r in missing) + "\n")
            if extended:
                for line in TOOL_LOG.notices.get(run_key(q.query, q.collection), []):
                    out.write(f"  stderr: {line}\n")
        out.write("\n")
    if extended:
        out.write(
            f"Search evaluation: {summary['queries']} queries, {summary['with_answer']} with an answer, "
            f"{summary['expect_empty']['n']} the brief cannot answer; {summary['heldout']} held out. "
            f"Gain 2^g-1, cut-off {K}; recall@10 {summary['recall']}.\n\n"
        )
    else:
        out.write(
            f"Search evaluation: {summary['queries']} queries, {summary['with_answer']} with an answer, "
            f"{summary['expect_empty']['n']} expecting none. Gain 2^g-1, cut-off {K}.\n\n"
        )
    header = (
        f"{'group':<16}{'n':>4}  {'nDCG tool':>9} {'nDCG base':>9} {'ratio':>6}  "
        f"{'R@10 tool':>9} {'R@10 base':>9}  {'zero tool':>9} {'zero base':>9}\n"
    )
    out.write(header)
    out.write("-" * (len(header) - 1) + "\n")
    for name, row in summary["groups"].items():
        t, b = row["tool"], row["baseline"]
        out.write(
            f"{name:<16}{row['n']:>4}  {_fmt(t['ndcg@10']):>9} {_fmt(b['ndcg@10']):>9} "
            f"{('   —' if row['ratio_ndcg'] is None else format(row['ratio_ndcg'], '.2f')):>6}  "
            f"{_fmt(t['recall@10']):>9} {_fmt(b['recall@10']):>9}  "
            f"{t['zero_result_rate']:>8.1%} {b['zero_result_rate']:>9.1%}\n"
        )
    e = summary["expect_empty"]
    if e["n"]:
        out.write(
            f"\nQueries the brief has no answer for: the tool returned nothing for "
            f"{e['tool']['returned_nothing']}/{e['n']}, the baseline for {e['baseline']['returned_nothing']}/{e['n']}"
        )
        parts = [f"{lang} {v['tool']}/{v['n']} vs {v['baseline']}/{v['n']}" for lang, v in e["per_lang"].items()]
        out.write(f" ({'; '.join(parts)}).\n")
    if extended and e["n"]:
        parts = [f"{lang} {v['tool_nothing_or_notice']}/{v['n']}" for lang, v in e["per_lang"].items()]
        h = e["heldout"]
        parts.append(f"held out {h['tool_nothing_or_notice']}/{h['n']}")
        out.write(
            f"Unanswerable with the notice that the brief does not cover them, or with nothing: the tool "
            f"{e['tool']['nothing_or_notice']}/{e['n']} ({'; '.join(parts)}).\n"
        )
    if extended:
        a = summary["answerable_with_notice"]
        out.write(f"Answerable questions that got the notice: {a['tool']}/{a['n']} (held out: {a['heldout']}).\n")
    if TOOL_LOG.errors:
        out.write(f"\nThe CLI failed on {len(TOOL_LOG.errors)} queries (counted as returning nothing):\n")
        for key, message in TOOL_LOG.errors.items():
            out.write(f"  {key}: {message}\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--verbose", action="store_true", help="each query's top 5 with grades")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--queries", type=Path, default=DEFAULT_QUERIES, help="judgments file (YAML)")
    parser.add_argument("--new", action="store_true", help=f"the questions of issue 24: --queries {NEW_QUERIES.name}")
    parser.add_argument("--notice", default=NOTICE, help="regular expression of the does-not-cover notice (stderr)")
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR, help="dataset folder for the baseline")
    parser.add_argument("--cli", help="command that runs migdialogue (default: migdialogue on PATH)")
    args = parser.parse_args(argv)
    if args.cli:
        _CLI[:] = args.cli.split()
    if args.new:
        args.queries = NEW_QUERIES
    try:
        _NOTICE[0] = re.compile(args.notice, re.IGNORECASE)
    except re.error as exc:
        print(f"search_eval: --notice is not a regular expression: {exc}", file=sys.stderr)
        return 2
    try:
        queries = load_queries(args.queries)
        baseline = Baseline(load_records(args.data_dir))
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        print(f"search_eval: cannot load the queries or the data: {exc}", file=sys.stderr)
        return 2
    outcomes: list[Outcome] = []
    for i, q in enumerate(queries, 1):
        print(f"\r{i}/{len(queries)} {q.id:<40}", end="", file=sys.stderr, flush=True)
        outcomes.append(Outcome(q, run_tool(q.query, q.collection), baseline.search(q.query, q.collection)))
    print("\r" + " " * 50 + "\r", end="", file=sys.stderr, flush=True)
    summary = summarize(outcomes)
    if args.json:
        summary["tool_error_messages"] = dict(TOOL_LOG.errors)
        summary["per_query"] = [
            {
                "id": o.query.id,
                "lang": o.query.lang,
                "kind": o.query.kind,
                "collection": o.query.collection,
                "expect_empty": o.query.expect_empty,
                "tool": o.tool,
                "baseline": o.baseline,
                "tool_ndcg@10": None if o.query.expect_empty else round(ndcg(o.tool, o.query.relevant), 4),
                "baseline_ndcg@10": None if o.query.expect_empty else round(ndcg(o.baseline, o.query.relevant), 4),
            }
            for o in outcomes
        ]
        if "heldout" in summary:
            for row, o in zip(summary["per_query"], outcomes, strict=True):
                row["heldout"] = o.query.heldout
                row["tool_notice"] = has_notice(o.query.query, o.query.collection)
                row["tool_stderr"] = TOOL_LOG.notices.get(run_key(o.query.query, o.query.collection), [])
        json.dump(summary, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print_report(summary, outcomes, args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
