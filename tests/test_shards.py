"""The examples' full-text index in tables of SHARD_ROWS rows, and the sampled ranking of a very broad search.

The real sizes (50,000 rows a table, 50,000 matches ranked) need a dataset of hundreds of
thousands of records (benchmarks/scale.py measures them); here both are made small and the
bundled data is compiled again, so the same code is exercised on 67 examples.
"""

from __future__ import annotations

import re
import sqlite3

import pytest

from migdialogue import dataset, fulltext, store
from migdialogue.compile import bundled_lexicon
from migdialogue.dataset import Dataset
from migdialogue.query import Filters
from migdialogue.store import build

QUERIES = ["migrant workers", "recruitment fees", "trabajadoras del hogar", "travailleurs domestiques", "Jordan"]


def _compiled(rows: int) -> Dataset:
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(build, "SHARD_ROWS", rows)
        built, problems, _ = dataset.check_files(dataset.bundled_yaml_files(), user=False, lexicon=bundled_lexicon)
        assert built is not None, problems
        translated, problems = dataset.check_translations(Dataset(built), str(dataset.bundled_dir()))
        assert not problems
        build.add_translations(built.con, translated)  # as compile does: French and Spanish queries search them too
    return Dataset(built)


@pytest.fixture(scope="module")
def many() -> Dataset:
    """The bundled data compiled in tables of 7 rows (compiled once: the tests only read it)."""
    return _compiled(7)


def _sampled(notices: list[str]) -> list[str]:
    """The notice that only part of the matches was ranked."""
    return [n for n in notices if "were ranked" in n]


def _results(ds: Dataset, query: str, **kwargs: object) -> list[tuple[str, float]]:
    kwargs.setdefault("limit", 0)
    return [(h.record.key, round(h.score, 6)) for h in fulltext.search(ds, query, **kwargs)]  # type: ignore[arg-type]


