"""The query engine's storage: one SQLite database per dataset, for every size.

The bundled brief ships as ``data/compiled.db``; a user's dataset is compiled into the cache
folder on its first use. Every record is kept as JSON; the examples also get a facet index
(each (facet, value) numbered once, and the (position, value number) pairs). Every searchable
record gets a row in a contentless FTS5 full-text index of its English Snowball stems, field by
field: the examples in tables of SHARD_ROWS rows (``text``, ``text_1``, ...), the reference
collections in ``text_refs``; the index keeps no copy of the text (a search analyses its
candidates again from their records, with the function that indexed them). Beside it, the
document frequency of each stem per collection and each collection's field lengths (what BM25F
needs), and the search lexicon, as stems. Filters, counts and search candidates are answered by
SQLite without reading every record. Two things happen only at scale: a store of BITS_FROM
examples or more also keeps bitmaps of its common facet values (filters of several common
conditions AND them), and a dataset of PARALLEL_FROM examples or more has its text analysed by
forked worker processes while the index is written.
"""

from __future__ import annotations

import itertools
import json
import os
import sqlite3
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar

from . import vocab
from .models import Example

T = TypeVar("T")

FORMAT = "15"  # 15: a notes field (parties, challenge and form notes, cited footnotes);
# 14: the names of vocabulary values; 13: the editors' translations of record text;
# 12: examples stored as to_dict gives them;
# 11: bitmaps of the common facet values
FIELDS = ("title", "countries", "actors", "sectors", "tags", "summary", "notes")
# each field's weight in BM25F (fulltext.FIELD_WEIGHTS, FTS5's bm25() for the candidates): the notes, which
# records hold only as evidence (parties, challenge and form notes, the cited footnotes), weigh least
FIELD_WEIGHTS = (3.0, 3.0, 2.0, 2.0, 1.5, 1.0, 0.2)
UNSTATED = frozenset({"unspecified", "not-stated"})  # a value saying the brief does not say: not searched
SHARD_ROWS = 50_000  # examples per full-text table
PAGE_SIZE = 8192  # bytes: faster to build than SQLite's 4096 (fewer pages to split and write), and a smaller file
# A store of at least BITS_FROM examples keeps a bitmap of the positions of each facet value that
# at least one example in BITS_DENSITY has (its bitmap is then at most 8 bytes per example having
# it: smaller than its index rows). Below that size, a filter reads so few rows it needs none.
BITS_FROM = 200_000
BITS_DENSITY = 64
BITS_WORTH = 10_000  # a filter's smallest condition matching fewer examples is answered by SQL
_BIT_FLAGS = bytes.maketrans(b"01", b"\x00\x01")
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode
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
    "form": "forms",
    "party": "parties",
}

