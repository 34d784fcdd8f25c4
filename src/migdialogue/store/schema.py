"""The store's format: its SQL schema, the full-text fields and their weights, the facets, and
the few rules both the builder (``build``) and the reader (``read``) follow (a year's key, a
full-text table's name, an integer SQLite can take, a facet value's bitmap)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")

FORMAT = "19"  # 19: every word of the lexicon's terms (lexicon_words: is a word known, without reading them all);
# 18: the stems of the first STEMS_KEPT rows of the index kept (a search reads them);
# 17: the translations' full-text tables keep their stems;
# 16: the translations' full-text index (text_fr, text_es, terms_tr);
# 15: a notes field (parties, challenge and form notes, cited footnotes);
# 14: the names of vocabulary values; 13: the editors' translations of record text;
# 12: examples stored as to_dict gives them;
# 11: bitmaps of the common facet values
FIELDS = ("title", "countries", "actors", "sectors", "tags", "summary", "notes")
# each field's weight in BM25F (fulltext.FIELD_WEIGHTS, FTS5's bm25() for the candidates): the notes, which
# records hold only as evidence (parties, challenge and form notes, the cited footnotes), weigh least
FIELD_WEIGHTS = (3.0, 3.0, 2.0, 2.0, 1.5, 1.0, 0.2)
SHARD_ROWS = 50_000  # examples per full-text table
# The full-text index keeps no copy of its text (a contentless FTS5 table: a third of a large store); the
# first STEMS_KEPT rows keep their stems beside it (table stems: the whole of a small store, such as the
# bundled brief's), which a search reads instead of analysing its candidates' records again
STEMS_KEPT = 2_000  # the bundled brief has 240 rows; 2 MB more for a large store (rows of about 1 KB)
# A French or Spanish query is matched against the editors' French and Spanish text of the records too
# (issue 22): each translated record has a row in text_fr / text_es, under its rowid in the English index,
# of the fields people read (TR_FIELDS), analysed as the English is (the same stemmer as the query's words).
TR_LANGS = ("fr", "es")
TR_FIELDS = ("title", "summary", "notes")
TR_WEIGHTS = (3.0, 1.0, 0.2)  # as the English title, summary and notes
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
# only, see build.BITS_FROM): bit p of a value's bitmap, little-endian, is set when the example at
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
-- a row's stemmed fields (FIELDS, joined by new lines), for the first STEMS_KEPT rows of the index
CREATE TABLE stems (rowid INTEGER PRIMARY KEY, fields TEXT NOT NULL);
CREATE TABLE terms (collection TEXT NOT NULL, stem TEXT NOT NULL, df INTEGER NOT NULL,
                    PRIMARY KEY (collection, stem)) WITHOUT ROWID;
CREATE TABLE lexicon (kind TEXT NOT NULL, entry TEXT NOT NULL, lang TEXT NOT NULL, term TEXT NOT NULL,
                      folded TEXT NOT NULL, stems TEXT NOT NULL, key TEXT NOT NULL, first TEXT NOT NULL);
CREATE TABLE lexicon_words (word TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE places (entry TEXT NOT NULL, country TEXT NOT NULL);
CREATE TABLE translations (collection TEXT NOT NULL, key TEXT NOT NULL, lang TEXT NOT NULL, json TEXT NOT NULL,
                           official TEXT NOT NULL, reference TEXT NOT NULL, PRIMARY KEY (collection, key, lang))
                           WITHOUT ROWID;
-- the French and Spanish names of vocabulary values (lexicon.Name): shown = 1 for the one shown
CREATE TABLE names (kind TEXT NOT NULL, value TEXT NOT NULL, lang TEXT NOT NULL, name TEXT NOT NULL,
                    folded TEXT NOT NULL, shown INTEGER NOT NULL);
-- the values of a vocabulary (kind) a lexicon concept stands for: its terms name them too
CREATE TABLE concept_values (concept TEXT NOT NULL, kind TEXT NOT NULL, value TEXT NOT NULL);
-- the translations' full-text index (build.index_translations): text_fr and text_es (TR_FIELDS, a row per
-- translated record, its rowid the record's in the English index), and how many records of a collection
-- hold a stem only in their translations into langs ('fr', 'es' or both, 'fr es'), added to terms' df
-- when those translations are searched too
CREATE TABLE terms_tr (collection TEXT NOT NULL, langs TEXT NOT NULL, stem TEXT NOT NULL, df INTEGER NOT NULL,
                       PRIMARY KEY (collection, langs, stem)) WITHOUT ROWID;
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


def tr_table(lang: str) -> str:
    """The full-text table of the records' translations into one language."""
    return f"text_{lang}"


def shard_table(shard: int) -> str:
    """The full-text table of the examples with rows from ``shard * SHARD_ROWS`` (``text``: the first)."""
    return "text" if shard == 0 else f"text_{shard}"


def bitmap(rows: Iterable[tuple[int]], size: int) -> bytearray:
    """A bitmap of ``size`` bytes with bit p set (little-endian) for each (p,) of the rows."""
    bits = bytearray(size)
    for (pos,) in rows:
        bits[pos >> 3] |= 1 << (pos & 7)
    return bits


def chunks(items: list[T], size: int) -> Iterator[list[T]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
