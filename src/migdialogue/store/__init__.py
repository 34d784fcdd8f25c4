"""The query engine's storage: one SQLite database per dataset, for every size.

The bundled brief ships as ``data/compiled.db``; a user's dataset is compiled into the cache
folder on its first use. Every record is kept as JSON; the examples also get a facet index
(each (facet, value) numbered once, and the (position, value number) pairs). Every searchable
record gets a row in a contentless FTS5 full-text index of its English Snowball stems, field by
field: the examples in tables of SHARD_ROWS rows (``text``, ``text_1``, ...), the reference
collections in ``text_refs``; the index keeps no copy of the text: the stems of its first
STEMS_KEPT rows are kept beside it (the whole of a small store, such as the brief's), and a search
analyses its other candidates again from their records, with the function that indexed them. Beside it, the
document frequency of each stem per collection and each collection's field lengths (what BM25F
needs), and the search lexicon, as stems. Filters, counts and search candidates are answered by
SQLite without reading every record. Two things happen only at scale: a store of BITS_FROM
examples or more also keeps bitmaps of its common facet values (filters of several common
conditions AND them), and a dataset of PARALLEL_FROM examples or more has its text analysed by
forked worker processes while the index is written.

The package: ``schema`` (the SQL schema, the full-text fields, the facets), ``texts`` (what the
full-text index holds of a record), ``read`` (``Store``, what the query side reads), ``build`` (the
writer, the full-text index, the bitmaps) and ``workers`` (the forked analysis). Importing the
package gives the reader's names below and never imports the builder: the query side (query,
fulltext, views...) reads; only the loaders build (``from migdialogue.store import build``).
"""

from __future__ import annotations

from .read import Store, is_damage, uri
from .schema import (
    FACET_FIELDS,
    FIELD_WEIGHTS,
    FIELDS,
    FORMAT,
    INT_MAX,
    INT_MIN,
    MAX_SQL_INT,
    SEARCHABLE,
    SHARD_ROWS,
    TR_FIELDS,
    TR_LANGS,
    TR_WEIGHTS,
    bounded,
    shard_table,
    year_key,
)

__all__ = [
    "FACET_FIELDS",
    "FIELDS",
    "FIELD_WEIGHTS",
    "FORMAT",
    "INT_MAX",
    "INT_MIN",
    "MAX_SQL_INT",
    "SEARCHABLE",
    "SHARD_ROWS",
    "TR_FIELDS",
    "TR_LANGS",
    "TR_WEIGHTS",
    "Store",
    "bounded",
    "is_damage",
    "shard_table",
    "uri",
    "year_key",
]