# ``user``: 1 for a record from the user's own files, 0 for the brief's. Each (facet, value) is
# numbered once, as met, with its count (``facet_values``); ``facet_index`` holds the (position,
# value number) pairs, without rowid, written in the examples' order as they are read. Its
# primary key checks one example's values (a filter's other conditions, counts by facet); the
# index by value number is where every filter starts. The view ``facets`` reads the pairs back
# as (facet, value, pos), for the sqlite3 CLI and other readers. ``facet_bits`` (large stores
# only, see BITS_FROM): bit p of a value's bitmap, little-endian, is set when the example at
# position p has it; a filter whose every condition is common is answered by ANDing them.
SCHEMA = """
CREATE TABLE info (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE records (collection TEXT NOT NULL, pos INTEGER NOT NULL, key TEXT NOT NULL, user INTEGER NOT NULL,
                      json TEXT NOT NULL, PRIMARY KEY (collection, pos));
CREATE INDEX records_by_key ON records (key);
CREATE TABLE examples (pos INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, user INTEGER NOT NULL, json TEXT NOT NULL);
CREATE TABLE facet_values (id INTEGER PRIMARY KEY, facet TEXT NOT NULL, value TEXT NOT NULL, n INTEGER NOT NULL);
CREATE UNIQUE INDEX facet_values_by_name ON facet_values (facet, value);
CREATE TABLE facet_index (pos INTEGER NOT NULL, vid INTEGER NOT NULL, PRIMARY KEY (pos, vid)) WITHOUT ROWID;
CREATE TABLE facet_bits (vid INTEGER PRIMARY KEY, bits BLOB NOT NULL);
CREATE VIEW facets (facet, value, pos) AS
    SELECT v.facet, v.value, i.pos FROM facet_index i JOIN facet_values v ON v.id = i.vid;
-- the full-text tables (text, text_refs, and text_1, text_2, ... past SHARD_ROWS examples) are
-- created by the Writer from FIELDS
-- the full-text rows after the examples' (an example's row is its position)
CREATE TABLE docs (rowid INTEGER PRIMARY KEY, collection TEXT NOT NULL, pos INTEGER NOT NULL);
CREATE TABLE terms (collection TEXT NOT NULL, stem TEXT NOT NULL, df INTEGER NOT NULL,
                    PRIMARY KEY (collection, stem)) WITHOUT ROWID;
CREATE TABLE lexicon (kind TEXT NOT NULL, entry TEXT NOT NULL, lang TEXT NOT NULL, term TEXT NOT NULL,
                      folded TEXT NOT NULL, stems TEXT NOT NULL, key TEXT NOT NULL, first TEXT NOT NULL);
CREATE TABLE places (entry TEXT NOT NULL, country TEXT NOT NULL);
CREATE TABLE translations (collection TEXT NOT NULL, key TEXT NOT NULL, lang TEXT NOT NULL, json TEXT NOT NULL,
                           official TEXT NOT NULL, reference TEXT NOT NULL, PRIMARY KEY (collection, key, lang))
                           WITHOUT ROWID;
-- the French and Spanish names of vocabulary values (lexicon.Name): shown = 1 for the one shown
CREATE TABLE names (kind TEXT NOT NULL, value TEXT NOT NULL, lang TEXT NOT NULL, name TEXT NOT NULL,
                    folded TEXT NOT NULL, shown INTEGER NOT NULL);
-- the values of a vocabulary (kind) a lexicon concept stands for: its terms name them too
CREATE TABLE concept_values (concept TEXT NOT NULL, kind TEXT NOT NULL, value TEXT NOT NULL);
"""
INT_MIN, INT_MAX = -(2**63), 2**63 - 1  # SQLite's INTEGER
MAX_SQL_INT = INT_MAX
# The collections a search can look in, in the order results are grouped.
SEARCHABLE = ("examples", "challenges", "recommendations", "instruments", "frameworks", "statistics", "sources")


def bounded(value: int) -> int:
    """An integer SQLite can take: beyond its 64-bit range, the nearest end (a limit of 10**30 is 'all').

    Every integer the Store passes to SQLite goes through here (see ``Store._run``).
    """
    return min(INT_MAX, max(INT_MIN, value))


def year_key(year: int) -> str:
    """Years are stored as 4-digit text so that text comparison orders them; a year outside
    0-9999 (``--since 10000``) is the nearest of those, so it still compares as a number would."""
    return f"{min(9999, max(0, year)):04d}"


