"""Search (issue 9): folding, stemming per language, the lexicon and its validation, query syntax,
every collection, honest answers and a fixed order; through the real CLI on the bundled data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from migdialogue import analysis, lexicon, vocab
from migdialogue.dataset import Dataset
from migdialogue.fulltext import search, split_query

from .conftest import cli, proc


def ids(*args: str) -> list[str]:
    run = cli("search", *args, "--json")
    assert run.code == 0, run.err
    return [d["id"] for d in run.json()]


# -- folding and stemming -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Travailleuses DOMESTIQUES", "travailleuses domestiques"),
        ("Côte d’Ivoire", "cote d ivoire"),
        ("employers' organizations", "employers organizations"),
        ("employers’ organizations", "employers organizations"),
        ("Estados Árabes", "estados arabes"),
        ("ÉGALITÉ de traitement", "egalite de traitement"),
        ("migración  laboral", "migracion laboral"),
    ],
)
def test_one_folding_function_for_case_accents_and_apostrophes(text: str, folded: str) -> None:
    assert vocab.normalise(text) == folded


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("en", "farming farms farmers", ["farm", "farm", "farmer"]),
        ("en", "recognising recognition", ["recognis", "recognit"]),
        ("fr", "travailleurs domestiques", ["travailleur", "domest"]),
        ("es", "trabajadoras agrícolas", ["trabaj", "agricol"]),
        ("es", "refugiados venezolanos", ["refugi", "venezolan"]),
    ],
)
def test_stemming_per_language(lang: str, text: str, expected: list[str]) -> None:
    assert analysis.stems(text, lang) == expected


def test_the_data_is_stemmed_when_compiled_and_the_query_at_run_time() -> None:
    # "farming" is not a word of the data; its stem is (agriculture's "farm work")
    assert ids("farming")
    assert ids("recognised qualifications") == ids("recognising qualification")


# -- the lexicon -------------------------------------------------------------------------------------


def test_the_bundled_lexicon_is_valid_and_covers_three_languages(ds: Dataset) -> None:
    rows, places, _names, problems, _values = lexicon.check(lexicon.path(), [c.name for c in ds.countries])
    assert problems == []
    langs = {r.lang for r in rows}
    assert langs == {"en", "fr", "es"}
    concepts = {r.entry for r in rows if r.kind == "concept"}
    assert len(concepts) >= 80
    for concept in concepts:  # every concept has French and Spanish terms
        assert {r.lang for r in rows if r.entry == concept and r.kind == "concept"} == {"en", "fr", "es"}
    countries = {r.entry for r in rows if r.kind == "country"}
    assert countries == {c.name for c in ds.countries}
    assert places and all(country in countries for _, country in places)


BAD_LEXICON = """\
concepts:
  - id: Domestic Work
    en: [domestic work]
    fr: [travail domestique]
    es: [trabajo doméstico]
  - id: care
    en: [domestic work, care work]
    fr: [soins]
    colour: blue
places:
  - id: nowhere
    en: [Nowhere]
    countries: [Narnia]
    reference: "none"
countries:
  - name: Atlantis
    fr: [Atlantide]
regions:
  - id: antarctica
    fr: [Antarctique]
    es: [Antártida]
