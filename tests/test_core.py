"""Unit tests of the core, one module at a time, without the CLI: a failure here names the module that broke."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from migdialogue import analysis, dataset, errors, lexicon, query, store, vocab, yamlio
from migdialogue.fulltext import search
from migdialogue.render import Document, Listing, cell, clean
from migdialogue.render.text import render_text


# -- errors -------------------------------------------------------------------------------------------
def test_usage_error_names_parameters_and_the_cli_shows_flags() -> None:
    err = errors.UsageError("`since` 2030 is after `until` 2020", options=("since", "until"))
    assert err.message == "`since` 2030 is after `until` 2020"
    assert err.with_flags() == "--since 2030 is after --until 2020"
    assert errors.UsageError("`min_score` nan", options=("min_score",)).with_flags() == "--min-score nan"


# -- analysis -----------------------------------------------------------------------------------------
def test_stems_per_language() -> None:
    assert analysis.stem_words(["farming", "workers"]) == ["farm", "worker"]
    assert analysis.stem_words(["travailleurs"], "fr") == analysis.stem_words(["travailleur"], "fr")


# -- vocab --------------------------------------------------------------------------------------------
def test_collections_in_order() -> None:
    assert vocab.ORDER[0] == "examples" and "sources" in vocab.ORDER and len(set(vocab.ORDER)) == len(vocab.ORDER)
    assert dataset.ORDER is vocab.ORDER


# -- store --------------------------------------------------------------------------------------------
def test_store_counts_match_the_collections(ds: dataset.Dataset) -> None:
    assert ds.store.example_count() == len(ds.examples)
    assert len(ds.store.ids()) == len(set(ds.store.ids()))
    assert store.year_key(1999) < store.year_key(2000)


# -- query --------------------------------------------------------------------------------------------
def test_filters_refuse_a_window_that_ends_before_it_starts(ds: dataset.Dataset) -> None:
    with pytest.raises(errors.UsageError) as caught:
        query.Filters.resolve(ds, since=2020, until=2010)
    assert caught.value.options == ("since", "until") and "--" not in caught.value.message


def test_timeline_keeps_the_years_of_the_window(ds: dataset.Dataset) -> None:
    years = [y for y, _ in query.timeline(ds, query.Filters.resolve(ds, since=2000, until=2010))]
    assert years and min(years) >= 2000 and max(years) <= 2010
    assert [y for y, _ in query.timeline(ds)][0] < 2000  # the ILO conventions come first without a window


def test_find_in_by_id_number_and_acronym(ds: dataset.Dataset) -> None:
    assert query.find_in(ds, "instruments", "C097").key == "c097"
    assert query.find_in(ds, "instruments", "97").key == "c097"
    assert query.find_in(ds, "frameworks", "gcm").key == "global-compact-migration"
    with pytest.raises(errors.NotFoundError, match="no instrument 'c09x'; did you mean"):
        query.find_in(ds, "instruments", "c09x")


def test_find_source_says_the_range(ds: dataset.Dataset) -> None:
    assert query.find_source(ds, 1).number == 1
    with pytest.raises(errors.NotFoundError, match=f"run from 1 to {len(ds.sources)}"):
        query.find_source(ds, 10_000)


def test_stated_figures_for_a_region(ds: dataset.Dataset) -> None:
    everything = query.stated_figures(ds)
    arab = query.stated_figures(ds, query.Filters.resolve(ds, regions=["arab-states"]))
    assert len(everything) == len(ds.statistics) and 0 < len(arab) < len(everything)
    assert "migrant-workers-share-main-destination-regions-2019" in {s.id for s in arab}


def test_example_total_and_counts(ds: dataset.Dataset) -> None:
    jordan = query.Filters.resolve(ds, countries=["Jordan"])
    assert query.example_total(ds) == len(ds.examples)
    assert (
        query.example_total(ds, jordan)
        == len(query.filter_examples(ds, jordan))
        == query.example_counts(ds, "country")["Jordan"]
    )


# -- fulltext -----------------------------------------------------------------------------------------
def test_search_finds_the_jordan_garment_agreement(ds: dataset.Dataset) -> None:
    hits = search(ds, "garment collective agreement Jordan").hits
    assert hits and hits[0].record.key == "jordan-garment-collective-agreement-2022"


def test_search_refuses_an_unknown_collection_naming_the_parameter(ds: dataset.Dataset) -> None:
    with pytest.raises(errors.UsageError) as caught:
        search(ds, "union", collection="everywhere")
    assert caught.value.with_flags().startswith("--collection 'everywhere'")


# -- render -------------------------------------------------------------------------------------------
def test_clean_and_cell() -> None:
    assert clean("a\x1b[2Jb\u202e") == "a\\x1b[2Jb\\u202e"
    assert clean("a\nb", one_line=True) == "a\\x0ab"
    assert cell(["a", "b"]) == "a; b" and cell(None) == "" and cell(True) == "yes" and cell(12000.0) == "12,000"


def test_render_text_formats() -> None:
    listing = Listing(data=[{"id": "x", "n": 1}], columns=[("id", "Id"), ("n", "N")])
    assert json.loads(render_text(listing, "json")) == [{"id": "x", "n": 1}]
    assert render_text(listing, "csv").splitlines()[0] == "id,n"
    assert render_text(Document(data={"a": "é"}, title="t"), "yaml") == "a: é\n"
    assert (
        render_text(Document(data={"a": "é"}, title="t"), "json", ascii_only=True).strip() == '{\n  "a": "\\u00e9"\n}'
    )


# -- yamlio -------------------------------------------------------------------------------------------
def test_yaml_dump_keeps_order_and_unicode() -> None:
    assert yamlio.dump({"b": 1, "a": "ü"}) == "b: 1\na: ü\n"


# -- validate (through dataset.validate_path, the function `migdialogue validate` calls) -----------------
def test_validate_locates_each_problem(tmp_path: Path) -> None:
    from .test_validate import GOOD_EXAMPLE

    good = tmp_path / "good.yaml"
    good.write_text(GOOD_EXAMPLE, encoding="utf-8")
    assert dataset.validate_path(str(good)) == []
    bad = tmp_path / "bad.yaml"
    bad.write_text(GOOD_EXAMPLE.replace("level: national", "level: planetary"), encoding="utf-8")
    (problem,) = dataset.validate_path(str(bad))
    assert (
        problem.file == str(bad)
        and problem.line == 7
        and problem.record == "my-case"
        and problem.message == "field 'level': unknown value 'planetary'"
    )


# -- lexicon ------------------------------------------------------------------------------------------
def test_lexicon_rows_are_stemmed_in_their_language(ds: dataset.Dataset) -> None:
    rows, places, *_ = lexicon.bundled([c.name for c in ds.countries])
    first = next(r for r in rows if r.term == "domestic work" and r.lang == "en")
    assert first.stems == " ".join(analysis.stem_words(["domestic", "work"]))
    assert {r.lang for r in rows} == {"en", "fr", "es"}
    assert all(country in {c.name for c in ds.countries} for _, country in places)


def _has(example: object, facet: str, values: list[str]) -> bool:
    value = getattr(example, store.FACET_FIELDS[facet])
    items = value if isinstance(value, tuple) else (value,)
    return any((store.year_key(v) if facet == "year" else str(v)) in values for v in items)


def _with_bitmaps(monkeypatch: pytest.MonkeyPatch, density: int) -> dataset.Dataset:
    """The bundled data compiled again as a large store is: with the bitmaps of its facet values
    (those at least one example in ``density`` has), used whatever a filter's smallest match."""
    from migdialogue.compile import bundled_lexicon
    from migdialogue.store import build, read

    monkeypatch.setattr(build, "BITS_FROM", 0)
    monkeypatch.setattr(build, "BITS_DENSITY", density)
    monkeypatch.setattr(read, "BITS_WORTH", 0)
    built, problems, _ = dataset.check_files(dataset.bundled_yaml_files(), user=False, lexicon=bundled_lexicon)
    assert built is not None, problems
    return dataset.Dataset(built)