def record_texts(
    collection: str, record: dict[str, Any], countries: dict[str, list[str]], challenges: dict[str, str]
) -> list[str]:
    """The text of each searchable field of a record (same order as FIELDS), before analysis."""
    from .vocab import INSTRUMENT_KINDS, RECOMMENDATION_KINDS

    def places(names: list[str]) -> str:
        return " ".join([*names, *(a for n in names for a in countries.get(n, []))])

    regions = [vocab.REGIONS.get(r, r) for r in record.get("region") or []]
    cited = [challenges.get(f"#{n}", "") for n in record.get("sources") or []] if collection != "sources" else []
    if collection == "examples":
        notes = [
            *(vocab.PARTIES.get(p, p) for p in record.get("parties") or [] if p not in UNSTATED),
            *(record.get("challenge_notes") or {}).values(),
            *(record.get("form_notes") or {}).values(),
            *cited,
        ]
        stated = [
            labels.get(record[key], record[key])
            for key, labels in (("level", vocab.LEVELS), ("dialogue_type", vocab.DIALOGUE_TYPES))
            if record[key] not in UNSTATED
        ]
        tags = [
            vocab.THEMES.get(record["theme"], record["theme"]),
            *stated,
            *regions,
            *(challenges.get(c, c) for c in record["challenges"]),
            *(str(y) for y in record["years"]),
        ]
        quote = record.get("quote") or {}
        return [
            record["title"],
            places(record["countries"]),
            " ".join(record["actors"]),
            " ".join(record["sectors"]),
            " ".join(tags),
            " ".join([record["summary"], *(record.get("points") or []), quote.get("text", "")]),
            " ".join(notes),
        ]
    title, tags, summary = "", [], record.get("summary", "")
    if collection == "challenges":
        title, tags = record["name"], [record["id"].replace("-", " ")]
    elif collection == "recommendations":
        title, tags = record["title"], [RECOMMENDATION_KINDS.get(record["kind"], record["kind"])]
    elif collection == "instruments":
        number = record.get("number")
        tags = [INSTRUMENT_KINDS.get(record["kind"], record["kind"]), record["id"]]
        if number is not None:
            tags += [f"No {number}", str(number)]
        if record.get("year") is not None:
            tags.append(str(record["year"]))
        title = record["title"]
    elif collection == "frameworks":
        title = " ".join([record["name"], record.get("acronym") or ""])
        tags = [str(y) for y in record.get("years") or []]
    elif collection == "statistics":
        title = record["label"]
        tags = [record["unit"], *regions, *([str(record["year"])] if record.get("year") is not None else [])]
    elif collection == "sources":
        tags, summary = [str(record["number"])], record["citation"]
    return [title, places(record.get("countries") or []), "", "", " ".join(tags), summary, " ".join(cited)]


def _names(con: sqlite3.Connection) -> tuple[dict[str, list[str]], dict[str, str]]:
    """The countries' aliases (by name), and the challenges' names (by id) with the footnotes' citations (by
    '#' and their number): searched with the records naming or citing them."""
    countries: dict[str, list[str]] = {}
    challenges: dict[str, str] = {}
    for collection, text in con.execute(
        "SELECT collection, json FROM records WHERE collection IN (?, ?, ?)", ("countries", "challenges", "sources")
    ):
        rec = json.loads(text)
        if collection == "countries":
            countries[rec["name"]] = list(rec.get("aliases", []))
        elif collection == "sources":
            challenges[f"#{rec['number']}"] = rec["citation"]
        else:
            challenges[rec["id"]] = rec["name"]
    return countries, challenges


def shard_table(shard: int) -> str:
    """The full-text table of the examples with rows from ``shard * SHARD_ROWS`` (``text``: the first)."""
    return "text" if shard == 0 else f"text_{shard}"


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


def analysed(texts: list[str]) -> list[tuple[list[str], list[str]]]:
    """(folded words, their English stems) of each field's text: what the full-text index holds."""
    from .analysis import stem_words

    out = []
    for text in texts:
        tokens = vocab.words(text)
        out.append((tokens, stem_words(tokens) if tokens else []))
    return out


def _fields(texts: list[str], words: set[str]) -> tuple[list[str], list[int]]:
    """Each field's stems joined, and its length in stems; its words are added to ``words``."""
    fields, lengths = [], []
    for tokens, stemmed in analysed(texts):
        words.update(tokens)
        lengths.append(len(stemmed))
        fields.append(" ".join(stemmed))
    return fields, lengths


# Analysing the examples' text (pure Python) is most of the full-text index's cost; in a large
# dataset, on a machine of several cores, other processes do it while this one writes the index
# (on two cores, a first run on 100,000 records takes a fifth less time).
PARALLEL_FROM = 20_000  # examples
MAX_WORKERS = 4
_CHUNK = 1_000  # examples a process analyses at a time
_NAMES: list[Any] = []  # in a process that analyses: the countries' aliases and the challenges' names


def _analyse_chunk(rows: list[tuple[int, str]]) -> tuple[list[tuple[int, list[str], list[int]]], set[str]]:
    """(position, fields, lengths) of each example of a chunk, and the words they hold."""
    countries, challenges = _NAMES
    words: set[str] = set()
    return list(_inline(rows, countries, challenges, words)), words