"""


def test_a_bad_lexicon_gives_one_problem_per_defect_with_file_and_line(tmp_path: Path, ds: Dataset) -> None:
    path = tmp_path / "lexicon.yaml"
    path.write_text(BAD_LEXICON, encoding="utf-8")
    problems = lexicon.check(str(path), [c.name for c in ds.countries]).problems
    shown = sorted(str(p).replace(str(path), "FILE") for p in problems)
    assert shown == sorted(
        [
            "FILE:2: record Domestic Work: id must be lower-case kebab-case",
            "FILE:6: record care: missing required field 'es'",
            "FILE:7: record care: en term 'domestic work' is also a term of 'Domestic Work'",
            "FILE:9: record care: unknown field 'colour'",
            "FILE:13: record nowhere: 'Narnia' is not a country of the dataset",
            "FILE:16: record Atlantis: not a country of the dataset",
            "FILE:19: record antarctica: field 'id': unknown value 'antarctica'",
        ]
    ), shown


# -- users' own words, three languages ------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("travailleurs domestiques", {"italy-domestic-work-agreement-2020", "argentina-domestic-work-commission"}),
        ("trabajadoras del hogar", {"italy-domestic-work-agreement-2020", "argentina-domestic-work-commission"}),
        ("empleadas de hogar", {"italy-domestic-work-agreement-2020", "argentina-domestic-work-commission"}),
        ("refugiados venezolanos", {"venezuelan-integration-regional-strategy"}),
        ("travail non déclaré", {"sweden-fair-play-bygg"}),
    ],
)
def test_french_and_spanish_queries_find_the_examples(query: str, expected: set[str]) -> None:
    assert expected <= set(ids(query, "-n", "3"))


def test_nurses_recruited_from_abroad_finds_the_nurses_agreements() -> None:
    found = ids("nurses", "recruited", "from", "abroad", "-n", "5")
    assert {"germany-philippines-nurses-agreement", "germany-philippines-triple-win-2013"} & set(found)


def test_a_place_that_is_not_an_ilo_region_expands_to_its_countries() -> None:
    found = cli("search", "Amérique latine", "--json").json()
    assert found
    latin = {"Argentina", "Brazil", "Chile", "Colombia", "Costa Rica", "Ecuador", "Peru", "Venezuela", "Bolivia"}
    assert all(set(d["countries"]) & latin or "americas" in d["region"] for d in found[:5])


def test_french_and_spanish_country_and_region_names_are_accepted_everywhere() -> None:
    assert cli("country", "Jordanie", "--json").json()["country"]["name"] == "Jordan"
    assert ids_of_list("--country", "Jordania") == ["jordan-garment-collective-agreement-2022"]
    assert cli("region", "Afrique", "--json").json()["region"]["id"] == "africa"
    assert ids_of_list("--region", "Estados Árabes") == ids_of_list("--region", "Arab States")
    run = cli("country", "Jordanistan")
    assert run.code == 1 and "no country 'Jordanistan'" in run.err


def ids_of_list(*args: str) -> list[str]:
    return [d["id"] for d in cli("list", *args, "--json").json()]


# -- query syntax ---------------------------------------------------------------------------------------


def test_unquoted_words_are_one_query() -> None:
    assert ids("domestic", "work") == ids("domestic work")


def test_a_quoted_phrase_must_appear_as_a_phrase() -> None:
    assert split_query('"domestic work" -italy farm') == [
        ("phrase", ["domestic", "work"]),
        ("exclude", ["italy"]),
        ("word", ["farm"]),
    ]
    loose = ids("work", "domestic")
    strict = ids('"work domestic"')
    assert loose and strict == []
    phrase = cli("search", '"domestic work"', "--json", "--explain").json()
    assert phrase and all(any(n.get("via") == "phrase" for n in d["explain"]) for d in phrase), (
        "every result holds the phrase"
    )


def test_minus_word_excludes_the_records_that_hold_it() -> None:
    everything = ids("domestic", "work")
    without = ids("domestic", "work", "-italy")
    assert "italy-domestic-work-agreement-2020" in everything
    assert "italy-domestic-work-agreement-2020" not in without
    assert set(without) <= set(everything)
    assert ids("domestic", '-"collective agreement"', "-n", "20")  # a phrase can be excluded too


def test_a_query_that_only_excludes_is_a_usage_error() -> None:
    run = cli("search", "-italy")
    assert run.code == 2 and "only excludes" in run.err


def test_options_still_parse_among_query_words() -> None:
    assert len(ids("-n", "2", "domestic", "work", "--in", "examples")) == 2
    run = cli("search", "domestic", "--bogus")
    assert run.code == 2 and "No such option: --bogus" in run.err


def test_explain_says_which_words_matched_which_field_and_how() -> None:
    data = cli("search", "trabajadoras", "del", "hogar", "--explain", "--json", "-n", "1").json()
    notes = data[0]["explain"]
    unit = notes[0]
    assert unit["query"] == "trabajadoras del hogar"
    assert unit["via"] == "translation"
    assert unit["fields"] and unit["weight"] > 0 and unit["idf"] > 0
    assert "coverage" in notes[-1]
    text = cli("search", "trabajadoras", "del", "hogar", "--explain", "-n", "1").out
    assert "'trabajadoras del hogar' -> translation" in text


# -- every collection -------------------------------------------------------------------------------------


def test_in_all_searches_every_collection_and_says_which() -> None:
    data = cli("search", "Convention", "143", "--in", "all", "--json").json()
    assert data[0]["collection"] == "instruments" and data[0]["id"] == "c143"
    assert {"collection", "score", "matched", "id"} <= set(data[0])
    table = cli("search", "Convention", "143", "--in", "all").out
    assert "Instruments (" in table


def test_each_collection_can_be_searched_alone() -> None:
    assert ids("Global", "Compact", "for", "Migration", "--in", "frameworks")[0] == "global-compact-migration"
    assert ids("gender", "--in", "challenges")[0] == "gender"
    for name in ("recommendations", "statistics", "sources", "instruments"):
        run = cli("search", "domestic", "work", "--in", name, "--json")
        assert run.code == 0, (name, run.err)


def test_examples_search_keeps_its_json_shape() -> None:
    data = cli("search", "domestic", "work", "--json").json()
    assert "collection" not in data[0]
    assert list(data[0])[:3] == ["score", "matched", "id"]


def test_a_strong_match_in_another_collection_is_mentioned_once() -> None:
    run = cli("search", "Convention", "143")
    assert run.err.count("also found instrument c143") == 1
    assert "use --in all" in run.err


def test_an_unknown_collection_is_a_usage_error() -> None:
    run = cli("search", "x", "--in", "everywhere")
    assert run.code == 2 and "'--in': 'everywhere' is not one of 'all', 'examples'" in run.err


# -- honest answers ---------------------------------------------------------------------------------------------


def test_common_words_alone_are_ranked_all_the_same() -> None:
    # issue 24: the brief's own words found nothing ('migration' is in most records)
    run = cli("search", "migration", "--json")
    assert run.code == 0
    assert len(run.json()) == 10 and run.err == ""


def test_no_fixed_floor_hides_the_only_match() -> None:
    # one record of the brief holds 'dormitories'; it is found whatever its score
    assert ids("dormitories", "for", "migrant", "workers")[0] == "jordan-garment-collective-agreement-2022"


def test_words_no_record_mentions_are_named() -> None:
    run = cli("search", "transfer", "rules", "for", "professional", "footballers", "--json")
    assert "no example mentions 'footballers'" in run.err


def test_a_word_some_record_holds_is_never_said_to_be_missing() -> None:
    # 'migration' is in most examples, not in the two brick makers' ones the query finds
    run = cli("search", "migration", "brick", "--json")
    assert run.code == 0 and [d["id"] for d in run.json()][:1] and "mentions" not in run.err
    # both are in the data, never together as asked; the quoted word is shown quoted, as it was looked for
    run = cli("search", '"migration"', "brick")
    assert run.code == 0 and run.err == (
        """migdialogue: note: no example holds "migration" and 'brick' together\n"""
        """migdialogue: no examples match '"migration" brick'\n"""
    )


@pytest.mark.parametrize(
    ("args", "narrowed"),
    [
        (["brick", "--region", "europe"], "filters"),  # no -word: only the filter is named
        (["brick -argentina"], "exclusions"),  # both brick makers' examples are Argentina's
        (["brick -argentina", "--region", "europe"], "filters and exclusions"),
    ],
)
def test_a_word_left_out_names_only_what_the_user_narrowed_by(args: list[str], narrowed: str) -> None:
    run = cli("search", *args)
    assert run.code == 0
    assert run.err.splitlines()[0] == f"migdialogue: note: no example that your {narrowed} keep mentions 'brick'"


def test_a_quoted_phrase_is_shown_with_its_quotes_in_every_notice() -> None:
    run = cli("search", '"domestic workers" "brick kilns of mars"')
    assert run.err.startswith('migdialogue: note: no example mentions "brick kilns of mars"'), run.err


def test_a_misspelling_that_finds_nothing_gets_did_you_mean() -> None:
    run = cli("search", "qwertyuiop")
    assert run.code == 0 and "no example mentions 'qwertyuiop'" in run.err
    assert ids("colective", "bargainig")  # near spellings are matched


def test_the_order_is_fixed_score_then_collection_then_id(ds: Dataset) -> None:
    first = [(h.collection, h.record.key, round(h.score, 6)) for h in search(ds, "labour inspection", limit=0)]
    again = [(h.collection, h.record.key, round(h.score, 6)) for h in search(ds, "labour inspection", limit=0)]
    assert first == again
    results = search(ds, "skills recognition", collection="all", limit=0)
    order = ["examples", "challenges", "recommendations", "instruments", "frameworks", "statistics", "sources"]
    keys = [(-round(h.score, 6), order.index(h.collection), h.record.key) for h in results]
    assert keys == sorted(keys)


def test_search_in_a_real_process_prints_notices_on_stderr_only() -> None:
    run = proc("search", "tripartite", "--json")
    assert run.returncode == 0
    assert len(json.loads(run.stdout)) == 10
    assert run.stderr.decode().startswith("migdialogue: note: 'tripartite' names a filter")