# the plain SQL and the common values' bitmaps in the fast loop; every value's bitmap with the slow tests
@pytest.mark.parametrize("density", [0, pytest.param(64, marks=pytest.mark.slow), 8])
def test_store_filters_equal_a_brute_force_filter_for_many_combinations(
    monkeypatch: pytest.MonkeyPatch, density: int
) -> None:
    """One, two or three conditions (of one value or several), with and without a year range:
    the SQL the store builds (joins, EXISTS, DISTINCT) selects what reading every example does,
    and so do the bitmaps of a large store: of every value (density 64: all but the values of one
    example, which are read from the index; 8: only the common ones)."""
    import itertools
    import random

    ds = dataset.load() if density == 0 else _with_bitmaps(monkeypatch, density)
    bitmapped = ds.store._bitmapped()
    assert (len(bitmapped) == 0) == (density == 0)
    by_bitmaps = 0
    examples = list(enumerate(ds.examples))
    positions = {e.id: ds.store.example_position(e.id) for _, e in examples}
    counts = {f: [v for v, _ in ds.store.facet_counts(f)] for f in ("region", "type", "level", "challenge", "year")}
    rng = random.Random(12)
    checked = 0
    for size in (1, 2, 3):
        for facets in itertools.combinations(counts, size):
            for _ in range(6):
                conditions = [(f, rng.sample(counts[f], min(len(counts[f]), rng.choice((1, 1, 2, 3))))) for f in facets]
                since, until = rng.choice([(None, None), (2015, None), (None, 2018), (2012, 2020)])
                expected = sorted(
                    positions[e.id]
                    for _, e in examples
                    if all(_has(e, f, vs) for f, vs in conditions)
                    and (since is None or any(y >= since for y in e.years))
                    and (until is None or any(y <= until for y in e.years))
                )
                got = ds.store.positions(conditions, since, until)
                assert got == expected, (conditions, since, until)
                bits = ds.store._bitmap_positions(ds.store._terms(conditions, since, until))
                assert bits is None or bits == expected, (conditions, since, until)
                by_bitmaps += bits is not None
                counted = dict(ds.store.facet_counts("country", conditions, since, until))
                brute: dict[str, int] = {}
                for _, e in examples:
                    if positions[e.id] in set(expected):
                        for c in e.countries:
                            brute[c] = brute.get(c, 0) + 1
                assert counted == brute, (conditions, since, until)
                checked += bool(expected)
    assert checked > 40  # most combinations select something
    assert by_bitmaps >= {0: 0, 64: 100, 8: 10}[density] and (by_bitmaps == 0) == (density == 0), by_bitmaps