def _workers(total: int) -> int:
    """How many other processes analyse the examples: none for a small dataset, on one core, in a
    daemonic process (it may have no children), or where processes cannot be forked safely (fork
    is Linux's way; macOS offers it, but it is unsafe there)."""
    if total < PARALLEL_FROM or not sys.platform.startswith("linux"):
        return 0
    import multiprocessing

    if multiprocessing.current_process().daemon:
        return 0
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return min(cores, MAX_WORKERS) if cores > 1 else 0


def _quiet_worker(parent: int) -> None:
    """A worker's set-up: Ctrl-C is for the process that forked it (which stops the workers);
    whatever goes wrong in it reaches that process as an exception, never as text on stderr; and
    it ends with that process, however that ends (killed, out of memory: Linux's parent-death
    signal), never left behind."""
    import contextlib
    import ctypes
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # it ended before the signal was asked for
        os._exit(0)
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 2)  # this process's own standard error (a copy of the parent's descriptor)
    os.close(null)


def _inline(
    rows: Iterable[tuple[int, str]], countries: dict[str, list[str]], challenges: dict[str, str], words: set[str]
) -> Iterator[tuple[int, list[str], list[int]]]:
    """(position, fields, lengths) of each stored example, analysed in this process."""
    for pos, text in rows:
        yield (pos, *_fields(record_texts("examples", json.loads(text), countries, challenges), words))


