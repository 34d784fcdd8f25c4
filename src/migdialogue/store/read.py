"""Reading a store: records, filters and facet counts (from the facet index, or a large store's
bitmaps), full-text candidates and their fields, the search lexicon, the names of vocabulary
values and the editors' translations. The query side imports this, never the builder."""

from __future__ import annotations

import itertools
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from .schema import (
    FIELD_WEIGHTS,
    FORMAT,
    SHARD_ROWS,
    STEMS_KEPT,
    TR_FIELDS,
    TR_LANGS,
    TR_WEIGHTS,
    bitmap,
    bounded,
    chunks,
    shard_table,
    tr_table,
    year_key,
)
from .texts import analysed_records, record_texts, searched_names

# What a store's translations' index holds (Store.translations_analysed): by (collection, key, lang), the
# translation's JSON and its fields' stems (TR_FIELDS, each joined by spaces); each language's words, by new lines.
Analysed = tuple[dict[tuple[str, str, str], tuple[str, tuple[str, ...]]], dict[str, str]]
BITS_WORTH = 10_000  # a filter's smallest condition matching fewer examples is answered by SQL
_BIT_FLAGS = bytes.maketrans(b"01", b"\x00\x01")


def uri(path: str, query: str) -> str:
    """An SQLite URI for a file and a query (``mode=ro``): the path absolute and percent-encoded,
    so a folder named ``C#``, ``what?`` or ``100%`` is the folder, not a fragment, a query or an
    escape (SQLite decodes %HH in a URI's path)."""
    path = os.path.abspath(path)
    for char in "%?#":  # '%' first: the escapes made for the others are not escaped again
        path = path.replace(char, f"%{ord(char):02X}")
    return f"file://{path}?{query}"  # an empty authority: a path that begins with // stays a path