def test_records_read_back_from_the_store_equal_records_built_field_by_field() -> None:
    from migdialogue.models import Country, Example

    ds = dataset.load()
    for example in ds.examples:
        values = {k: v for k, v in example.__dict__.items()}
        stored = Example._stored(values)
        assert stored == Example(**values) and stored.to_dict() == example.to_dict()
    short = {k: v for k, v in ds.examples[0].__dict__.items() if k != "title"}
    with pytest.raises(TypeError, match="needs the field 'title'"):
        Example._stored(short)  # a required field missing: the checking way, and its error
    with pytest.raises(TypeError, match="has no field 'colour'"):
        Example._stored({**ds.examples[0].__dict__, "colour": "red"})
    country = Country._stored({"id": "x", "name": "X", "iso2": "XX", "iso3": "XXX", "region": "africa"})
    assert country.aliases == () and country.name == "X"


# some rows kept and some analysed again in the fast loop; all or none with the slow tests
@pytest.mark.parametrize(
    "kept", [pytest.param(2_000, marks=pytest.mark.slow), 100, pytest.param(0, marks=pytest.mark.slow)]
)
def test_the_stems_a_store_keeps_are_its_records_analysed(monkeypatch: pytest.MonkeyPatch, kept: int) -> None:
    """A search reads the stems of the index's first STEMS_KEPT rows from the store (the bundled brief's
    are all kept) and analyses the other rows' records again: both give every row's fields as the
    records analyse into, whichever rows are kept (all, some, none)."""
    from migdialogue.compile import bundled_lexicon
    from migdialogue.store import build, read

    monkeypatch.setattr(build, "STEMS_KEPT", kept)
    monkeypatch.setattr(read, "STEMS_KEPT", kept)
    built, problems, _ = dataset.check_files(dataset.bundled_yaml_files(), user=False, lexicon=bundled_lexicon)
    assert built is not None, problems
    rows = [r for (r,) in built.con.execute("SELECT rowid FROM docs UNION SELECT pos FROM examples")]
    assert len(rows) > 200
    assert built.con.execute("SELECT COUNT(*) FROM stems").fetchone()[0] == min(kept, len(rows))
    shuffled = rows[::-1]
    assert built.texts(shuffled) == built.analysed_texts(rows)
    assert list(built.texts(shuffled)) == sorted(rows)
    assert dataset.load().store.texts(rows) == built.analysed_texts(rows)  # the store shipped keeps them too


