"""Building a store: the writer (records, examples and their facet rows, in bounded memory), the
full-text index, the bitmaps of a large store's common facet values, and the translations. Only
the loaders (``ingest``, ``dataset``, ``compile``) build; the query side reads (``read``)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from .. import vocab
from ..models import Example
from .read import Analysed, Store
from .schema import (
    FACET_FIELDS,
    FIELDS,
    FORMAT,
    SCHEMA,
    SEARCHABLE,
    SHARD_ROWS,
    STEMS_KEPT,
    TR_FIELDS,
    TR_LANGS,
    bitmap,
    chunks,
    shard_table,
    tr_table,
    year_key,
)
from .texts import analysed, field_stems, lexicon_row, record_texts, searched_names, translated_texts
from .workers import analysed_examples

PAGE_SIZE = 8192  # bytes: faster to build than SQLite's 4096 (fewer pages to split and write), and a smaller file
# A store of at least BITS_FROM examples keeps a bitmap of the positions of each facet value that
# at least one example in BITS_DENSITY has (its bitmap is then at most 8 bytes per example having
# it: smaller than its index rows). Below that size, a filter reads so few rows it needs none.
BITS_FROM = 200_000
BITS_DENSITY = 64
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode

# While a full-text table is built, FTS5 merges no segments as rows come (its default, automerge 4,
# rewrites each word's entries several times) unless 64 wait at one level; 'optimize' merges them
# all once at the end. A quarter less time to build its index, the same index; then the defaults.
_BUILDING = (("automerge", 0), ("crisismerge", 64))
_MERGING = (("automerge", 4), ("crisismerge", 16))


def _fts_table(con: sqlite3.Connection, name: str) -> None:
    """A contentless FTS5 table of the searchable fields (FIELDS)."""
    con.execute(f"CREATE VIRTUAL TABLE {name} USING fts5({', '.join(FIELDS)}, content = '', tokenize = 'unicode61')")
    for option, value in _BUILDING:  # merged once, when built (TextIndex.finish), not as rows come
        con.execute(f"INSERT INTO {name} ({name}, rank) VALUES (?, ?)", (option, value))


def facet_rows(example: dict[str, Any], pos: int) -> list[tuple[str, str, int]]:
    """The (facet, value, position) rows of one example."""
    rows = []
    for facet, fieldname in FACET_FIELDS.items():
        value = example.get(fieldname)
        if value is None:
            continue
        if isinstance(value, list):
            for v in value:
                rows.append((facet, year_key(v) if facet == "year" else str(v), pos))
        else:
            rows.append((facet, str(value), pos))
    return rows


class Writer:
    """Writes a dataset into an empty database one record at a time, in bounded memory.

    Examples go in as they are read (:meth:`example`, whose UNIQUE key finds duplicate ids);
    their facet rows go in with them, in position order (the index by value is built at the end);
    the full-text index is built by :meth:`finish` from the stored examples, once the countries
    and challenges (whose names and aliases are searched too) are known.
    """

    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con
        con.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        con.execute("PRAGMA journal_mode = OFF")
        con.execute("PRAGMA synchronous = OFF")
        con.execute("PRAGMA cache_size = -32768")  # 32 MiB
        con.execute("PRAGMA temp_store = FILE")
        con.executescript(SCHEMA)
        for table in ("text", "text_refs"):
            _fts_table(con, table)
        self._facets: list[int] = []  # (position << 32 | value number) of the rows waiting to be written
        self._value_ids: dict[tuple[str, str], int] = {}  # (facet, value) -> its number, as met
        self.users = 0

    def example(self, pos: int, key: str, example: dict[str, Any] | None, user: bool, text: str | None = None) -> bool:
        """Store one example; False if its key is taken.

        ``text``: its JSON when already encoded (read from another store); ``example`` None: its
        facet rows are added later (:meth:`add_facets`). An example is stored in the form its
        record's ``to_dict`` gives (Example.plain), so JSON answers are its stored text.
        """
        if text is None:
            try:
                text = _ENCODE(Example.plain(example or {}))
            except TypeError:  # an invalid record, already reported: a dataset with problems is never kept
                text = _ENCODE(example)
        try:
            self.con.execute("INSERT INTO examples VALUES (?, ?, ?, ?)", (pos, key, int(user), text))
        except sqlite3.IntegrityError:
            return False
        self.users += user
        if example is not None:
            self._add_facets(facet_rows(example, pos))
        return True

    def _add_facets(self, rows: list[tuple[str, str, int]]) -> None:
        ids = self._value_ids
        for facet, value, pos in rows:
            vid = ids.get((facet, value))
            if vid is None:
                vid = ids[facet, value] = len(ids)
            self._facets.append(pos << 32 | vid)
        if len(self._facets) >= 50_000:
            self._flush()

    def add_facets(self, low: int, high: int) -> None:
        """The facet rows of the examples stored without them, at positions from ``low`` up to ``high``."""
        rows = self.con.execute("SELECT pos, json FROM examples WHERE pos >= ? AND pos < ?", (low, high)).fetchall()
        for pos, text in rows:
            self._add_facets(facet_rows(json.loads(text), pos))
        self._flush()

    def keys(self, positions: Sequence[int]) -> dict[int, str]:
        """The keys of the examples at these positions."""
        out: dict[int, str] = {}
        for chunk in chunks(list(positions), 500):
            marks = ",".join("?" * len(chunk))
            out.update(self.con.execute(f"SELECT pos, key FROM examples WHERE pos IN ({marks})", chunk).fetchall())
        return out

    def drop_example(self, pos: int) -> None:
        """Remove an example stored earlier (one the user's data replaces); it has no facet rows yet."""
        self.con.execute("DELETE FROM examples WHERE pos = ?", (pos,))

    def position(self, key: str) -> int | None:
        row = self.con.execute("SELECT pos FROM examples WHERE key = ?", (key,)).fetchone()
        return None if row is None else int(row[0])

    def _flush(self) -> None:
        """Write the facet rows waiting: in key order, handed to SQLite as one JSON array (a third of
        the time of binding each row)."""
        rows = self._facets
        rows.sort()
        if rows and rows[-1] >> 63:  # a position of 2**31 or more: not a dataset a file can hold
            raise ValueError("too many examples for one store")
        try:
            self.con.execute(
                "INSERT INTO facet_index SELECT value >> 32, value & 4294967295 FROM json_each(?)", (json.dumps(rows),)
            )
        except sqlite3.OperationalError as err:  # an SQLite built without its JSON functions
            if "json_each" not in str(err):
                raise
            self.con.executemany("INSERT INTO facet_index VALUES (?, ?)", ((v >> 32, v & 0xFFFFFFFF) for v in rows))
        self._facets = []

    def facet_positions(self, facet: str, values: Sequence[str], first: int) -> list[tuple[int, str]]:
        """(position, value) of the examples from ``first`` on having one of these facet values."""
        self._flush()
        by_id = {self._value_ids[facet, v]: v for v in values if (facet, v) in self._value_ids}
        found: list[tuple[int, str]] = []
        for chunk in chunks(list(by_id), 500):
            marks = ",".join("?" * len(chunk))
            rows = self.con.execute(
                f"SELECT pos, vid FROM facet_index WHERE pos >= ? AND vid IN ({marks})", [first, *chunk]
            )
            found += [(pos, by_id[vid]) for pos, vid in rows]
        return sorted(found)

    def records(self, name: str, records: Iterable[tuple[str, dict[str, Any], bool]]) -> None:
        """Store one small collection: (key, record, from the user) in order."""
        rows = []
        for i, (key, rec, user) in enumerate(records):
            rows.append((name, i, key, int(user), json.dumps(rec, ensure_ascii=False)))
            self.users += user
        self.con.executemany("INSERT INTO records VALUES (?, ?, ?, ?, ?)", rows)

    def finish(
        self,
        meta: dict[str, Any],
        replaced: Sequence[str] = (),
        progress: Any = None,
        lexicon: Any = None,
        *,
        indexes: bool = True,
    ) -> None:
        """Build the full-text index and the facet index, and record the metadata (and the search lexicon).

        ``indexes`` False: the metadata only, for a store that is only checked (``validate``): the records
        are read back, never searched, so no full-text index, lexicon or facet counts are built."""
        self._flush()
        if indexes:
            self._text_index(progress)
            self._lexicon(lexicon or {"rows": [], "places": []})
            self._facet_index()
        self.con.executemany(
            "INSERT INTO info VALUES (?, ?)",
            [
                ("format", FORMAT),
                ("meta", json.dumps(meta, ensure_ascii=False)),
                ("replaced", json.dumps(list(replaced))),
                ("user_records", str(self.users)),
            ],
        )
        self.con.commit()

    def _text_index(self, progress: Any) -> None:
        """The full-text index of the examples (analysed here or by workers) and of the other searchable records."""
        con = self.con
        countries, challenges = searched_names(con)
        index = TextIndex(con)
        total = max(1, int(con.execute("SELECT COUNT(*) FROM examples").fetchone()[0]))
        step = max(1, total // 100)
        reader = con.cursor()  # the examples are read while the index is written through the connection
        stored = reader.execute("SELECT pos, json FROM examples ORDER BY pos")
        analysed = analysed_examples(stored, total, countries, challenges, index.words)
        for i, (pos, fields, lengths) in enumerate(analysed):
            index.rowid = pos  # an example's row is its position (positions may have gaps: replaced records)
            index.add_fields("examples", pos, fields, lengths)
            if progress is not None and i % step == 0:
                progress(i / total)
        for name in SEARCHABLE[1:]:
            rows = con.execute("SELECT pos, json FROM records WHERE collection = ? ORDER BY pos", (name,)).fetchall()
            for pos, text in rows:
                index.add(name, pos, record_texts(name, json.loads(text), countries, challenges))
        index.finish()

    def _facet_index(self) -> None:
        """The facet rows' index by value, each value's count, and a large store's bitmaps."""
        con = self.con
        con.execute("CREATE INDEX facet_index_by_value ON facet_index (vid)")  # (vid, pos): where filters start
        counts = dict(con.execute("SELECT vid, COUNT(*) FROM facet_index GROUP BY vid"))
        con.executemany(
            "INSERT INTO facet_values VALUES (?, ?, ?, ?)",
            ((i, facet, value, counts[i]) for (facet, value), i in self._value_ids.items() if i in counts),
        )
        self._bitmaps(counts)

    def _lexicon(self, lex: dict[str, Any]) -> None:
        """Store the search lexicon: its rows with their keys, every word of its terms, places, names and the
        values concepts stand for. Rows read from another store (``Store.lexicon_data``) come with their keys
        and words, which are then not worked out again (a quarter of building a user's store)."""
        rows, keys, words = lex["rows"], lex.get("keys"), lex.get("words")
        if keys is None:
            stored = [lexicon_row(*r) for r in rows]
        else:
            stored = [(*r, *k) for r, k in zip(rows, keys, strict=True)]
        if words is None:
            words = sorted({(w,) for r in rows for w in str(r[4]).split()})
        con = self.con
        con.executemany("INSERT INTO lexicon VALUES (?, ?, ?, ?, ?, ?, ?, ?)", stored)
        con.executemany("INSERT INTO lexicon_words VALUES (?)", words)
        con.executemany("INSERT INTO places VALUES (?, ?)", lex["places"])
        con.executemany("INSERT INTO names VALUES (?, ?, ?, ?, ?, ?)", lex.get("names", []))
        con.executemany("INSERT INTO concept_values VALUES (?, ?, ?)", lex.get("values", []))
        con.execute("CREATE INDEX lexicon_by_first ON lexicon (first)")
        con.execute("CREATE INDEX lexicon_by_entry ON lexicon (kind, entry)")
        con.execute("CREATE INDEX lexicon_by_folded ON lexicon (folded)")

    def _bitmaps(self, counts: dict[int, int]) -> None:
        """The bitmap of each common facet value, in a store of at least BITS_FROM examples."""
        con = self.con
        total, last = con.execute("SELECT COUNT(*), MAX(pos) FROM examples").fetchone()
        if total < BITS_FROM or last is None:
            return
        size = last // 8 + 1
        reader = con.cursor()
        for vid in sorted(v for v, n in counts.items() if n * BITS_DENSITY >= last + 1):
            rows = reader.execute("SELECT pos FROM facet_index INDEXED BY facet_index_by_value WHERE vid = ?", (vid,))
            con.execute("INSERT INTO facet_bits VALUES (?, ?)", (vid, bytes(bitmap(rows, size))))


record_key = vocab.record_key  # the key a record is stored under: the one rule, in vocab


def fill(
    con: sqlite3.Connection,
    data: dict[str, Any],
    replaced: Sequence[str] = (),
    progress: Any = None,
    user: bool = False,
) -> None:
    """Write a validated dataset given as data (the JSON export shape) into an empty database.

    ``data`` may hold the compiled search lexicon under ``lexicon`` (:func:`migdialogue.lexicon.as_data`).
    """
    writer = Writer(con)
    for name, records in data.items():
        if name not in ("meta", "examples", "lexicon"):
            writer.records(name, ((record_key(name, r), r, user) for r in records))
    for pos, ex in enumerate(data.get("examples", [])):
        writer.example(pos, ex["id"], ex, user)
    writer.finish(data["meta"], replaced, progress, data.get("lexicon"))


def add_translations(con: sqlite3.Connection, rows: Iterable[Sequence[Any]], known: Analysed | None = None) -> None:
    """Store the records' translations: (collection, key, lang, fields, official fields, reference).

    ``known``: what another store's index holds of some of them (``Store.translations_analysed``)."""
    con.executemany(
        "INSERT INTO translations VALUES (?, ?, ?, ?, ?, ?)",
        (
            (c, k, lang, json.dumps(fields, ensure_ascii=False), json.dumps(list(official)), reference)
            for c, k, lang, fields, official, reference in rows
        ),
    )
    index_translations(con, known)
    con.commit()


def index_translations(con: sqlite3.Connection, known: Analysed | None = None) -> None:
    """(Re)build the translations' full-text index from the translations table: a row per translated record
    of a searchable collection, the stems its translations add to its English ones (terms_tr), the
    translated fields' average lengths per collection and language (info ``translated``) and each
    language's words (info ``vocabulary_fr``, ``vocabulary_es``).

    ``known``: what another store's index holds of translations this one has too (a user's dataset on the
    bundled one), taken rather than analysed again: each one's stems, and the words of them all, so
    every one must be here, the same; when one is not, the index is built again without them."""
    import itertools

    columns = ", ".join(TR_FIELDS)
    for lang in TR_LANGS:
        table = tr_table(lang)
        con.execute(f"DROP TABLE IF EXISTS {table}")
        # not contentless (as the English index is): a search reads its candidates' stems back, unanalysed
        con.execute(f"CREATE VIRTUAL TABLE {table} USING fts5({columns}, tokenize = 'unicode61')")
    con.execute("DELETE FROM terms_tr")
    index = _TranslationIndex(con, known)
    reader = con.cursor()  # the translations are read while their index is written through the connection
    for (collection, _key), rows in itertools.groupby(reader.execute(*_translated()), lambda r: r[:2]):
        index.add(collection, list(rows))
    if known is not None and index.reused != len(known[0]):
        index_translations(con)  # the words of a translation not here would be counted
        return
    index.finish()


def _translated() -> tuple[str, list[str]]:
    """The query of every translation of a searchable record (fr, es) with its English record's row in the
    full-text index and that row's stems (STEMS_KEPT), or its JSON when they are not kept: ordered by
    collection, key and language, one query rather than one per record."""
    langs = ", ".join("?" * len(TR_LANGS))
    others = ", ".join("?" * len(SEARCHABLE[1:]))
    sql = (
        "SELECT t.collection, t.key, t.lang, t.json, e.pos, s.fields, CASE WHEN s.rowid IS NULL THEN e.json END "
        "FROM translations t JOIN examples e ON e.key = t.key LEFT JOIN stems s ON s.rowid = e.pos "
        f"WHERE t.collection = 'examples' AND t.lang IN ({langs}) UNION ALL "
        "SELECT t.collection, t.key, t.lang, t.json, d.rowid, s.fields, CASE WHEN s.rowid IS NULL THEN r.json END "
        "FROM translations t JOIN records r ON r.collection = t.collection AND r.key = t.key "
        "JOIN docs d ON d.collection = r.collection AND d.pos = r.pos LEFT JOIN stems s ON s.rowid = d.rowid "
        f"WHERE t.collection IN ({others}) AND t.lang IN ({langs}) ORDER BY 1, 2, 3"
    )
    return sql, [*TR_LANGS, *SEARCHABLE[1:], *TR_LANGS]


class _TranslationIndex:
    """The translations' full-text rows, written a batch at a time, and what index_translations counts as
    they come: the stems each language's translations (and both) add, lengths, words."""

    def __init__(self, con: sqlite3.Connection, known: Analysed | None = None) -> None:
        from collections import Counter

        self.con = con
        self.added: dict[tuple[str, str], Counter[str]] = {}
        self.totals: dict[str, dict[str, list[int]]] = {}
        self.known, words = known or ({}, {})
        self.reused = 0  # translations whose stems were known
        self.words: dict[str, set[str]] = {
            lang: set(filter(None, words.get(lang, "").split("\n"))) for lang in TR_LANGS
        }
        self.waiting: dict[str, list[tuple[Any, ...]]] = {lang: [] for lang in TR_LANGS}
        self._names: tuple[dict[str, list[str]], dict[str, str]] | None = None

    def _english(self, collection: str, kept: str | None, text: str) -> set[str]:
        """The stems of a record's English fields: those its full-text row keeps, else analysed again."""
        if kept is not None:
            return set(kept.split())
        if self._names is None:
            self._names = searched_names(self.con)
        own = record_texts(collection, json.loads(text), *self._names)
        return {s for _w, stems in analysed(own) for s in stems}

    def add(self, collection: str, rows: list[tuple[Any, ...]]) -> None:
        """One record's translations: (collection, key, lang, json, rowid, kept stems, English json)."""
        from collections import Counter

        rowid, kept, text = rows[0][4:]
        stems = self._english(collection, kept, text)
        extra: set[str] = set()
        for _c, key, lang, translated, *_ in rows:
            fields = self._stems(collection, key, lang, translated)
            self.waiting[lang].append((rowid, *(" ".join(s) for s in fields)))
            lengths = self.totals.setdefault(collection, {}).setdefault(lang, [0] * (len(TR_FIELDS) + 1))
            for i, s in enumerate(fields):
                lengths[i] += len(s)
            lengths[-1] += 1
            new = {s for st in fields for s in st} - stems
            self.added.setdefault((collection, lang), Counter()).update(new)
            extra |= new
        self.added.setdefault((collection, " ".join(TR_LANGS)), Counter()).update(extra)
        if sum(map(len, self.waiting.values())) >= 1000:
            self._flush()

    def _stems(self, collection: str, key: str, lang: str, text: str) -> list[list[str]]:
        """The stems of each field of a translation (its words counted): known when it is the same text, else
        analysed."""
        found = self.known.get((collection, key, lang))
        if found is not None and found[0] == text:
            self.reused += 1
            return [field.split() for field in found[1]]
        fields = analysed(translated_texts(json.loads(text)))
        self.words[lang].update(w for tokens, _s in fields for w in tokens)
        return [s for _w, s in fields]

    def _flush(self) -> None:
        marks = ", ?" * len(TR_FIELDS)
        for lang, rows in self.waiting.items():
            table = tr_table(lang)
            self.con.executemany(f"INSERT INTO {table} (rowid, {', '.join(TR_FIELDS)}) VALUES (?{marks})", rows)
            rows.clear()

    def finish(self) -> None:
        """The rows waiting, terms_tr, the average lengths and the words; each table's index merged."""
        con = self.con
        self._flush()
        con.executemany(
            "INSERT INTO terms_tr VALUES (?, ?, ?, ?)",
            ((c, langs, stem, n) for (c, langs), counts in self.added.items() for stem, n in counts.items()),
        )
        averages = {
            collection: {lang: [t / max(1, n[-1]) for t in n[:-1]] for lang, n in by_lang.items()}
            for collection, by_lang in self.totals.items()
        }
        con.execute("INSERT OR REPLACE INTO info VALUES ('translated', ?)", (json.dumps(averages),))
        for lang in TR_LANGS:
            vocabulary = "\n".join(sorted(self.words[lang]))
            con.execute(f"INSERT OR REPLACE INTO info VALUES ('vocabulary_{lang}', ?)", (vocabulary,))
            con.execute(f"INSERT INTO {tr_table(lang)} ({tr_table(lang)}) VALUES ('optimize')")


def in_memory(data: dict[str, Any], replaced: Sequence[str] = ()) -> Store:
    """Build a database in memory (for data given as Python objects); no file is written."""
    con = sqlite3.connect(":memory:", check_same_thread=False)
    fill(con, data, replaced)
    return Store(con)


class TextIndex:
    """Writes the full-text index: each record's fields as English stems, and what BM25F needs.

    An example's row is its position (positions may have gaps, where a user's record replaced a
    bundled one), so the filters' positions select rows directly; the other collections' rows
    follow the last example's, in the order they are added.
    """

    def __init__(self, con: sqlite3.Connection) -> None:
        from collections import Counter

        self.con = con
        self.rowid = 0
        self.shards = 1  # full-text tables of the examples
        self.words: set[str] = set()
        # document frequencies of the other collections' stems; the examples' are read from their
        # index at the end, which is faster than counting a million records
        self.df: dict[str, Counter[str]] = {}
        self.stats: dict[str, list[Any]] = {}  # collection -> [first row, last row, count, length per field]

    def add(self, collection: str, pos: int, texts: list[str]) -> None:
        fields, lengths = field_stems(texts, self.words)
        self.add_fields(collection, pos, fields, lengths)

    def add_fields(self, collection: str, pos: int, fields: list[str], lengths: list[int]) -> None:
        """Add a record's analysed fields (their stems, joined) and their lengths in stems."""
        from collections import Counter

        stats = self.stats.setdefault(collection, [self.rowid, self.rowid, 0, [0] * len(FIELDS)])
        totals = stats[3]
        for i, n in enumerate(lengths):
            totals[i] += n
        table = "text_refs"
        if collection == "examples":
            shard = self.rowid // SHARD_ROWS
            for new in range(self.shards, shard + 1):
                _fts_table(self.con, shard_table(new))
            self.shards = max(self.shards, shard + 1)
            table = shard_table(shard)
        self.con.execute(
            f"INSERT INTO {table} (rowid, {', '.join(FIELDS)}) VALUES (?{', ?' * len(FIELDS)})",
            (self.rowid, *fields),
        )
        if self.rowid < STEMS_KEPT:
            self.con.execute("INSERT INTO stems VALUES (?, ?)", (self.rowid, "\n".join(fields)))
        if collection != "examples":  # an example's row is its position: docs holds the other rows
            self.df.setdefault(collection, Counter()).update({s for f in fields for s in f.split()})
            self.con.execute("INSERT INTO docs VALUES (?, ?, ?)", (self.rowid, collection, pos))
        stats[1] = self.rowid
        stats[2] += 1
        self.rowid += 1

    def finish(self) -> None:
        from collections import Counter

        if "examples" in self.stats:
            df: Counter[str] = Counter()
            for shard in range(self.shards):
                self.con.execute(
                    f"CREATE VIRTUAL TABLE temp.text_rows USING fts5vocab(main, {shard_table(shard)}, row)"
                )
                df.update(dict(self.con.execute("SELECT term, doc FROM temp.text_rows")))
                self.con.execute("DROP TABLE temp.text_rows")
            self.df["examples"] = df
        for collection, counts in self.df.items():
            self.con.executemany(
                "INSERT INTO terms VALUES (?, ?, ?)", ((collection, stem, n) for stem, n in counts.items())
            )
        summary = {
            name: {"first": first, "last": last, "count": n, "avg": [t / max(1, n) for t in totals]}
            for name, (first, last, n, totals) in self.stats.items()
        }
        self.con.executemany(
            "INSERT INTO info VALUES (?, ?)",
            [
                ("collections", json.dumps(summary)),
                ("vocabulary", "\n".join(sorted(self.words))),
                ("shards", f"{self.shards} {SHARD_ROWS}"),
            ],
        )
        for table in [*(shard_table(k) for k in range(self.shards)), "text_refs"]:
            self.con.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")
            for option, value in _MERGING:
                self.con.execute(f"INSERT INTO {table} ({table}, rank) VALUES (?, ?)", (option, value))