def test_the_examples_fill_one_table_after_another(many: Dataset) -> None:
    count = many.store.example_count()
    assert count > 60
    tables = {r[0] for r in many.store.con.execute("SELECT name FROM sqlite_master WHERE name LIKE 'text%'")}
    shards = -(-count // 7)
    assert many.store.shards() == shards and many.store.shard_rows() == 7
    assert {store.shard_table(k) for k in range(shards)} <= tables
    assert store.shard_table(shards) not in tables
    for k in range(shards):  # each table holds its own rows, and only them (a view of each, in temp: not the store)
        table = store.shard_table(k)
        many.store.con.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.v{k} USING fts5vocab(main, {table}, instance)")
        docs = {r[0] for r in many.store.con.execute(f"SELECT DISTINCT doc FROM temp.v{k}")}
        assert docs == set(range(k * 7, min(count, (k + 1) * 7)))


def test_searching_many_tables_finds_what_one_table_finds(many: Dataset) -> None:
    one = dataset.load()
    assert many.store.shards() > 5
    for query in QUERIES:
        assert _results(many, query) == _results(one, query), query
        assert _results(many, query, collection="all") == _results(one, query, collection="all"), query
    f = Filters.resolve(one, regions=["europe"])
    assert _results(many, "migrant workers", filters=f) == _results(one, "migrant workers", filters=f)


def test_a_very_broad_search_ranks_an_even_sample_of_tables_and_says_so(
    monkeypatch: pytest.MonkeyPatch, many: Dataset
) -> None:
    monkeypatch.setattr(fulltext, "RANKED_AT_MOST", 5)
    total = many.store.shards()
    res = fulltext.search(many, "migrant workers", limit=50)
    (notice,) = _sampled(res.notices)
    assert re.fullmatch(r"about [0-9,]+ examples may match; only about 5 were ranked; -n 0 ranks all", notice), notice
    assert not [n for n in res.notices if "mentions" in n]
    tables = {h.record.key: h for h in res}
    positions = {many.store.example_position(k) for k in tables}
    shards = {p // many.store.shard_rows() for p in positions if p is not None}
    assert 0 in shards and total - 1 in shards  # the first and the last table are in the sample
    assert len(shards) < total  # and not every table
    full = dataset.load()
    everything = {h.record.key for h in fulltext.search(full, "migrant workers", limit=0)}
    assert set(tables) < everything  # a sample: fewer results, all of them true matches
    # a filter narrows the matches: every table is ranked, and no notice
    f = Filters.resolve(many, regions=["europe"])
    filtered = fulltext.search(many, "migrant workers", filters=f, limit=50)
    assert not _sampled(filtered.notices)
    assert [h.record.key for h in filtered] == [
        h.record.key for h in fulltext.search(full, "migrant workers", filters=f, limit=50)
    ]


def test_a_sampled_search_still_looks_for_its_rare_words_everywhere(
    monkeypatch: pytest.MonkeyPatch, many: Dataset
) -> None:
    """'brick' is in two examples: they lead whatever tables the broad 'policy' is sampled from,
    and the notice never says that no example mentions a word some example holds."""
    monkeypatch.setattr(fulltext, "RANKED_AT_MOST", 12)
    full = dataset.load()
    # 'policy' is in more examples than are ranked, not in most ('migrant' is, now that the footnotes the
    # examples cite are searched: a common word is not looked for, so nothing would be sampled)
    for query, rare in (("policy brick", "brick"), ("policy Argentina", "argentina")):
        sampled = fulltext.search(many, query, limit=3)
        exact = fulltext.search(full, query, limit=3)
        assert [h.record.key for h in sampled][:2] == [h.record.key for h in exact][:2], query
        (notice,) = _sampled(sampled.notices)
        expected = (
            rf"about [0-9,]+ examples may match; only about 12 were ranked, including all with {rare!r}; -n 0 ranks all"
        )
        assert re.fullmatch(expected, notice) and len(notice) < 110, notice
        assert not [n for n in sampled.notices if "mentions" in n]
    both = fulltext.search(many, "policy brick Argentina", limit=3)
    assert [n for n in _sampled(both.notices) if "including all with 'brick' or 'argentina';" in n], both.notices
    # a quoted phrase with few matches narrows the search: nothing is sampled
    phrase = fulltext.search(many, '"domestic work" migrant', limit=5)
    assert not _sampled(phrase.notices)
    assert [h.record.key for h in phrase] == [
        h.record.key for h in fulltext.search(full, '"domestic work" migrant', limit=5)
    ]
    # all results asked for (limit 0): every table is ranked
    everything = fulltext.search(many, "migrant workers", limit=0)
    assert not _sampled(everything.notices)
    assert [h.record.key for h in everything] == [
        h.record.key for h in fulltext.search(full, "migrant workers", limit=0)
    ]


def test_candidates_from_many_tables_are_merged_to_the_limit(many: Dataset) -> None:
    one = dataset.load()
    expr = '"migrant worker"'
    every = set(one.store.candidates(expr, ["examples"], None, 10_000))
    assert len(every) > 10
    assert set(many.store.candidates(expr, ["examples"], None, 10_000)) == every
    best = many.store.candidates(expr, ["examples"], None, 4)
    assert len(best) == 4 and set(best) <= every
    first_table = many.store.candidates(expr, ["examples"], None, 4, shards=[0])
    assert first_table and all(r < 7 for r in first_table)  # one table: only its rows


def test_the_index_holds_what_search_analyses_again() -> None:
    """The full-text tables keep no text: Store.texts analyses each record again, and must give
    exactly the words, fields and positions the index holds (read through fts5vocab)."""
    ds = dataset.load()
    con = ds.store.con
    rows: dict[int, list[tuple[str, int, int]]] = {}
    for table in ("text", "text_refs"):
        con.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{table}_words USING fts5vocab(main, {table}, instance)")
        for term, doc, col, offset in con.execute(f"SELECT term, doc, col, offset FROM temp.{table}_words"):
            rows.setdefault(doc, []).append((term, store.FIELDS.index(col), offset))
    texts = ds.store.texts(sorted(rows))
    assert len(texts) == len(rows) > 200
    for rowid, fields in texts.items():
        again = [(word, i, n) for i, text in enumerate(fields) for n, word in enumerate(text.split())]
        assert sorted(again) == sorted(rows[rowid]), rowid


def test_facet_counts_over_a_filter_with_more_values_than_sql_variables_allow() -> None:
    from .test_streaming import _whole_file_data

    data = _whole_file_data()
    base = dict(data["examples"][0])  # type: ignore[index]
    extra = [{**base, "id": f"many-sectors-{i}", "sectors": [f"sector {i}"]} for i in range(700)]
    data["examples"] = [*data["examples"], *extra]  # type: ignore[misc]
    built = Dataset(build.in_memory(data))
    built.store.con.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 600)  # fewer than the sectors
    counts = dict(built.store.facet_counts("sector", [("country", list(base["countries"]))]))
    assert counts["sector 5"] == 1 and len([v for v in counts if v.startswith("sector ")]) == 700


@pytest.mark.parametrize("value", ["x", "3 50000", "0 10", "1 zero"])
def test_a_store_whose_full_text_tables_do_not_match_its_record_is_not_read(tmp_path: object, value: str) -> None:
    """A damaged or tampered cache: refused as not of this version (the cache then builds it again)."""
    import shutil
    from pathlib import Path

    path = Path(str(tmp_path)) / "copy.db"
    shutil.copy(dataset.compiled_path(), path)
    con = sqlite3.connect(path)
    con.execute("UPDATE info SET value = ? WHERE key = 'shards'", (value,))
    con.commit()
    con.close()
    with pytest.raises(ValueError, match="full-text tables"):
        store.Store.open(str(path))