def test_examples_are_stored_as_their_records_dicts_and_json() -> None:
    """Examples are stored in the form ``to_dict`` gives (Example.plain), so JSON listings are
    streamed as stored, without building the records: the same dicts, field for field and in
    order, and the same text, as ``to_dict`` and the C encoder give."""
    import random

    from migdialogue.dataset import _build
    from migdialogue.models import Example

    _plain_example = Example.plain
    encode = json.JSONEncoder(ensure_ascii=False).encode

    built = dataset.load().examples
    fresh = dataset.load()  # a new Dataset: nothing in memory
    assert fresh._examples is None
    assert [json.dumps(d) for d in fresh.example_dicts_at(None)] == [json.dumps(e.to_dict()) for e in built]
    some = [fresh.store.example_position(e.id) for e in built[::7]]
    assert [d["id"] for d in fresh.example_dicts_at(some)] == [e.id for e in built[::7]]
    assert list(fresh.example_texts_at(None)) == [encode(e.to_dict()) for e in built]
    from tests.test_streaming import _whole_file_data

    from_yaml = _whole_file_data()["examples"]  # the checked values, never stored
    assert list(fresh.example_texts_at(None)) == [encode(_build(Example, v).to_dict()) for v in from_yaml]  # type: ignore[attr-defined]
    assert list(fresh.example_texts_at(some)) == [encode(e.to_dict()) for e in built[::7]]
    assert fresh._examples is None  # still nothing built
    assert list(dataset.load().example_texts_at(some))[:2] == [encode(e.to_dict()) for e in built[::7]][:2]
    stored = [json.loads(t) for (t,) in fresh.store.con.execute("SELECT json FROM examples ORDER BY pos")]
    rng = random.Random(3)
    optional = [n for n in Example._fields if n in Example._defaults]
    for values in stored:  # a user's record: optional fields absent or null, keys in any order, a quote
        varied = dict(rng.sample(list(values.items()), len(values)))
        for name in rng.sample(optional, 4):
            varied.pop(name, None) if rng.random() < 0.5 else varied.__setitem__(name, None)
        if rng.random() < 0.3:
            varied["quote"] = {"by": "someone", "text": "a short quote"}
        expected = _build(Example, varied).to_dict()
        assert json.dumps(_plain_example(varied)) == json.dumps(expected)
    with pytest.raises(TypeError, match="has no field 'colour'"):
        _plain_example({**stored[0], "colour": "red"})
    with pytest.raises(TypeError, match="needs the field 'title'"):
        _plain_example({k: v for k, v in stored[0].items() if k != "title"})


