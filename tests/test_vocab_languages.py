"""Every vocabulary in three languages (issue 21, item 1): a value is accepted by its French and
Spanish names and the lexicon's terms, with or without accents, in any case, wherever one is
typed (the filters, country, brief, a user's dataset); a name that selects nothing is one line in
the interface language with the closest choices in that language; every value has a French and a
Spanish name to be shown by; and what machines read is the same bytes whatever the language."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from migdialogue import dataset, i18n, lexicon, names, query
from migdialogue.errors import NotFoundError, UsageError

from .conftest import proc

EN = {"MIGDIALOGUE_LANG": "en"}


def _ids(*args: str, env: dict[str, str] | None = None) -> list[str]:
    run = proc("list", *args, "--json", env={**EN, **(env or {})})
    assert run.returncode == 0, run.stderr.decode()
    return [e["id"] for e in json.loads(run.stdout)]


# Each typed name (French or Spanish, with its accents, without them, in capitals) selects what
# the English value does.
SAME_AS = [
    (("--challenge", "genre"), ("--challenge", "gender")),
    (("--challenge", "GENRE"), ("--challenge", "gender")),
    (("--challenge", "liberté syndicale"), ("--challenge", "freedom-of-association")),
    (("--challenge", "liberte syndicale"), ("--challenge", "freedom-of-association")),
    (("--challenge", "Libertad sindical"), ("--challenge", "freedom-of-association")),
    (("--sector", "trabajo doméstico"), ("--sector", "domestic work")),
    (("--sector", "trabajo domestico"), ("--sector", "domestic work")),
    (("--sector", "travail domestique"), ("--sector", "domestic work")),
    (("--type", "tripartita"), ("--type", "tripartite")),
    (("--level", "sectoriel"), ("--level", "sectoral")),
    (("--level", "SECTORIAL"), ("--level", "sectoral")),
    (("--party", "sindicatos"), ("--party", "workers")),
    (("--party", "syndicats"), ("--party", "workers")),
    (("--theme", "négociation collective"), ("--theme", "collective-bargaining")),
    (("--theme", "negociacion colectiva"), ("--theme", "collective-bargaining")),
    (("--form", "négociation"), ("--form", "negotiation")),
    (("--region", "États arabes"), ("--region", "arab-states")),
    (("--region", "etats arabes"), ("--region", "arab-states")),
    (("--region", "Estados Árabes"), ("--region", "arab-states")),
    (("--country", "Jordanie"), ("--country", "Jordan")),
    (("--country", "jordania"), ("--country", "Jordan")),
    (("--country", "Estados Unidos de América"), ("--country", "United States of America")),
]


@pytest.mark.parametrize(("typed", "english"), SAME_AS, ids=lambda a: " ".join(a))
def test_a_french_or_spanish_name_selects_what_the_english_one_does(
    typed: tuple[str, str], english: tuple[str, str]
) -> None:
    expected = _ids(*english)
    assert expected, english  # a filter that keeps nothing would prove nothing
    assert _ids(*typed) == expected


def test_a_concept_that_stands_for_two_values_selects_both_and_says_which_where_one_is_needed() -> None:
    both = _ids("--party", "employers", "--party", "workers")
    assert _ids("--party", "partenaires sociaux") == both
    assert _ids("--party", "interlocutores sociales") == both
    run = proc("brief", "--no-color", "travail", env=EN)  # three sectors' French names start with it
    assert run.returncode == 0, run.stderr.decode()
    assert "domestic work" in run.stdout.decode() and "care work" in run.stdout.decode()


def test_a_search_word_that_is_no_value_is_no_filter_value() -> None:
    run = proc("list", "--challenge", "salaires", "--json", env=EN)  # wages: a concept, not a challenge
    assert run.returncode == 1 and run.stdout == b""
    assert run.stderr.decode().startswith("migdialogue: error: no challenge 'salaires'")


def test_english_names_select_what_they_always_did() -> None:
    assert _ids("--sector", "care") == _ids("--sector", "aged care", "--sector", "care work")
    run = proc("list", "--challenge", "gendr", "--json", env=EN)
    assert run.stderr.decode() == "migdialogue: error: no challenge 'gendr'; did you mean 'gender'?\n"
    run = proc("list", "--type", "tripartitx", "--json", env=EN)  # as near as the Spanish 'tripartito'
    assert run.stderr.decode().endswith("did you mean 'tripartite'?\n")


def test_country_by_its_spanish_name_is_the_same_json_as_by_its_english_one() -> None:
    spanish = proc("country", "Jordania", "--json", env=EN)
    english = proc("country", "Jordan", "--json", env=EN)
    assert spanish.returncode == 0 and spanish.stdout == english.stdout


@pytest.mark.parametrize(("typed", "english"), [("genre", "gender"), ("travail domestique", "domestic work")])
def test_brief_takes_a_french_subject(typed: str, english: str) -> None:
    french = proc("brief", "--no-color", typed, env=EN)
    assert french.returncode == 0, french.stderr.decode()
    assert french.stdout == proc("brief", "--no-color", english, env=EN).stdout


# -- a name that selects nothing -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "args", "choice"),
    [
        ("fr", ("--challenge", "gendr"), "Défis liés au genre"),
        ("es", ("--challenge", "gendr"), "Desafíos relacionados con el género"),
        ("fr", ("--sector", "trabajo domestco"), "travail domestique"),
        ("es", ("--sector", "travail domestiqe"), "trabajo doméstico"),
        ("fr", ("--country", "Jordn"), "Jordanie"),
        ("es", ("--country", "Jordn"), "Jordania"),
        ("fr", ("--region", "Afriqe"), "Afrique"),
        ("es", ("--challenge", "libertad sindicl"), "libertad sindical"),
    ],
)
def test_a_name_that_selects_nothing_is_one_line_with_choices_in_the_interface_language(
    lang: str, args: tuple[str, str], choice: str
) -> None:
    run = proc("list", *args, "--json", env={"MIGDIALOGUE_LANG": lang})
    err = run.stderr.decode()
    assert run.returncode == 1 and run.stdout == b""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert f"{choice!r}" in err
    cat = i18n.catalogue(lang)
    line = "{message}; did you mean {choices}?"
    if cat is not None and cat.gettext(line) != line:  # type: ignore[attr-defined]  # the errors' own wording
        assert "did you mean" not in err and " or " not in err, err


def test_the_closest_choices_are_shown_in_the_interface_language(ds: dataset.Dataset) -> None:
    try:
        for lang, shown in (
            ("en", "gender"),
            ("fr", "Défis liés au genre"),
            ("es", "Desafíos relacionados con el género"),
        ):
            i18n.set_language(lang)
            with pytest.raises(NotFoundError) as err:
                query.match_challenges(ds, "gendr")
            assert err.value.suggestions == [shown]
        i18n.set_language("fr")  # several values, named in French where one is needed
        with pytest.raises(UsageError, match="soins aux personnes âgées, travail de soin"):
            query.find_sector(ds, "care")
    finally:
        i18n.set_language("en")


# -- a user's dataset ------------------------------------------------------------------------------

USER_CASE = """\
examples:
  - id: my-case
    title: A case
    summary: Something the user documents.
    countries: [Espagne, jordania]
    region: [États arabes, Europa]
    level: sectoriel
    dialogue_type: tripartita
    theme: negociacion colectiva
    years: [2020]
    sectors: [travail domestique]
    actors: []
    challenges: [genre, Liberté syndicale]
    challenge_notes: {genre: "one", Liberté syndicale: "two"}
    forms: [négociation]
    parties: [partenaires sociaux]
    sources: [1]
