"""Export the dataset (or a filtered part) as JSON, JSON Lines, CSV, YAML, SQLite or an HTML page, atomically."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .dataset import Dataset
from .errors import OutputError, UsageError
from .vocab import ORDER

if TYPE_CHECKING:
    from .query import Filters

FORMATS = ("json", "jsonl", "csv", "yaml", "sqlite", "html")


def subset(ds: Dataset, example_ids: set[str] | None) -> dict[str, Any]:
    """The dataset as data; with ``example_ids``, only those examples (other collections whole)."""
    data = ds.to_dict()
    if example_ids is not None:
        data["examples"] = [e for e in data["examples"] if e["id"] in example_ids]
    return data


def to_text(data: dict[str, Any], fmt: str, *, collection: str = "examples", ascii_only: bool = False) -> str:
    """JSON, JSON Lines, CSV (one collection) or YAML text; ``ascii_only``: JSON and YAML with
    every other character as an escape (CSV has none: the CLI refuses a stdout that cannot take it)."""
    if fmt == "json":
        return json.dumps(data, ensure_ascii=ascii_only, indent=2) + "\n"
    if fmt == "jsonl":
        lines = []
        for name in ORDER:
            for rec in data[name]:
                lines.append(json.dumps({"collection": name, **rec}, ensure_ascii=ascii_only))
        return "\n".join(lines) + "\n"
    if fmt == "csv":
        from .render import Listing
        from .render.csvfmt import render_csv

        if collection not in ORDER:
            raise UsageError(f"`collection` {collection!r}: choose one of {', '.join(ORDER)}", options=("collection",))
        return render_csv(Listing(data=data[collection], columns=[]))
    if fmt == "yaml":
        from .render import Document
        from .render.yamlfmt import render_yaml

        return render_yaml(Document(data=data, title=""), ascii_only=ascii_only)
    raise UsageError(f"`format` {fmt!r}: choose one of {', '.join(FORMATS)}", options=("format",))


def _sqlite(data: dict[str, Any], path: str) -> None:
    con = sqlite3.connect(path)
    try:
        _fill_sqlite(con, data)
        con.commit()
    except sqlite3.OperationalError as err:  # a full disk, an unwritable folder ...
        raise OSError(str(err)) from None
    finally:
        con.close()


def _fill_sqlite(con: sqlite3.Connection, data: dict[str, Any]) -> None:
    con.execute("PRAGMA foreign_keys = ON")
    con.executescript(
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
        CREATE TABLE sources (number INTEGER PRIMARY KEY, citation TEXT NOT NULL);
        CREATE TABLE countries (id TEXT PRIMARY KEY, name TEXT UNIQUE NOT NULL, iso2 TEXT, iso3 TEXT, region TEXT,
                                aliases TEXT);
        CREATE TABLE challenges (id TEXT PRIMARY KEY, name TEXT, summary TEXT);
        CREATE TABLE examples (id TEXT PRIMARY KEY, title TEXT, summary TEXT, level TEXT, dialogue_type TEXT,
                               theme TEXT, years TEXT, sectors TEXT, actors TEXT, points TEXT, quote_text TEXT,
                               quote_by TEXT, forms TEXT, parties TEXT);
        CREATE TABLE recommendations (id TEXT PRIMARY KEY, title TEXT, summary TEXT, kind TEXT,
                                      parent TEXT REFERENCES recommendations(id));
        CREATE TABLE instruments (id TEXT PRIMARY KEY, kind TEXT, number INTEGER, year INTEGER, title TEXT,
                                  summary TEXT);
        CREATE TABLE frameworks (id TEXT PRIMARY KEY, name TEXT, acronym TEXT, summary TEXT, years TEXT);
        CREATE TABLE statistics (id TEXT PRIMARY KEY, label TEXT, value REAL, unit TEXT, year INTEGER,
                                 qualifier TEXT);
        CREATE TABLE reasons (id TEXT PRIMARY KEY, title TEXT, summary TEXT);
        CREATE TABLE principles (id TEXT PRIMARY KEY, number INTEGER, quote_text TEXT, quote_by TEXT, actions TEXT);
        CREATE TABLE example_countries (example_id TEXT NOT NULL REFERENCES examples(id),
                                        country_id TEXT NOT NULL REFERENCES countries(id),
                                        PRIMARY KEY (example_id, country_id));
        CREATE TABLE example_regions (example_id TEXT NOT NULL REFERENCES examples(id), region TEXT NOT NULL,
                                      PRIMARY KEY (example_id, region));
        CREATE TABLE example_challenges (example_id TEXT NOT NULL REFERENCES examples(id),
                                         challenge_id TEXT NOT NULL REFERENCES challenges(id),
                                         evidence TEXT,
                                         PRIMARY KEY (example_id, challenge_id));
        CREATE TABLE example_forms (example_id TEXT NOT NULL REFERENCES examples(id), form TEXT NOT NULL,
                                    evidence TEXT, PRIMARY KEY (example_id, form));
        CREATE TABLE example_parties (example_id TEXT NOT NULL REFERENCES examples(id), party TEXT NOT NULL,
                                      PRIMARY KEY (example_id, party));
        CREATE TABLE example_sources (example_id TEXT NOT NULL REFERENCES examples(id),
                                      source_number INTEGER NOT NULL REFERENCES sources(number),
                                      PRIMARY KEY (example_id, source_number));
        CREATE TABLE example_instruments (example_id TEXT NOT NULL REFERENCES examples(id),
                                          instrument_id TEXT NOT NULL REFERENCES instruments(id),
                                          PRIMARY KEY (example_id, instrument_id));
        CREATE TABLE recommendation_examples (recommendation_id TEXT NOT NULL REFERENCES recommendations(id),
                                              example_id TEXT NOT NULL REFERENCES examples(id),
                                              named_in_text INTEGER NOT NULL,
                                              PRIMARY KEY (recommendation_id, example_id));
        CREATE TABLE recommendation_instruments (recommendation_id TEXT NOT NULL REFERENCES recommendations(id),
                                                 instrument_id TEXT NOT NULL REFERENCES instruments(id),
                                                 PRIMARY KEY (recommendation_id, instrument_id));
        CREATE TABLE record_sources (collection TEXT NOT NULL, record_id TEXT NOT NULL,
                                     source_number INTEGER NOT NULL REFERENCES sources(number),
                                     PRIMARY KEY (collection, record_id, source_number));
        CREATE TABLE statistic_countries (statistic_id TEXT NOT NULL REFERENCES statistics(id),
                                          country_id TEXT NOT NULL REFERENCES countries(id),
                                          PRIMARY KEY (statistic_id, country_id));
        """
    )
    meta = data["meta"]
    con.executemany(
        "INSERT INTO meta VALUES (?, ?)",
        [(k, v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)) for k, v in meta.items()],
    )
    con.executemany("INSERT INTO sources VALUES (?, ?)", [(s["number"], s["citation"]) for s in data["sources"]])
    country_id = {c["name"]: c["id"] for c in data["countries"]}
    con.executemany(
        "INSERT INTO countries VALUES (?, ?, ?, ?, ?, ?)",
        [(c["id"], c["name"], c["iso2"], c["iso3"], c["region"], "; ".join(c["aliases"])) for c in data["countries"]],
    )
    con.executemany(
        "INSERT INTO challenges VALUES (?, ?, ?)", [(c["id"], c["name"], c["summary"]) for c in data["challenges"]]
    )
    join = "; ".join
    for e in data["examples"]:
        quote = e.get("quote") or {}
        con.execute(
            "INSERT INTO examples VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                e["id"],
                e["title"],
                e["summary"],
                e["level"],
                e["dialogue_type"],
                e["theme"],
                join(str(y) for y in e["years"]),
                join(e["sectors"]),
                join(e["actors"]),
                join(e.get("points") or []),
                quote.get("text"),
                quote.get("by"),
                join(e.get("forms") or []),
                join(e.get("parties") or []),
            ),
        )
        con.executemany(
            "INSERT INTO example_countries VALUES (?, ?)", [(e["id"], country_id[n]) for n in e["countries"]]
        )
        con.executemany("INSERT INTO example_regions VALUES (?, ?)", [(e["id"], r) for r in e["region"]])
        evidence = e.get("challenge_notes") or {}
        con.executemany(
            "INSERT INTO example_challenges VALUES (?, ?, ?)", [(e["id"], c, evidence.get(c)) for c in e["challenges"]]
        )
        form_notes = e.get("form_notes") or {}
        forms = [(e["id"], f, form_notes.get(f)) for f in e.get("forms") or []]
        con.executemany("INSERT INTO example_forms VALUES (?, ?, ?)", forms)
        con.executemany("INSERT INTO example_parties VALUES (?, ?)", [(e["id"], p) for p in e.get("parties") or []])
        con.executemany("INSERT INTO example_sources VALUES (?, ?)", [(e["id"], n) for n in e["sources"]])
    # recommendations: mains first so that parent references resolve
    recs = sorted(data["recommendations"], key=lambda r: r["parent"] is not None)
    con.executemany(
        "INSERT INTO recommendations VALUES (?, ?, ?, ?, ?)",
        [(r["id"], r["title"], r["summary"], r["kind"], r["parent"]) for r in recs],
    )
    con.executemany(
        "INSERT INTO instruments VALUES (?, ?, ?, ?, ?, ?)",
        [(i["id"], i["kind"], i["number"], i["year"], i["title"], i["summary"]) for i in data["instruments"]],
    )
    example_ids = {e["id"] for e in data["examples"]}
    for e in data["examples"]:
        con.executemany(
            "INSERT INTO example_instruments VALUES (?, ?)", [(e["id"], i) for i in e.get("instruments") or []]
        )
    for r in data["recommendations"]:
        rows = [(r["id"], i, 1) for i in r["examples"] if i in example_ids]
        rows += [(r["id"], i, 0) for i in r["related_examples"] if i in example_ids and i not in r["examples"]]
        con.executemany("INSERT INTO recommendation_examples VALUES (?, ?, ?)", rows)
        con.executemany(
            "INSERT INTO recommendation_instruments VALUES (?, ?)", [(r["id"], i) for i in r["instruments"]]
        )
    con.executemany(
        "INSERT INTO frameworks VALUES (?, ?, ?, ?, ?)",
        [
            (f["id"], f["name"], f["acronym"], f["summary"], join(str(y) for y in f["years"]))
            for f in data["frameworks"]
        ],
    )
    for s in data["statistics"]:
        con.execute(
            "INSERT INTO statistics VALUES (?, ?, ?, ?, ?, ?)",
            (s["id"], s["label"], s["value"], s["unit"], s["year"], s["qualifier"]),
        )
        con.executemany(
            "INSERT INTO statistic_countries VALUES (?, ?)", [(s["id"], country_id[n]) for n in s["countries"]]
        )
    con.executemany(
        "INSERT INTO reasons VALUES (?, ?, ?)", [(r["id"], r["title"], r["summary"]) for r in data["reasons"]]
    )
    con.executemany(
        "INSERT INTO principles VALUES (?, ?, ?, ?, ?)",
        [(p["id"], p["number"], p["quote"]["text"], p["quote"]["by"], join(p["actions"])) for p in data["principles"]],
    )
    for name in ORDER:
        if name in ("sources", "countries"):
            continue
        con.executemany(
            "INSERT INTO record_sources VALUES (?, ?, ?)",
            [(name, rec["id"], n) for rec in data[name] for n in rec.get("sources") or []],
        )
    con.executemany(
        "INSERT INTO record_sources VALUES (?, ?, ?)",
        [("notes", n["id"], k) for n in meta.get("notes", []) for k in n.get("sources") or []],
    )
    problems = con.execute("PRAGMA foreign_key_check").fetchall()
    if problems:  # pragma: no cover - the dataset is validated before export
        raise OutputError(f"the SQLite export broke {len(problems)} foreign keys")


def write_atomically(path: str, write: Callable[[str], None], *, force: bool) -> None:
    """Write an output path (see :func:`migdialogue.outfile.write_file`, the one writer)."""
    from .outfile import write_file

    write_file(path, write, force=force)


def html_page(ds: Dataset, keep: set[str] | None, filters: Filters | None = None) -> str:
    """The self-contained web page of the dataset (the examples in ``keep``, all when None)."""
    from .htmlpage import describe_filters, page

    return page(ds, keep, describe_filters(ds, filters) if filters is not None else [])


def export_text(text: str, path: str, *, force: bool = False) -> None:
    """Write a text export file (UTF-8), atomically."""

    def write_text(tmp: str) -> None:
        with open(tmp, "w", encoding="utf-8") as handle:
            handle.write(text)

    write_atomically(path, write_text, force=force)


def export(data: dict[str, Any], fmt: str, path: str, *, force: bool = False, collection: str = "examples") -> None:
    """Write an export file."""
    if fmt == "sqlite":
        write_atomically(path, lambda tmp: _sqlite(data, tmp), force=force)
        return
    export_text(to_text(data, fmt, collection=collection), path, force=force)