class Store:
    """Read access to one dataset database."""

    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con
        if self.info("format") != FORMAT:
            raise ValueError("not a migdialogue database of this version")
        self._vocabularies: dict[str, list[str]] = {}
        self._text_stats: dict[str, dict[str, Any]] | None = None
        self._translated: dict[str, dict[str, list[float]]] | None = None
        self._lexicon_words: list[str] | None = None
        self._names: tuple[dict[str, list[str]], dict[str, str]] | None = None
        self._shards = self._read_shards()
        self._bits: set[int] | None = None
        self._bits_size = 0

    def _read_shards(self) -> tuple[int, int]:
        """(tables, rows per table) of the examples' full-text index; ValueError when the file does not
        hold them (a damaged cache is then built again)."""
        parts = (self.info("shards") or f"1 {SHARD_ROWS}").split()
        try:
            tables, rows = int(parts[0]), int(parts[1]) if len(parts) > 1 else SHARD_ROWS
        except (ValueError, IndexError):
            raise ValueError("not a migdialogue database of this version (its full-text tables)") from None
        names = {r[0] for r in self.con.execute("SELECT name FROM sqlite_master WHERE name LIKE 'text%'")}
        if tables < 1 or rows < 1 or any(shard_table(k) not in names for k in range(tables)):
            raise ValueError("not a migdialogue database of this version (its full-text tables)")
        return tables, rows

    @classmethod
    def open(cls, path: str, *, immutable: bool = False, check: bool = False) -> Store:
        """Open a database read-only (``immutable`` for the shipped, never-changing file).

        ``check``: first read every page (``PRAGMA quick_check``); a damaged file raises
        sqlite3.DatabaseError here rather than in the middle of a query.
        """
        con = sqlite3.connect(
            uri(path, "mode=ro&immutable=1" if immutable else "mode=ro"), uri=True, check_same_thread=False
        )
        try:
            if check and con.execute("PRAGMA quick_check").fetchall() != [("ok",)]:
                raise sqlite3.DatabaseError(f"{path}: database disk image is malformed")
            return cls(con)
        except (sqlite3.DatabaseError, ValueError):
            con.close()
            raise

    def user_records(self) -> int:
        """How many records come from the user's own files."""
        return int(self.info("user_records") or 0)

    def is_user(self, key: str) -> bool:
        """Whether the record stored under this key comes from the user's own files (an index lookup)."""
        row = self._run("SELECT user FROM examples WHERE key = ?", (key,)).fetchone()
        if row is None:
            row = self._run("SELECT MAX(user) FROM records WHERE key = ?", (key,)).fetchone()
        return bool(row and row[0])

    def _run(self, sql: str, args: Sequence[Any] = ()) -> sqlite3.Cursor:
        """Run one query; every integer argument is bounded to SQLite's range first."""
        return self.con.execute(sql, [bounded(a) if isinstance(a, int) else a for a in args])

    def info(self, key: str) -> str | None:
        try:
            row = self._run("SELECT value FROM info WHERE key = ?", (key,)).fetchone()
        except sqlite3.DatabaseError:
            return None
        return row[0] if row else None

    def collection(self, name: str) -> list[dict[str, Any]]:
        rows = self._run("SELECT json FROM records WHERE collection = ? ORDER BY pos", (name,))
        return [_record(r[0]) for r in rows]

    def example_count(self) -> int:
        return int(self._run("SELECT COUNT(*) FROM examples").fetchone()[0])

    def _example_rows(self, positions: Iterable[int] | None) -> Iterator[tuple[int, str]]:
        """(position, stored JSON text) of all examples or of some positions, in dataset order."""
        if positions is None:
            yield from self._run("SELECT pos, json FROM examples ORDER BY pos")
            return
        for chunk in chunks(sorted(set(positions)), 500):
            marks = ",".join("?" * len(chunk))
            yield from self._run(f"SELECT pos, json FROM examples WHERE pos IN ({marks}) ORDER BY pos", chunk)

    def examples(self, positions: Iterable[int] | None = None) -> Iterator[tuple[int, dict[str, Any]]]:
        """(position, record) for all examples or for some positions, in dataset order."""
        for pos, text in self._example_rows(positions):
            yield pos, _record(text)

    def example_texts(self, positions: Iterable[int] | None = None) -> Iterator[str]:
        """The stored JSON text of all examples or of some positions, in dataset order (each as
        ``json.dumps(Example.plain(values), ensure_ascii=False)`` wrote it: see Writer.example)."""
        for _, text in self._example_rows(positions):
            yield text

    def example_keys(self, positions: Sequence[int]) -> dict[int, str]:
        """The ids of the examples at these positions."""
        out: dict[int, str] = {}
        for chunk in chunks(list(positions), 500):
            marks = ",".join("?" * len(chunk))
            out.update(self._run(f"SELECT pos, key FROM examples WHERE pos IN ({marks})", chunk).fetchall())
        return out

    def example_keys_like(self, text: str, limit: int = 20_000) -> list[str]:
        """Example ids for a 'did you mean': every one in a dataset of ordinary size, else (from the
        key index, without reading the rest) those that start with the text's first two characters."""
        keys = [r[0] for r in self.con.execute("SELECT key FROM examples ORDER BY pos LIMIT ?", (limit + 1,))]
        if len(keys) <= limit:
            return keys
        low = text[:2]
        high = low[:-1] + chr(ord(low[-1]) + 1) if low else "\U0010ffff"
        rows = self.con.execute("SELECT key FROM examples WHERE key >= ? AND key < ? LIMIT ?", (low, high, limit))
        return [r[0] for r in rows]

    def example_position(self, key: str) -> int | None:
        row = self._run("SELECT pos FROM examples WHERE key = ?", (key,)).fetchone()
        return None if row is None else int(row[0])

    def ids(self) -> list[str]:
        """Every record id (examples and the other collections but footnotes)."""
        rows = self._run("SELECT key FROM examples UNION ALL SELECT key FROM records WHERE collection != 'sources'")
        return [r[0] for r in rows]

    # -- filters and facets ---------------------------------------------------------------------

    def _value_ids(self, facet: str, op: str, values: Sequence[str]) -> tuple[int, list[tuple[int, int]]]:
        """(how many examples have them, [(number, count)]) of the values of a facet that are ``in``
        these or compare with one (``>=``, ``<=``)."""
        if op == "in":
            marks = ",".join("?" * len(values))
            sql = f"SELECT id, n FROM facet_values WHERE facet = ? AND value IN ({marks})"
        else:
            sql = f"SELECT id, n FROM facet_values WHERE facet = ? AND value {op} ?"
        rows = [(int(vid), int(n)) for vid, n in self._run(sql, [facet, *values])]
        return sum(n for _, n in rows), rows

    def _terms(
        self, conditions: Sequence[tuple[str, Sequence[str]]], since: int | None, until: int | None
    ) -> list[tuple[int, list[tuple[int, int]]]]:
        """Each condition (facet, any of values) and each end of the year range as the numbers of
        the values it admits (a year range: the years in it), the most selective first."""
        terms = [self._value_ids(facet, "in", values) for facet, values in conditions]
        for op, year in ((">=", since), ("<=", until)):
            if year is not None:
                terms.append(self._value_ids("year", op, [year_key(year)]))
        return sorted(terms, key=lambda t: t[0])

    def where(
        self, conditions: Sequence[tuple[str, Sequence[str]]], since: int | None, until: int | None
    ) -> tuple[str, list[Any]]:
        """SQL selecting example positions: every condition (facet, any of values) and the year range.

        The query starts from the most selective condition and checks each other one for each example
        it meets (see below), so its cost follows the smallest match, not the dataset.
        """
        return self._sql(self._terms(conditions, since, until))

    @staticmethod
    def _sql(selecting: list[tuple[int, list[tuple[int, int]]]]) -> tuple[str, list[Any]]:
        terms = [[vid for vid, _ in rows] for _, rows in selecting]
        if not terms:
            return "SELECT pos FROM examples", []

        def admits(alias: str, ids: list[int]) -> str:
            return f"{alias}.vid = ?" if len(ids) == 1 else f"{alias}.vid IN ({','.join('?' * len(ids))})"

        # Each other condition is an EXISTS, those of one value first (a lookup of (vid, pos) in the
        # index by value), then those of several (the example's few rows of the primary key (pos,
        # vid) read once, rather than a lookup per value).
        sql = (
            f"SELECT {'DISTINCT ' if len(terms[0]) > 1 else ''}f0.pos AS pos "
            f"FROM facet_index f0 INDEXED BY facet_index_by_value WHERE {admits('f0', terms[0])}"
        )
        args: list[Any] = list(terms[0])
        rest = sorted(enumerate(terms[1:], 1), key=lambda t: len(t[1]) > 1)  # stable: the most selective first
        for i, ids in rest:
            if len(ids) == 1:
                sql += f" AND EXISTS (SELECT 1 FROM facet_index f{i} WHERE f{i}.vid = ? AND f{i}.pos = f0.pos)"
            else:
                marks = ",".join("?" * len(ids))
                sql += (
                    f" AND EXISTS (SELECT 1 FROM facet_index f{i} WHERE f{i}.pos = f0.pos AND +f{i}.vid IN ({marks}))"
                )
            args += ids
        return sql, args

    def value_count(self, facet: str, value: str) -> int:
        """How many examples have one value of a facet."""
        row = self._run("SELECT n FROM facet_values WHERE facet = ? AND value = ?", (facet, value)).fetchone()
        return int(row[0]) if row else 0

    def positions(
        self, conditions: Sequence[tuple[str, Sequence[str]]], since: int | None = None, until: int | None = None
    ) -> list[int]:
        """The positions of the examples every condition (and the year range) admits, in order."""
        terms = self._terms(conditions, since, until)
        found = self._bitmap_positions(terms)
        if found is not None:
            return found
        sql, args = self._sql(terms)
        return [r[0] for r in self._run(sql + " ORDER BY pos", args)]

    def _bitmapped(self) -> set[int]:
        """The values that have a bitmap (none in a store under BITS_FROM examples)."""
        if self._bits is None:
            rows = self._run("SELECT vid, length(bits) FROM facet_bits").fetchall()
            self._bits = {vid for vid, _ in rows}
            self._bits_size = max((n for _, n in rows), default=0)
        return self._bits

    def _bitmap_positions(self, terms: list[tuple[int, list[tuple[int, int]]]]) -> list[int] | None:
        """The positions a filter of several common conditions selects, from the values' bitmaps: each
        condition the OR of its values', then the AND of all. None when the SQL way costs less: one
        condition, a smallest match under BITS_WORTH, or values without a bitmap (read from the index
        by value) that outnumber the smallest match."""
        if len(terms) < 2 or terms[0][0] < BITS_WORTH or not self._bitmapped():
            return None
        bitmapped = self._bitmapped()
        if sum(n for _, rows in terms for vid, n in rows if vid not in bitmapped) > terms[0][0]:
            return None
        wanted = sorted({vid for _, rows in terms for vid, _ in rows if vid in bitmapped})
        maps: dict[int, int] = {}
        size = self._bits_size
        for chunk in chunks(wanted, 500):
            marks = ",".join("?" * len(chunk))
            for vid, blob in self._run(f"SELECT vid, bits FROM facet_bits WHERE vid IN ({marks})", chunk):
                maps[vid] = int.from_bytes(blob, "little")
        chosen = -1  # every bit set
        for _, rows in terms:
            either = 0
            sparse = [vid for vid, _ in rows if vid not in bitmapped]
            for vid, _ in rows:
                either |= maps.get(vid, 0)
            for chunk in chunks(sparse, 500):
                marks = ",".join("?" * len(chunk))
                sql = f"SELECT pos FROM facet_index INDEXED BY facet_index_by_value WHERE vid IN ({marks})"
                either |= int.from_bytes(bitmap(self._run(sql, chunk), size), "little")
            chosen &= either
            if not chosen:
                return []
        flags = format(chosen, "b")[::-1].encode("ascii").translate(_BIT_FLAGS)  # byte p: 1 if bit p is set
        return list(itertools.compress(range(len(flags)), flags))

    def facet_counts(
        self,
        facet: str,
        conditions: Sequence[tuple[str, Sequence[str]]] = (),
        since: int | None = None,
        until: int | None = None,
    ) -> list[tuple[str, int]]:
        """(value, how many examples have it) of one facet, over the examples the conditions select."""
        if not conditions and since is None and until is None:  # kept at build time
            rows = self._run("SELECT value, n FROM facet_values WHERE facet = ? ORDER BY value", (facet,))
            return [(r[0], int(r[1])) for r in rows]
        sql, args = self.where(conditions, since, until)
        # each selected example's values, read from the primary key (pos, vid), those of this facet kept
        names = dict(self._run("SELECT id, value FROM facet_values WHERE facet = ?", (facet,)).fetchall())
        if len(names) <= 500:
            marks = ",".join("?" * len(names))
            keep, keep_args = f"+i.vid IN ({marks})", list(names)
        else:  # a facet of many values (free-text sectors): each row's value looked up, no variable per value
            keep, keep_args = "i.vid IN (SELECT id FROM facet_values WHERE facet = ?)", [facet]
        rows = self._run(
            f"SELECT i.vid, COUNT(*) FROM ({sql}) s CROSS JOIN facet_index i "
            f"WHERE i.pos = s.pos AND {keep} GROUP BY i.vid",
            [*args, *keep_args],
        )
        return sorted((names[vid], int(n)) for vid, n in rows)

    def related(
        self, pairs: Sequence[tuple[str, str, float]], exclude: int | None, limit: int
    ) -> list[tuple[int, float]]:
        """(position, score) of the examples sharing weighted facet values, best first, then by id."""
        if not pairs:
            return []
        values = ", ".join("(?, ?, ?)" for _ in pairs)
        args: list[Any] = [x for pair in pairs for x in pair]
        rows = self._run(
            f"WITH w(facet, value, weight) AS (VALUES {values}) "
            "SELECT i.pos, SUM(w.weight) AS score FROM w "
            "JOIN facet_values v ON v.facet = w.facet AND v.value = w.value "
            "JOIN facet_index i INDEXED BY facet_index_by_value ON i.vid = v.id JOIN examples e ON e.pos = i.pos "
            "WHERE i.pos != ? "
            "GROUP BY i.pos ORDER BY score DESC, e.key LIMIT ?",
            [*args, -1 if exclude is None else exclude, limit],
        )
        return [(int(r[0]), float(r[1])) for r in rows]

    # -- search ---------------------------------------------------------------------------------

    def vocabulary(self, lang: str = "en") -> list[str]:
        """Every word of the searchable text, folded and sorted (for near spellings): the records' own
        (``en``), or their translations' into French or Spanish (``fr``, ``es``)."""
        if lang not in self._vocabularies:
            text = self.info("vocabulary" if lang == "en" else f"vocabulary_{lang}") or ""
            self._vocabularies[lang] = text.split("\n") if text else []
        return self._vocabularies[lang]

    def text_stats(self) -> dict[str, dict[str, Any]]:
        """Per searchable collection: its first and last row, its count and average field lengths."""
        if self._text_stats is None:
            self._text_stats = json.loads(self.info("collections") or "{}")
        return self._text_stats

    def doc_frequencies(
        self, collections: Sequence[str], stems: Iterable[str], langs: Sequence[str] = ()
    ) -> dict[str, int]:
        """How many records of these collections contain each stem (0 for none), in their own text or in
        their translations into ``langs``."""
        key = " ".join(lang for lang in TR_LANGS if lang in langs)
        wanted = sorted(set(stems))
        out = dict.fromkeys(wanted, 0)
        if not wanted or not collections:
            return out
        for chunk in chunks(wanted, 400):
            marks = ",".join("?" * len(chunk))
            cmarks = ",".join("?" * len(collections))
            rows = self._run(
                f"SELECT stem, SUM(df) FROM terms WHERE collection IN ({cmarks}) AND stem IN ({marks}) GROUP BY stem",
                [*collections, *chunk],
            )
            out.update((stem, int(n)) for stem, n in rows)
            if key:
                rows = self._run(
                    f"SELECT stem, SUM(df) FROM terms_tr WHERE collection IN ({cmarks}) AND langs = ? "
                    f"AND stem IN ({marks}) GROUP BY stem",
                    [*collections, key, *chunk],
                )
                for stem, n in rows:
                    out[stem] += int(n)
        return out

    def translated_stats(self) -> dict[str, dict[str, list[float]]]:
        """Per searchable collection and language: the translated fields' average lengths (TR_FIELDS); {}
        when the store has no translations' index."""
        if self._translated is None:
            self._translated = json.loads(self.info("translated") or "{}")
        return self._translated

    def translated_candidates(
        self, expr: str, collections: Sequence[str], within: tuple[str, list[Any]] | None, limit: int, lang: str
    ) -> list[int]:
        """Rows whose translation into ``lang`` matches an FTS5 expression, in these collections (the
        examples among them only at the positions ``within`` selects), best FTS5 BM25 first: at most
        ``limit`` of the examples and ``limit`` of the other collections."""
        stats = self.text_stats()
        if not expr or not any(c in self.translated_stats() for c in collections):
            return []
        table, weights = tr_table(lang), ", ".join(str(w) for w in TR_WEIGHTS)
        found: list[int] = []
        for group in (["examples"], [c for c in collections if c != "examples"]):
            ranges = [(stats[c]["first"], stats[c]["last"]) for c in group if c in collections and c in stats]
            if not ranges:
                continue
            sql = (
                f"SELECT rowid FROM {table} WHERE {table} MATCH ? AND ("
                + " OR ".join("rowid BETWEEN ? AND ?" for _ in ranges)
                + ")"
            )
            args: list[Any] = [expr, *(x for r in ranges for x in r)]
            if group == ["examples"] and within is not None:
                sql += f" AND rowid IN (SELECT pos FROM ({within[0]}))"
                args += within[1]
            found += [r[0] for r in self._run(sql + f" ORDER BY bm25({table}, {weights}) LIMIT ?", [*args, limit])]
        return found

    def translated_texts(self, rowids: Sequence[int], lang: str) -> dict[int, list[str]]:
        """The stemmed translated fields (TR_FIELDS) of the rows that have a translation into ``lang``."""
        if not rowids or not self.translated_stats():
            return {}
        table = tr_table(lang)
        out: dict[int, list[str]] = {}
        for chunk in chunks(sorted(set(rowids)), 500):
            marks = ",".join("?" * len(chunk))
            for rowid, *fields in self._run(
                f"SELECT rowid, {', '.join(TR_FIELDS)} FROM {table} WHERE rowid IN ({marks})", chunk
            ):
                out[int(rowid)] = [str(f or "") for f in fields]
        return out

    def shards(self) -> int:
        """How many full-text tables hold the examples."""
        return self._shards[0]

    def shard_rows(self) -> int:
        """How many examples' rows each full-text table holds (as the store was built)."""
        return self._shards[1]

    def candidates(
        self,
        expr: str,
        collections: Sequence[str],
        within: tuple[str, list[Any]] | None,
        limit: int,
        shards: Sequence[int] | None = None,
    ) -> list[int]:
        """Rows matching an FTS5 expression in these collections, best FTS5 BM25 first: at most
        ``limit`` examples and ``limit`` records of the other collections.

        ``within``: the example positions the filters select (the other collections are not
        filtered); ``shards``: look only at the examples of these full-text tables. Each table is
        ranked apart (FTS5's BM25 counts its own rows) and the best are merged.
        """
        if not expr:
            return []
        stats = self.text_stats()
        weights = ", ".join(str(w) for w in FIELD_WEIGHTS)
        found: list[int] = []
        if "examples" in collections and "examples" in stats:
            rows: list[tuple[float, int]] = []
            size = self.shard_rows()
            for shard in range(self.shards()) if shards is None else shards:
                table = shard_table(shard)
                sql = f"SELECT bm25({table}, {weights}), rowid FROM {table} WHERE {table} MATCH ?"
                args: list[Any] = [expr]
                if within is not None:  # the filter's positions in this table's rows
                    sql += f" AND rowid IN (SELECT pos FROM ({within[0]}) WHERE pos BETWEEN ? AND ?)"
                    args += [*within[1], shard * size, (shard + 1) * size - 1]
                rows += self._run(sql + " ORDER BY 1 LIMIT ?", [*args, limit]).fetchall()
            found += [rowid for _, rowid in sorted(rows)[:limit]]
        ranges = [(stats[c]["first"], stats[c]["last"]) for c in collections if c != "examples" and c in stats]
        if ranges:
            sql = (
                "SELECT rowid FROM text_refs WHERE text_refs MATCH ? AND ("
                + " OR ".join("rowid BETWEEN ? AND ?" for _ in ranges)
                + f") ORDER BY bm25(text_refs, {weights}) LIMIT ?"
            )
            found += [r[0] for r in self._run(sql, [expr, *(x for r in ranges for x in r), limit])]
        return found

    def texts(self, rowids: Sequence[int]) -> dict[int, list[str]]:
        """The stemmed fields of some rows, as the index holds them (in row order).

        The index keeps no copy of its text (a contentless FTS5 table: a third of a large store): the
        stems of its first STEMS_KEPT rows are kept beside it, and the fields of the others are analysed
        again from the records as they were indexed (the new words of a thousand records stemmed at once).
        """
        out: dict[int, list[str]] = {}
        kept = sorted(r for r in set(rowids) if r < STEMS_KEPT)
        for chunk in chunks(kept, 500):
            marks = ",".join("?" * len(chunk))
            for rowid, fields in self._run(f"SELECT rowid, fields FROM stems WHERE rowid IN ({marks})", chunk):
                out[rowid] = fields.split("\n")
        rest = [r for r in rowids if r not in out]
        if rest:
            out.update(self.analysed_texts(rest))
        return {rowid: out[rowid] for rowid in sorted(out)}

    def analysed_texts(self, rowids: Sequence[int]) -> dict[int, list[str]]:
        """The stemmed fields of some rows, analysed again from their records (in row order)."""
        if self._names is None:
            self._names = searched_names(self.con)
        countries, challenges = self._names
        docs = self.docs(rowids)
        by_pos = {(name, pos): rowid for rowid, (name, pos) in docs.items()}
        records: list[tuple[int, str, dict[str, Any]]] = []
        wanted = sorted(pos for name, pos in by_pos if name == "examples")
        for pos, rec in self.examples(wanted):
            records.append((by_pos["examples", pos], "examples", rec))
        for name in sorted({name for name, _ in by_pos} - {"examples"}):
            for pos, rec in enumerate(self.collection(name)):
                if (name, pos) in by_pos:
                    records.append((by_pos[name, pos], name, rec))
        records.sort(key=lambda r: r[0])
        out: dict[int, list[str]] = {}
        for start in range(0, len(records), 1000):
            part = records[start : start + 1000]
            fields = analysed_records([record_texts(name, rec, countries, challenges) for _, name, rec in part])
            out.update(
                (rowid, [" ".join(stems) for _, stems in f]) for (rowid, _, _), f in zip(part, fields, strict=True)
            )
        return out

    def _last_example_row(self) -> int:
        return int(self.text_stats().get("examples", {}).get("last", -1))

    def docs(self, rowids: Sequence[int]) -> dict[int, tuple[str, int]]:
        """(collection, position) of some rows of the full-text index (an example's row is its position)."""
        last = self._last_example_row()
        out = {rowid: ("examples", rowid) for rowid in rowids if rowid <= last}
        for chunk in chunks([r for r in rowids if r > last], 500):
            marks = ",".join("?" * len(chunk))
            for rowid, name, pos in self._run(
                f"SELECT rowid, collection, pos FROM docs WHERE rowid IN ({marks})", chunk
            ):
                out[rowid] = (name, pos)
        return out

    def doc_keys(self, rowids: Sequence[int]) -> dict[int, str]:
        """The record key of some rows of the full-text index (the order of equal scores)."""
        last = self._last_example_row()
        out = self.example_keys([r for r in rowids if r <= last])
        for chunk in chunks([r for r in rowids if r > last], 500):
            marks = ",".join("?" * len(chunk))
            rows = self._run(
                "SELECT d.rowid, r.key FROM docs d JOIN records r ON r.collection = d.collection AND r.pos = d.pos "
                f"WHERE d.rowid IN ({marks})",
                chunk,
            )
            out.update((int(a), str(b)) for a, b in rows)
        return out

    # -- the search lexicon ---------------------------------------------------------------------

    def lexicon_starting(self, firsts: Iterable[str]) -> list[tuple[str, str, str, str, str]]:
        """(kind, entry, lang, term, key) of every lexicon term whose key starts with one of these stems."""
        wanted = sorted(set(firsts))
        out: list[tuple[str, str, str, str, str]] = []
        for chunk in chunks(wanted, 400):
            marks = ",".join("?" * len(chunk))
            out += self._run(
                f"SELECT kind, entry, lang, term, key FROM lexicon WHERE first IN ({marks})", chunk
            ).fetchall()
        return out

    def lexicon_terms(self, kind: str, entry: str) -> list[tuple[str, str, str]]:
        """(lang, term, stems) of one lexicon entry."""
        return self._run(
            "SELECT lang, term, stems FROM lexicon WHERE kind = ? AND entry = ? ORDER BY rowid", (kind, entry)
        ).fetchall()

    def lexicon_entry(self, kind: str, folded: str) -> str | None:
        """The entry (a country's name, a region id) one of whose terms folds to this text."""
        row = self._run("SELECT entry FROM lexicon WHERE folded = ? AND kind = ? LIMIT 1", (folded, kind)).fetchone()
        return None if row is None else str(row[0])

    def lexicon_names(self, kind: str) -> list[str]:
        """Every term of one kind of lexicon entry (for 'did you mean')."""
        return [r[0] for r in self._run("SELECT term FROM lexicon WHERE kind = ? ORDER BY rowid", (kind,))]

    def place_countries(self, entry: str) -> list[str]:
        return [r[0] for r in self._run("SELECT country FROM places WHERE entry = ? ORDER BY rowid", (entry,))]

    def members_places(self) -> dict[str, list[str]]:
        """The places that list a regional body's member States (``asean-members``: the body is the concept
        ``asean``), with their countries."""
        out: dict[str, list[str]] = {}
        sql = "SELECT entry, country FROM places WHERE entry LIKE '%-members' ORDER BY rowid"
        for entry, country in self._run(sql):
            out.setdefault(str(entry), []).append(str(country))
        return out

    def lexicon_data(self) -> dict[str, Any]:
        """The compiled lexicon, to compile into another store (a user's dataset): ``rows``, ``places``,
        ``names`` and ``values`` as ``lexicon.as_data`` gives them, and what this store worked out of its
        rows, which a store built from them takes as it is: each row's ``keys`` (its key and first stem,
        in the rows' order) and their ``words`` (lexicon_words). Read only: a changed row needs its own."""
        rows = self._run("SELECT kind, entry, lang, term, folded, stems, key, first FROM lexicon ORDER BY rowid")
        places = self._run("SELECT entry, country FROM places ORDER BY rowid")
        names = self._run("SELECT kind, value, lang, name, folded, shown FROM names ORDER BY rowid")
        values = self._run("SELECT concept, kind, value FROM concept_values ORDER BY rowid")
        stored = rows.fetchall()
        return {
            "rows": [r[:6] for r in stored],
            "keys": [r[6:] for r in stored],
            "words": self._run("SELECT word FROM lexicon_words ORDER BY word").fetchall(),
            "places": [tuple(p) for p in places],
            "names": [tuple(n) for n in names],
            "values": [tuple(v) for v in values],
        }

    # -- names of vocabulary values ----------------------------------------------------------------

    def values_named(self, kind: str, folded: str) -> list[tuple[str, str]]:
        """(value, lang) of every value of a kind that ``folded`` names: a French or Spanish name of it,
        or a term of a lexicon concept that stands for it."""
        rows = self._run(
            "SELECT value, lang FROM names WHERE kind = ? AND folded = ? "
            "UNION ALL SELECT v.value, l.lang FROM lexicon l JOIN concept_values v ON v.concept = l.entry "
            "WHERE l.folded = ? AND l.kind = 'concept' AND v.kind = ?",
            (kind, folded, folded, kind),
        )
        return [(v, lang) for v, lang in rows]

    def names_of(self, kind: str) -> list[tuple[str, str, str, int]]:
        """(value, lang, name, shown) of every name of a kind's values (shown: 1 for the name shown in
        that language), then of every term of the concepts that stand for them."""
        rows = self._run(
            "SELECT value, lang, name, shown FROM (SELECT value, lang, name, shown, 0 AS part, rowid AS n "
            "FROM names WHERE kind = ? UNION ALL SELECT v.value, l.lang, l.term, 0, 1, l.rowid FROM lexicon l "
            "JOIN concept_values v ON v.concept = l.entry AND l.kind = 'concept' WHERE v.kind = ?) ORDER BY part, n",
            (kind, kind),
        )
        return [(v, lang, n, s) for v, lang, n, s in rows]

    def shown_names(self, kind: str, lang: str) -> list[tuple[str, str]]:
        """(value, name) of the name shown in ``lang`` of each of a kind's values that has one (names_of's
        rows that are shown, in its order)."""
        sql = "SELECT value, name FROM names WHERE kind = ? AND lang = ? AND shown != 0 ORDER BY rowid"
        return [(v, n) for v, n in self._run(sql, (kind, lang))]

    # -- the editors' translations ------------------------------------------------------------------

    def translation(self, collection: str, key: str, lang: str) -> tuple[dict[str, Any], tuple[str, ...], str] | None:
        """One record's translated fields, the fields that are official texts, and their reference."""
        row = self._run(
            "SELECT json, official, reference FROM translations WHERE collection = ? AND key = ? AND lang = ?",
            (collection, key, lang),
        ).fetchone()
        if row is None:
            return None
        return json.loads(row[0]), tuple(json.loads(row[1])), str(row[2])

    def translated_names(self, collection: str, lang: str) -> dict[str, str]:
        """The translated name of each record of a collection that has one in ``lang``, by key."""
        rows = self._run("SELECT key, json FROM translations WHERE collection = ? AND lang = ?", (collection, lang))
        found = ((key, json.loads(text).get("name")) for key, text in rows)
        return {key: name for key, name in found if isinstance(name, str)}

    def translations_data(self, leave_out: Iterable[str] = ()) -> list[tuple[Any, ...]]:
        """Every translation (to store with a user's dataset), but those of the records ``leave_out`` names."""
        skip = set(leave_out)
        rows = self._run("SELECT collection, key, lang, json, official, reference FROM translations ORDER BY 1, 2, 3")
        return [(c, k, lang, json.loads(f), tuple(json.loads(o)), r) for c, k, lang, f, o, r in rows if k not in skip]

    def translations_analysed(self, leave_out: Iterable[str] = ()) -> Analysed | None:
        """What the translations' full-text index holds of each translation and each language's words
        (``build.index_translations``), for a store built with the same translations to take rather than
        analyse them again; None when one is of a record ``leave_out`` names (its words are among the others')."""
        skip = set(leave_out)
        fields = ", ".join(f"f.{name}" for name in TR_FIELDS)
        found: dict[tuple[str, str, str], tuple[str, tuple[str, ...]]] = {}
        for lang in TR_LANGS:
            sql = (
                f"SELECT t.collection, t.key, t.json, {fields} FROM {tr_table(lang)} f "
                "JOIN examples e ON e.pos = f.rowid JOIN translations t ON t.collection = 'examples' "
                "AND t.key = e.key AND t.lang = ? UNION ALL "
                f"SELECT t.collection, t.key, t.json, {fields} FROM {tr_table(lang)} f "
                "JOIN docs d ON d.rowid = f.rowid JOIN records r ON r.collection = d.collection AND r.pos = d.pos "
                "JOIN translations t ON t.collection = r.collection AND t.key = r.key AND t.lang = ?"
            )
            try:
                rows = self._run(sql, (lang, lang)).fetchall()
            except sqlite3.OperationalError:  # a store without translations
                return None
            for collection, key, text, *stems in rows:
                if key in skip:
                    return None
                found[collection, key, lang] = (text, tuple(stems))
        return found, {lang: self.info(f"vocabulary_{lang}") or "" for lang in TR_LANGS}

    def lexicon_holds(self, words: Iterable[str]) -> frozenset[str]:
        """Which of these folded words a term of the lexicon holds (any language, the gazetteer's too)."""
        wanted = sorted(set(words))
        if not wanted:
            return frozenset()
        sql = f"SELECT word FROM lexicon_words WHERE word IN ({', '.join('?' * len(wanted))})"
        return frozenset(w for (w,) in self._run(sql, tuple(wanted)))

    def lexicon_words(self, lang: str = "", *, places: bool = True) -> list[str]:
        """Every folded word of the lexicon's terms (of one language), sorted (for near spellings);
        ``places`` False: not those of the gazetteer's places the dataset does not name."""
        if not lang and places:
            if self._lexicon_words is None:
                words = {w for (folded,) in self._run("SELECT folded FROM lexicon") for w in folded.split()}
                self._lexicon_words = sorted(words)
            return self._lexicon_words
        sql = "SELECT folded FROM lexicon WHERE (? = '' OR lang = ?) AND (? OR kind != 'territory')"
        return sorted({w for (folded,) in self._run(sql, (lang, lang, int(places))) for w in folded.split()})


def is_damage(err: BaseException) -> bool:
    """Whether an error says a database file is damaged (not full, locked or missing)."""
    if not isinstance(err, sqlite3.DatabaseError):
        return False
    code = getattr(err, "sqlite_errorcode", None)
    if code is None:
        return type(err) is sqlite3.DatabaseError
    return code & 0xFF in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


def _record(text: str) -> dict[str, Any]:
    """A stored record; text that is not a JSON object means a damaged file (as SQLite reports one)."""
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        value = None
    if not isinstance(value, dict):
        raise sqlite3.DatabaseError("database disk image is malformed (a record is not JSON)")
    return value