"""


def test_a_users_dataset_may_write_its_values_in_french_or_spanish(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(USER_CASE, encoding="utf-8")
    check = proc("validate", str(path), env=EN)
    assert check.returncode == 0, check.stderr.decode()
    run = proc("show", "my-case", "--json", "--data", str(path), env=EN)
    assert run.returncode == 0, run.stderr.decode()
    case = json.loads(run.stdout)["record"]
    assert case["countries"] == ["Spain", "Jordan"]
    assert case["region"] == ["arab-states", "europe-central-asia"]
    assert (case["level"], case["dialogue_type"], case["theme"]) == ("sectoral", "tripartite", "collective-bargaining")
    assert case["sectors"] == ["domestic work"]
    assert case["challenges"] == ["gender", "freedom-of-association"]
    assert case["challenge_notes"] == {"gender": "one", "freedom-of-association": "two"}
    assert (case["forms"], case["parties"]) == (["negotiation"], ["employers", "workers"])
    found = proc("list", "--data", str(path), "--country", "Spain", "--region", "arab-states", "--json", env=EN)
    assert "my-case" in [e["id"] for e in json.loads(found.stdout)]


def test_a_users_country_named_like_another_countrys_french_name_is_a_problem_not_a_guess(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        USER_CASE.replace("[Espagne, jordania]", "[Espagne]")
        + "countries:\n  - name: Espagne\n    iso2: XS\n    iso3: XSP\n    region: europe-central-asia\n",
        encoding="utf-8",
    )
    run = proc("validate", str(path), env=EN)
    assert run.returncode == 3
    assert "'Espagne' is also a name of the country 'Spain'" in run.stderr.decode() + run.stdout.decode()


def test_a_name_standing_for_two_values_is_both_in_a_list_and_a_problem_in_a_single_value() -> None:
    from migdialogue.schema import SCHEMA
    from migdialogue.validate import Checker
    from migdialogue.yamlio import LList

    spec = {s.name: s for s in SCHEMA["examples"]}
    checker = Checker({"level": {"both": ("national", "local")}, "parties": {"both": ("employers", "workers")}})
    assert checker.check_value(spec["level"], "both", "f.yaml", 3, "my-case") is None
    assert [str(p) for p in checker.problems] == [
        "f.yaml:3: record my-case: field 'level': 'both' stands for 'national' and 'local'; write one"
    ]
    items = LList(["both"])
    items.line, items.lines = 4, [4]
    assert checker.check_value(spec["parties"], items, "f.yaml", 4, "my-case") == ["employers", "workers"]


# -- every value has a French and a Spanish name ---------------------------------------------------


@pytest.mark.parametrize("kind", ["country", "region", "challenge", "sector"])
@pytest.mark.parametrize("lang", ["fr", "es"])
def test_every_value_of_the_datas_vocabularies_has_a_french_and_a_spanish_name(
    ds: dataset.Dataset, kind: str, lang: str
) -> None:
    values = names.values(ds, kind)
    assert values
    shown = names.display_names(ds, kind, lang)
    english = names.display_names(ds, kind, "en")
    missing = [v for v in values if v not in names._shown(ds, kind, lang)]  # noqa: SLF001
    assert missing == [], f"no {lang} name for these {kind} values"
    assert all(shown[v] for v in values) and set(shown) == set(english)


def test_the_lexicon_names_only_values_the_data_has(ds: dataset.Dataset) -> None:
    lex = lexicon.check(lexicon.path(), [c.name for c in ds.countries])
    assert lex.problems == []
    have = {"challenge": set(names.values(ds, "challenge")), "sector": set(names.values(ds, "sector"))}
    for concept, kind, value in lex.values:
        assert value in have.get(kind, lexicon.FIXED.get(kind, {})), (concept, kind, value)
    for n in lex.names:
        if n.kind in have:
            assert n.value in have[n.kind], n


# -- machines read the same bytes in every language ------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("list", "--challenge", "genre", "--json"),
        ("list", "--sector", "trabajo doméstico", "--format", "csv"),
        ("list", "--party", "partenaires sociaux", "--format", "jsonl"),
        ("country", "Jordania", "--json"),
        ("list", "--level", "sectoriel", "--format", "yaml"),
    ],
)
def test_machine_output_is_the_same_in_every_language(args: tuple[str, ...]) -> None:
    outputs = {lang: proc(*args, env={"MIGDIALOGUE_LANG": lang}) for lang in ("en", "fr", "es")}
    assert all(r.returncode == 0 for r in outputs.values())
    assert outputs["fr"].stdout == outputs["en"].stdout == outputs["es"].stdout
    assert outputs["en"].stdout


@pytest.mark.parametrize("kind", sorted(lexicon.FIXED))
@pytest.mark.parametrize("lang", ["fr", "es"])
def test_every_value_of_the_fixed_vocabularies_has_a_french_and_a_spanish_name(kind: str, lang: str) -> None:
    """The catalogues name each in its vocabulary's context (lexicon.CONTEXTS), which display_name asks."""
    cat = i18n.catalogue(lang)
    assert cat is not None
    catalogue = cat._catalog  # type: ignore[attr-defined]  # noqa: SLF001
    untranslated = [
        v for v, name in lexicon.FIXED[kind].items() if f"{lexicon.CONTEXTS[kind]}\x04{name}" not in catalogue
    ]
    assert untranslated == []
    assert names.display_name(kind, next(iter(lexicon.FIXED[kind])), lang) == cat.pgettext(  # type: ignore[attr-defined]
        lexicon.CONTEXTS[kind], next(iter(lexicon.FIXED[kind].values()))
    )