def _analysed_examples(
    rows: Iterable[tuple[int, str]],
    total: int,
    countries: dict[str, list[str]],
    challenges: dict[str, str],
    words: set[str],
) -> Iterator[tuple[int, list[str], list[int]]]:
    """(position, fields, lengths) of each stored example, in order: analysed here, or by worker
    processes a few chunks ahead (forked, so they share the names; never more than a few chunks of
    text in flight, so memory stays bounded). Workers that cannot start or that die (killed, out
    of memory) leave the rest to be analysed here: the same result, only slower."""
    from collections import deque

    workers = _workers(total)
    if workers == 0:
        yield from _inline(rows, countries, challenges, words)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    pending: deque[list[Any]] = deque()  # [future, its chunk] in order (the chunk kept until it is back)
    chunks = iter(lambda: list(itertools.islice(rows, _CHUNK)), [])
    _NAMES[:] = [countries, challenges]
    pool = None
    try:
        pool = ProcessPoolExecutor(
            workers, multiprocessing.get_context("fork"), initializer=_quiet_worker, initargs=(os.getpid(),)
        )
        for chunk in itertools.chain(chunks, [None]):
            if chunk is not None:
                pending.append([None, chunk])
                pending[-1][0] = pool.submit(_analyse_chunk, chunk)
            while pending and (chunk is None or len(pending) > 2 * workers):
                done, held = pending[0][0].result()
                pending.popleft()
                words |= held
                yield from done
    except (BrokenProcessPool, AssertionError, OSError):
        for _, chunk in pending:  # what the workers had not given back, then the rest, here
            yield from _inline(chunk, countries, challenges, words)
        for chunk in chunks:
            yield from _inline(chunk, countries, challenges, words)
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        _NAMES.clear()


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
        for chunk in _chunks(list(positions), 500):
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
        for chunk in _chunks(list(by_id), 500):
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
        self, meta: dict[str, Any], replaced: Sequence[str] = (), progress: Any = None, lexicon: Any = None
    ) -> None:
        """Build the full-text index and the facet index, and record the metadata (and the search lexicon)."""
        con = self.con
        self._flush()
        countries, challenges = _names(con)
        index = TextIndex(con)
        total = max(1, int(con.execute("SELECT COUNT(*) FROM examples").fetchone()[0]))
        step = max(1, total // 100)
        reader = con.cursor()  # the examples are read while the index is written through the connection
        stored = reader.execute("SELECT pos, json FROM examples ORDER BY pos")
        analysed = _analysed_examples(stored, total, countries, challenges, index.words)
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
        lex = lexicon or {"rows": [], "places": []}
        con.executemany("INSERT INTO lexicon VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [_lexicon_row(*r) for r in lex["rows"]])
        con.executemany("INSERT INTO places VALUES (?, ?)", lex["places"])
        con.executemany("INSERT INTO names VALUES (?, ?, ?, ?, ?, ?)", lex.get("names", []))
        con.executemany("INSERT INTO concept_values VALUES (?, ?, ?)", lex.get("values", []))
        con.execute("CREATE INDEX lexicon_by_first ON lexicon (first)")
        con.execute("CREATE INDEX lexicon_by_entry ON lexicon (kind, entry)")
        con.execute("CREATE INDEX lexicon_by_folded ON lexicon (folded)")
        con.execute("CREATE INDEX facet_index_by_value ON facet_index (vid)")  # (vid, pos): where filters start
        counts = dict(con.execute("SELECT vid, COUNT(*) FROM facet_index GROUP BY vid"))
        con.executemany(
            "INSERT INTO facet_values VALUES (?, ?, ?, ?)",
            ((i, facet, value, counts[i]) for (facet, value), i in self._value_ids.items() if i in counts),
        )
        self._bitmaps(counts)
        con.executemany(
            "INSERT INTO info VALUES (?, ?)",
            [
                ("format", FORMAT),
                ("meta", json.dumps(meta, ensure_ascii=False)),
                ("replaced", json.dumps(list(replaced))),
                ("user_records", str(self.users)),
            ],
        )
        con.commit()

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
            con.execute("INSERT INTO facet_bits VALUES (?, ?)", (vid, bytes(_bitmap(rows, size))))


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


def add_translations(con: sqlite3.Connection, rows: Iterable[Sequence[Any]]) -> None:
    """Store the records' translations: (collection, key, lang, fields, official fields, reference)."""
    con.executemany(
        "INSERT INTO translations VALUES (?, ?, ?, ?, ?, ?)",
        (
            (c, k, lang, json.dumps(fields, ensure_ascii=False), json.dumps(list(official)), reference)
            for c, k, lang, fields, official, reference in rows
        ),
    )
    con.commit()


def build(data: dict[str, Any], path: str, replaced: Sequence[str] = (), progress: Any = None) -> None:
    """Write the database for a validated dataset (the JSON export shape) to ``path``."""
    con = sqlite3.connect(path)
    try:
        fill(con, data, replaced, progress)
    finally:
        con.close()


def _lexicon_row(kind: str, entry: str, lang: str, term: str, folded: str, stems: str) -> tuple[str, ...]:
    """A lexicon row with its key: the stems of its words that are not stop words of its language,
    which a query's words are matched against ("empleadas de hogar" matches "empleadas del hogar")."""
    from .analysis import STOP_WORDS

    stop = STOP_WORDS.get(lang, frozenset())
    key = [s for w, s in zip(folded.split(), stems.split(), strict=True) if w not in stop] or stems.split()
    return (kind, entry, lang, term, folded, stems, " ".join(key), key[0])


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
        fields, lengths = _fields(texts, self.words)
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


def build_atomically(data: dict[str, Any], path: str, replaced: Sequence[str] = (), progress: Any = None) -> None:
    """Build into a temporary file beside ``path`` and rename it into place (never into a special file)."""
    from .outfile import write_file

    write_file(path, lambda tmp: build(data, tmp, replaced, progress), force=True, in_place=False)


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
        self._vocabulary: list[str] | None = None
        self._text_stats: dict[str, dict[str, Any]] | None = None
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

    @classmethod
    def in_memory(cls, data: dict[str, Any], replaced: Sequence[str] = ()) -> Store:
        """Build a database in memory (for data given as Python objects); no file is written."""
        con = sqlite3.connect(":memory:", check_same_thread=False)
        fill(con, data, replaced)
        return cls(con)

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
        for chunk in _chunks(sorted(set(positions)), 500):
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
        for chunk in _chunks(list(positions), 500):
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
        for chunk in _chunks(wanted, 500):
            marks = ",".join("?" * len(chunk))
            for vid, blob in self._run(f"SELECT vid, bits FROM facet_bits WHERE vid IN ({marks})", chunk):
                maps[vid] = int.from_bytes(blob, "little")
        chosen = -1  # every bit set
        for _, rows in terms:
            either = 0
            sparse = [vid for vid, _ in rows if vid not in bitmapped]
            for vid, _ in rows:
                either |= maps.get(vid, 0)
            for chunk in _chunks(sparse, 500):
                marks = ",".join("?" * len(chunk))
                sql = f"SELECT pos FROM facet_index INDEXED BY facet_index_by_value WHERE vid IN ({marks})"
                either |= int.from_bytes(_bitmap(self._run(sql, chunk), size), "little")
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

    def vocabulary(self) -> list[str]:
        """Every word of the searchable text, folded and sorted (for near spellings)."""
        if self._vocabulary is None:
            text = self.info("vocabulary") or ""
            self._vocabulary = text.split("\n") if text else []
        return self._vocabulary

    def text_stats(self) -> dict[str, dict[str, Any]]:
        """Per searchable collection: its first and last row, its count and average field lengths."""
        if self._text_stats is None:
            self._text_stats = json.loads(self.info("collections") or "{}")
        return self._text_stats

    def doc_frequencies(self, collections: Sequence[str], stems: Iterable[str]) -> dict[str, int]:
        """How many records of these collections contain each stem (0 for none)."""
        wanted = sorted(set(stems))
        out = dict.fromkeys(wanted, 0)
        if not wanted or not collections:
            return out
        for chunk in _chunks(wanted, 400):
            marks = ",".join("?" * len(chunk))
            cmarks = ",".join("?" * len(collections))
            rows = self._run(
                f"SELECT stem, SUM(df) FROM terms WHERE collection IN ({cmarks}) AND stem IN ({marks}) GROUP BY stem",
                [*collections, *chunk],
            )
            out.update((stem, int(n)) for stem, n in rows)
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

        The index keeps no copy of its text (a contentless FTS5 table: a third of a large store);
        the fields are analysed again from the records, by the function that indexed them.
        """
        if self._names is None:
            self._names = _names(self.con)
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
        return {
            rowid: [" ".join(stems) for _, stems in analysed(record_texts(name, rec, countries, challenges))]
            for rowid, name, rec in records
        }

    def _last_example_row(self) -> int:
        return int(self.text_stats().get("examples", {}).get("last", -1))

    def docs(self, rowids: Sequence[int]) -> dict[int, tuple[str, int]]:
        """(collection, position) of some rows of the full-text index (an example's row is its position)."""
        last = self._last_example_row()
        out = {rowid: ("examples", rowid) for rowid in rowids if rowid <= last}
        for chunk in _chunks([r for r in rowids if r > last], 500):
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
        for chunk in _chunks([r for r in rowids if r > last], 500):
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
        for chunk in _chunks(wanted, 400):
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

    def lexicon_data(self) -> dict[str, Any]:
        """The compiled lexicon, to compile into another store (a user's dataset)."""
        rows = self._run("SELECT kind, entry, lang, term, folded, stems FROM lexicon ORDER BY rowid")
        places = self._run("SELECT entry, country FROM places ORDER BY rowid")
        names = self._run("SELECT kind, value, lang, name, folded, shown FROM names ORDER BY rowid")
        values = self._run("SELECT concept, kind, value FROM concept_values ORDER BY rowid")
        return {
            "rows": [tuple(r) for r in rows],
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

    def translations_data(self, leave_out: Iterable[str] = ()) -> list[tuple[Any, ...]]:
        """Every translation (to store with a user's dataset), but those of the records ``leave_out`` names."""
        skip = set(leave_out)
        rows = self._run("SELECT collection, key, lang, json, official, reference FROM translations ORDER BY 1, 2, 3")
        return [(c, k, lang, json.loads(f), tuple(json.loads(o)), r) for c, k, lang, f, o, r in rows if k not in skip]

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


def _bitmap(rows: Iterable[tuple[int]], size: int) -> bytearray:
    """A bitmap of ``size`` bytes with bit p set (little-endian) for each (p,) of the rows."""
    bits = bytearray(size)
    for (pos,) in rows:
        bits[pos >> 3] |= 1 << (pos & 7)
    return bits


def _chunks(items: list[T], size: int) -> Iterator[list[T]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
