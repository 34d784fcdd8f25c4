"""Integrity of the real bundled data: ids, references, footnotes, countries, years."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter

import pytest

from migdialogue import dataset
from migdialogue.store import Store


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The bundled YAML compiled afresh into a new file (once for the module: it takes a quarter second).
    Whether the YAML is valid is test_validate's test_bundled_data_is_valid (the CLI's validate)."""
    from migdialogue.compile import build_bundled

    path = str(tmp_path_factory.mktemp("compile") / "fresh.db")
    build_bundled(path).con.close()
    return path


def test_compiled_copy_matches_the_yaml(ds: dataset.Dataset, fresh: str) -> None:
    expected = dataset.Dataset(Store.open(fresh)).to_dict()
    assert ds.to_dict() == expected, "run: python -m migdialogue.compile"
    assert json.dumps(ds.to_dict()) == json.dumps(expected)  # same order too


def test_ids_are_unique_across_collections(ds: dataset.Dataset) -> None:
    keys = [r.key for r in ds.records() if r.collection != "sources"]
    dupes = [k for k, n in Counter(keys).items() if n > 1]
    assert dupes == []


def test_every_reference_resolves(ds: dataset.Dataset) -> None:
    challenges = {c.id for c in ds.challenges}
    examples = {e.id for e in ds.examples}
    instruments = {i.id for i in ds.instruments}
    names = {c.name for c in ds.countries}
    numbers = {s.number for s in ds.sources}
    for ex in ds.examples:
        assert set(ex.challenges) <= challenges, ex.id
        assert set(ex.countries) <= names, ex.id
        assert set(ex.instruments) <= instruments, ex.id
    for rec in ds.recommendations:
        assert set(rec.examples) | set(rec.related_examples) <= examples, rec.id
        assert set(rec.instruments) <= instruments, rec.id
        assert rec.parent is None or ds.get(rec.parent) is not None
    for stat in ds.statistics:
        assert set(stat.countries) <= names, stat.id
    for rec in ds.records():
        assert set(getattr(rec, "sources", ())) <= numbers, rec.key


def test_footnotes_1_to_93_present_and_each_cited(ds: dataset.Dataset) -> None:
    assert [s.number for s in ds.sources] == list(range(1, 94))
    assert all(s.citation.strip() for s in ds.sources)
    cited: set[int] = set()
    for rec in ds.records():
        cited.update(getattr(rec, "sources", ()))
    for note in ds.meta.notes:
        cited.update(note.sources)
    assert sorted(set(range(1, 94)) - cited) == []


def test_every_country_has_codes_and_region(ds: dataset.Dataset) -> None:
    assert len(ds.countries) >= 35
    for c in ds.countries:
        assert len(c.iso2) == 2 and c.iso2.isupper(), c.name
        assert len(c.iso3) == 3 and c.iso3.isupper(), c.name
        assert c.region in ("africa", "americas", "arab-states", "asia-pacific", "europe-central-asia")
    assert len({c.iso2 for c in ds.countries}) == len(ds.countries)


def test_every_country_in_examples_is_a_country_record(ds: dataset.Dataset) -> None:
    used = {n for e in ds.examples for n in e.countries}
    assert used <= {c.name for c in ds.countries}


def test_years_are_within_the_brief(ds: dataset.Dataset) -> None:
    years = [y for e in ds.examples for y in e.years]
    years += [i.year for i in ds.instruments if i.year is not None]
    years += [s.year for s in ds.statistics if s.year is not None]
    years += [y for f in ds.frameworks for y in f.years]
    assert years and all(1919 <= y <= 2025 for y in years if y not in (2030,))
    # Plans whose period the brief gives as ending in 2030 (2018-2030, 2023-2030) are the one
    # exception: the end year of a period, named in the example's title.
    for e in ds.examples:
        for y in e.years:
            assert y <= 2025 or f"-{y}" in e.id, (e.id, y)


def test_collections_are_complete(ds: dataset.Dataset) -> None:
    counts = ds.counts()
    assert counts["examples"] > 50
    assert counts["challenges"] == 9
    assert counts["recommendations"] == 10
    assert counts["principles"] == 3
    assert counts["reasons"] == 5
    assert counts["sources"] == 93
    assert [r.kind for r in ds.recommendations].count("main") == 6


def test_examples_carry_their_tags(ds: dataset.Dataset) -> None:
    for ex in ds.examples:
        assert ex.title and ex.summary
        assert ex.level and ex.dialogue_type and ex.theme
    themes = {e.theme for e in ds.examples}
    assert themes == {
        "policy-formulation",
        "legislative-reform",
        "sectoral-protection",
        "skills-admission",
        "crisis-situations",
        "collective-bargaining",
        "local-territorial",
        "cross-border",
    }


def _tables(path: str) -> dict[str, tuple[str, list[tuple[object, ...]]]]:
    """Every table of a SQLite file: its schema and its rows (sorted, so the order pages were written in is moot)."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name").fetchall()
        out = {}
        for name, sql in names:
            rows = con.execute(f'SELECT * FROM "{name}"').fetchall()
            out[name] = (sql, sorted(rows, key=repr))
        out["(indexes)"] = (
            "",
            sorted(con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'").fetchall()),
        )
        return out
    finally:
        con.close()


def test_compiled_db_matches_a_fresh_compile_table_by_table(fresh: str) -> None:
    """Records, facets, the search index, the lexicon: every table, not only the records' JSON."""
    shipped = _tables(str(dataset.bundled_dir() / dataset.COMPILED))
    expected = _tables(fresh)
    assert sorted(shipped) == sorted(expected), "run: python -m migdialogue.compile"
    for name in expected:
        assert shipped[name] == expected[name], f"table {name} differs: run python -m migdialogue.compile"
