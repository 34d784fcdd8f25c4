"""The query engine's storage: one SQLite database per dataset, for every size.

The bundled brief ships as ``data/compiled.db``; a user's dataset is compiled into the cache
folder on its first use. Every record is kept as JSON; the examples also get a facet table
(country, region, challenge, sector, year, ... -> example) with an index, and an FTS5
full-text index of their normalised text. Filters, counts and search candidates are answered
by SQLite without reading every record, so 66 examples and 100,000 go through the same code.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from . import vocab

FORMAT = "5"
FIELDS = ("title", "countries", "actors", "sectors", "tags", "summary")
FACET_FIELDS = {
    "country": "countries",
    "region": "region",
    "challenge": "challenges",
    "sector": "sectors",
    "year": "years",
    "source": "sources",
    "instrument": "instruments",
    "type": "dialogue_type",
    "level": "level",
    "theme": "theme",
}

SCHEMA = """
CREATE TABLE info (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE records (collection TEXT NOT NULL, pos INTEGER NOT NULL, key TEXT NOT NULL, json TEXT NOT NULL,
                      PRIMARY KEY (collection, pos));
CREATE INDEX records_by_key ON records (key);
CREATE TABLE examples (pos INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, json TEXT NOT NULL);
CREATE TABLE facets (facet TEXT NOT NULL, value TEXT NOT NULL, pos INTEGER NOT NULL);
CREATE VIRTUAL TABLE text USING fts5(title, countries, actors, sectors, tags, summary, tokenize = 'unicode61');
"""


def year_key(year: int) -> str:
    """Years are stored as 4-digit text so that text comparison orders them."""
    return f"{year:04d}"


def example_texts(example: dict[str, Any], countries: dict[str, list[str]], challenges: dict[str, str]) -> list[str]:
    """The normalised text of each searchable field of an example (same order as FIELDS)."""
    tags = [
        vocab.THEMES.get(example["theme"], example["theme"]),
        vocab.LEVELS.get(example["level"], example["level"]),
        vocab.DIALOGUE_TYPES.get(example["dialogue_type"], example["dialogue_type"]),
        *(vocab.REGIONS.get(r, r) for r in example["region"]),
        *(challenges.get(c, c) for c in example["challenges"]),
        *(str(y) for y in example["years"]),
    ]
    quote = example.get("quote") or {}
    raw = [
        example["title"],
        " ".join([*example["countries"], *(a for n in example["countries"] for a in countries.get(n, []))]),
        " ".join(example["actors"]),
        " ".join(example["sectors"]),
        " ".join(tags),
        " ".join([example["summary"], *(example.get("points") or []), quote.get("text", "")]),
    ]
    return [vocab.normalise(t) for t in raw]


def build(
    data: dict[str, Any], path: str, replaced: Sequence[str] = (), progress: Any = None, user_keys: Sequence[str] = ()
) -> None:
    """Write the database for a validated dataset (the JSON export shape) to ``path``."""
    con = sqlite3.connect(path)
    try:
        fill(con, data, replaced, progress, user_keys)
    finally:
        con.close()


def fill(
    con: sqlite3.Connection,
    data: dict[str, Any],
    replaced: Sequence[str] = (),
    progress: Any = None,
    user_keys: Sequence[str] = (),
) -> None:
    """Create the tables and indexes of a dataset in an empty database."""
    con.execute("PRAGMA journal_mode = OFF")
    con.execute("PRAGMA synchronous = OFF")
    con.executescript(SCHEMA)
    con.executemany(
        "INSERT INTO info VALUES (?, ?)",
        [
            ("format", FORMAT),
            ("meta", json.dumps(data["meta"], ensure_ascii=False)),
            ("replaced", json.dumps(list(replaced))),
            ("user_keys", json.dumps(list(user_keys))),
        ],
    )
    for name, records in data.items():
        if name in ("meta", "examples"):
            continue
        con.executemany(
            "INSERT INTO records VALUES (?, ?, ?, ?)",
            [
                (name, i, str(r.get("id", r.get("number", ""))), json.dumps(r, ensure_ascii=False))
                for i, r in enumerate(records)
            ],
        )
    countries = {c["name"]: list(c.get("aliases", [])) for c in data.get("countries", [])}
    challenges = {c["id"]: c["name"] for c in data.get("challenges", [])}
    words: set[str] = set()
    examples = data.get("examples", [])
    step = max(1, len(examples) // 100)
    for pos, ex in enumerate(examples):
        con.execute("INSERT INTO examples VALUES (?, ?, ?)", (pos, ex["id"], json.dumps(ex, ensure_ascii=False)))
        facet_rows = []
        for facet, fieldname in FACET_FIELDS.items():
            value = ex.get(fieldname)
            values = value if isinstance(value, list) else ([] if value is None else [value])
            for v in values:
                facet_rows.append((facet, year_key(v) if facet == "year" else str(v), pos))
        con.executemany("INSERT INTO facets VALUES (?, ?, ?)", facet_rows)
        texts = example_texts(ex, countries, challenges)
        for t in texts:
            words.update(t.split())
        con.execute(
            "INSERT INTO text (rowid, title, countries, actors, sectors, tags, summary) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (pos, *texts),
        )
        if progress is not None and pos % step == 0:
            progress(pos / max(1, len(examples)))
    con.execute("CREATE INDEX facets_by_value ON facets (facet, value, pos)")
    con.execute("CREATE INDEX facets_by_pos ON facets (pos, facet, value)")
    con.execute("CREATE TABLE facet_sizes (facet TEXT, value TEXT, n INTEGER, PRIMARY KEY (facet, value))")
    con.execute("INSERT INTO facet_sizes SELECT facet, value, COUNT(*) FROM facets GROUP BY facet, value")
    con.execute("INSERT INTO info VALUES ('vocabulary', ?)", ("\n".join(sorted(words)),))
    con.execute("INSERT INTO text (text) VALUES ('optimize')")
    con.commit()


def build_atomically(
    data: dict[str, Any], path: str, replaced: Sequence[str] = (), progress: Any = None, user_keys: Sequence[str] = ()
) -> None:
    """Build into a temporary file beside ``path`` and rename it into place."""
    import tempfile

    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".build-", suffix=".tmp", dir=folder)
    os.close(fd)
    try:
        os.unlink(tmp)
        build(data, tmp, replaced, progress, user_keys)
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


class Store:
    """Read access to one dataset database."""

    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con
        if self.info("format") != FORMAT:
            raise ValueError("not a migdialogue database of this version")
        self._vocabulary: list[str] | None = None

    @classmethod
    def open(cls, path: str, *, immutable: bool = False) -> Store:
        """Open a database read-only (``immutable`` for the shipped, never-changing file)."""
        uri = "file:" + os.path.abspath(path) + ("?mode=ro&immutable=1" if immutable else "?mode=ro")
        con = sqlite3.connect(uri, uri=True, check_same_thread=False)
        try:
            return cls(con)
        except (sqlite3.DatabaseError, ValueError):
            con.close()
            raise

    @classmethod
    def in_memory(cls, data: dict[str, Any], replaced: Sequence[str] = (), user_keys: Sequence[str] = ()) -> Store:
        """Build a database in memory (for data given as Python objects); no file is written."""
        con = sqlite3.connect(":memory:", check_same_thread=False)
        fill(con, data, replaced, user_keys=user_keys)
        return cls(con)

    def info(self, key: str) -> str | None:
        try:
            row = self.con.execute("SELECT value FROM info WHERE key = ?", (key,)).fetchone()
        except sqlite3.DatabaseError:
            return None
        return row[0] if row else None

    def collection(self, name: str) -> list[dict[str, Any]]:
        rows = self.con.execute("SELECT json FROM records WHERE collection = ? ORDER BY pos", (name,))
        return [json.loads(r[0]) for r in rows]

    def example_count(self) -> int:
        return int(self.con.execute("SELECT COUNT(*) FROM examples").fetchone()[0])

    def examples(self, positions: Iterable[int] | None = None) -> Iterator[tuple[int, dict[str, Any]]]:
        """(position, record) for all examples or for some positions, in dataset order."""
        if positions is None:
            rows = self.con.execute("SELECT pos, json FROM examples ORDER BY pos")
            for pos, text in rows:
                yield pos, json.loads(text)
            return
        wanted = sorted(set(positions))
        for chunk in _chunks(wanted, 500):
            marks = ",".join("?" * len(chunk))
            rows = self.con.execute(f"SELECT pos, json FROM examples WHERE pos IN ({marks}) ORDER BY pos", chunk)
            for pos, text in rows:
                yield pos, json.loads(text)

    def example_keys(self, positions: Sequence[int]) -> dict[int, str]:
        """The ids of the examples at these positions."""
        out: dict[int, str] = {}
        for chunk in _chunks(list(positions), 500):
            marks = ",".join("?" * len(chunk))
            out.update(self.con.execute(f"SELECT pos, key FROM examples WHERE pos IN ({marks})", chunk).fetchall())
        return out

    def example_position(self, key: str) -> int | None:
        row = self.con.execute("SELECT pos FROM examples WHERE key = ?", (key,)).fetchone()
        return None if row is None else int(row[0])

    def ids(self) -> list[str]:
        """Every record id (examples and the other collections but footnotes)."""
        rows = self.con.execute(
            "SELECT key FROM examples UNION ALL SELECT key FROM records WHERE collection != 'sources'"
        )
        return [r[0] for r in rows]

    # -- filters and facets ---------------------------------------------------------------------

    def _size(self, facet: str, op: str, values: Sequence[str]) -> int:
        """How many facet rows a condition matches, from the counts kept at build time."""
        if op == "in":
            marks = ",".join("?" * len(values))
            sql = f"SELECT SUM(n) FROM facet_sizes WHERE facet = ? AND value IN ({marks})"
        else:
            sql = f"SELECT SUM(n) FROM facet_sizes WHERE facet = ? AND value {op} ?"
        row = self.con.execute(sql, [facet, *values]).fetchone()
        return int(row[0] or 0)

    def where(
        self, conditions: Sequence[tuple[str, Sequence[str]]], since: int | None, until: int | None
    ) -> tuple[str, list[Any]]:
        """SQL selecting example positions: every condition (facet, any of values) and the year range.

        The query starts from the most selective condition and checks the others through the
        (facet, value, pos) index, so its cost follows the smallest match, not the dataset.
        """
        terms: list[tuple[int, str, list[Any]]] = []
        for facet, values in conditions:
            marks = ",".join("?" * len(values))
            terms.append(
                (self._size(facet, "in", values), f"{{a}}.facet = ? AND {{a}}.value IN ({marks})", [facet, *values])
            )
        for op, year in ((">=", since), ("<=", until)):
            if year is not None:
                terms.append(
                    (
                        self._size("year", op, [year_key(year)]),
                        f"{{a}}.facet = 'year' AND {{a}}.value {op} ?",
                        [year_key(year)],
                    )
                )
        if not terms:
            return "SELECT pos FROM examples", []
        terms.sort(key=lambda t: t[0])
        sql = "SELECT DISTINCT f0.pos AS pos FROM facets f0 WHERE " + terms[0][1].format(a="f0")
        args = list(terms[0][2])
        for i, (_, fragment, more) in enumerate(terms[1:], 1):
            alias = f"f{i}"
            sql += (
                f" AND EXISTS (SELECT 1 FROM facets {alias} WHERE {fragment.format(a=alias)} AND {alias}.pos = f0.pos)"
            )
            args += more
        return sql, args

    def positions(
        self, conditions: Sequence[tuple[str, Sequence[str]]], since: int | None = None, until: int | None = None
    ) -> list[int]:
        sql, args = self.where(conditions, since, until)
        return [r[0] for r in self.con.execute(sql + " ORDER BY pos", args)]

    def facet_counts(
        self,
        facet: str,
        conditions: Sequence[tuple[str, Sequence[str]]] = (),
        since: int | None = None,
        until: int | None = None,
    ) -> list[tuple[str, int]]:
        sql, args = self.where(conditions, since, until)
        rows = self.con.execute(
            f"SELECT value, COUNT(DISTINCT pos) FROM facets WHERE facet = ? AND pos IN ({sql}) GROUP BY value",
            [facet, *args],
        )
        return [(r[0], int(r[1])) for r in rows]

    def related(
        self, pairs: Sequence[tuple[str, str, float]], exclude: int | None, limit: int
    ) -> list[tuple[int, float]]:
        """(position, score) of the examples sharing weighted facet values, best first, then by id."""
        if not pairs:
            return []
        values = ", ".join("(?, ?, ?)" for _ in pairs)
        args: list[Any] = [x for pair in pairs for x in pair]
        rows = self.con.execute(
            f"WITH w(facet, value, weight) AS (VALUES {values}) "
            "SELECT f.pos, SUM(w.weight) AS score FROM facets f JOIN w ON f.facet = w.facet AND f.value = w.value "
            "JOIN examples e ON e.pos = f.pos WHERE f.pos != ? GROUP BY f.pos ORDER BY score DESC, e.key LIMIT ?",
            [*args, -1 if exclude is None else exclude, limit],
        )
        return [(int(r[0]), float(r[1])) for r in rows]

    # -- search ---------------------------------------------------------------------------------

    def vocabulary(self) -> list[str]:
        if self._vocabulary is None:
            text = self.info("vocabulary") or ""
            self._vocabulary = text.split("\n") if text else []
        return self._vocabulary

    def candidates(self, tokens: Iterable[str], within: tuple[str, list[Any]] | None, limit: int) -> list[int]:
        """Example positions containing any of the tokens, best BM25 first (field-weighted), at most ``limit``."""
        terms = sorted(set(tokens))
        if not terms:
            return []
        expr = " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)
        sql = "SELECT rowid FROM text WHERE text MATCH ?"
        args: list[Any] = [expr]
        if within is not None:
            sql += f" AND rowid IN ({within[0]})"
            args += within[1]
        sql += " ORDER BY bm25(text, 3.0, 3.0, 2.0, 2.0, 1.5, 1.0) LIMIT ?"
        args.append(limit)
        return [r[0] for r in self.con.execute(sql, args)]

    def texts(self, positions: Sequence[int]) -> dict[int, list[str]]:
        out: dict[int, list[str]] = {}
        for chunk in _chunks(list(positions), 500):
            marks = ",".join("?" * len(chunk))
            cols = ", ".join(FIELDS)
            for row in self.con.execute(f"SELECT rowid, {cols} FROM text WHERE rowid IN ({marks})", chunk):
                out[row[0]] = list(row[1:])
        return out


def _chunks(items: list[int], size: int) -> Iterator[list[int]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