def test_list_json_streamed_from_a_cached_user_dataset_is_the_records_json(tmp_path: Path) -> None:
    from tests.conftest import cli
    from tests.test_validate import GOOD_EXAMPLE

    path = tmp_path / "cases.yaml"
    path.write_text(GOOD_EXAMPLE + '    quote: {by: "a union", text: "Short."}\n    notes: [one]\n', encoding="utf-8")
    env = {"MIGDIALOGUE_CACHE_DIR": str(tmp_path / "cache")}
    for _ in range(2):  # compiled, then read from the cache
        run = cli("list", "--region", "arab-states", "--json", "--data", str(path), env=env)
        assert run.code == 0, run.err
        ds = dataset.load(path)
        chosen = query.filter_examples(ds, query.Filters.resolve(ds, regions=["arab-states"]))
        encode = json.JSONEncoder(ensure_ascii=False).encode
        assert run.out == "[\n" + ",\n".join("  " + encode(e.to_dict()) for e in chosen) + "\n]\n"
        assert "my-case" in {e.id for e in chosen} and len(chosen) > 3
    lines = cli("list", "--region", "arab-states", "--format", "jsonl", "--data", str(path), env=env).out
    assert lines == "".join(encode(e.to_dict()) + "\n" for e in chosen)
    assert cli("list", "--region", "arab-states", "--type", "nope", "--json").code != 0
    assert cli("list", "--country", "Jordan", "--year", "1900", "--json").out == "[]\n"


def test_country_and_region_json_stream_the_records_dicts() -> None:
    """``country`` and ``region`` documents hold their examples as Records made on demand: JSON
    streams them from the store; YAML and the other formats read the same data as lists."""
    from migdialogue import views
    from migdialogue.render import Records
    from migdialogue.render.jsonfmt import render_json, render_jsonl
    from migdialogue.render.yamlfmt import render_yaml
    from tests.conftest import cli

    ds = dataset.load()
    jordan = query.find_country(ds, "Jordan")
    streamed = views.country_document(dataset.load(), jordan)
    assert isinstance(streamed.streamed()["examples"], Records)
    listed = views.country_document(dataset.load(), jordan)
    plain = listed.data  # made into lists
    assert isinstance(plain["examples"], list) and not isinstance(listed.streamed()["examples"], Records)
    assert plain["examples"] == [e.to_dict() for e in ds.examples if "Jordan" in e.countries] != []
    assert plain["related_examples"] != [] and plain["country"]["name"] == "Jordan"
    out = cli("country", "Jordan", "--json").out
    assert render_json(streamed) == render_json(listed) == out and json.loads(out) == plain
    assert render_jsonl(views.country_document(ds, jordan)) == render_jsonl(listed)
    assert render_yaml(views.country_document(ds, jordan)) == render_yaml(listed)
    arab = views.region_document(dataset.load(), "arab-states")
    assert json.loads(render_json(arab)) == views.region_document(ds, "arab-states").data
    assert json.loads(cli("country", "Canada", "--json").out)["examples"] == []  # none of its own: an empty list
    for country in ds.countries:  # the footnotes a country's examples cite, counted by the store
        cited = sorted({n for e in ds.examples if country.name in e.countries for n in e.sources})
        assert query.footnotes_cited(ds, country) == cited, country.name


def test_ascii_text_folds_as_the_general_way_does() -> None:
    import random
    import re
    import string

    general = re.compile(r"[\W_]+")
    rng = random.Random(7)
    for _ in range(20_000):
        text = "".join(rng.choice(string.printable) for _ in range(rng.randint(0, 40)))
        expected = general.sub(" ", text.casefold()).strip()
        assert vocab.normalise(text) == expected, repr(text)
        assert vocab.words(text) == expected.split(), repr(text)
