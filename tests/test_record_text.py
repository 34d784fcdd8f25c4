"""Issue 22, item 2: the records' text in French and Spanish wherever the language is, through the
installed ``migdialogue``: the editors' translations (from data/translations), the names of countries,
challenges and sectors, the notice said once; footnotes and quotes as the brief gives them; a user's
record with no translation as written; machine output the same in every language, with the
translations added to JSON, YAML and SQLite as data."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from migdialogue import dataset, i18n

from .conftest import cli

EXE = os.environ.get("MIGDIALOGUE_TEST_EXE") or str(Path(sys.executable).with_name("migdialogue"))
JORDAN = "jordan-garment-collective-agreement-2022"
NOTICE = {
    "fr": "Traduction des éditeurs ; le texte anglais fait foi.",
    "es": "Traducción de los editores; el texto en inglés es el que hace fe.",
}


def _said(lang: str, message: str) -> str:
    """A line as the catalogues translate it (its words may change with a second reading)."""
    cat: Any = i18n.catalogue(lang)
    return " ".join(str(cat.gettext(message)).split())


UNTRANSLATED = {
    lang: _said(lang, "Records with no translation (from your own dataset) are shown as written.")
    for lang in ("fr", "es")
}


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The installed CLI, piped, fitted to 80 columns."""
    base = {k: v for k, v in os.environ.items() if k not in ("MIGDIALOGUE_DATA", "MIGDIALOGUE_LANG")}
    base.update({"COLUMNS": "80", "NO_COLOR": "1", **(env or {})})
    return subprocess.run([EXE, *args], capture_output=True, text=True, env=base, timeout=120)


def flat(text: str) -> str:
    """Text with its wrapping undone (every run of spaces and line breaks one space)."""
    return " ".join(text.split())


def translated(collection: str, key: str, lang: str) -> dict[str, Any]:
    """The fields of a record's translation, as the translation files give them (compiled in the store)."""
    found = dataset.load().translation(collection, key, lang)
    assert found is not None, (collection, key, lang)
    return found[0]


def english(key: str) -> Any:
    rec = dataset.load().get(key)
    assert rec is not None
    return rec


def test_country_jordanie_in_french() -> None:
    done = run("country", "Jordanie", "--lang", "fr")
    assert done.returncode == 0, done.stderr
    out = flat(done.stdout)
    assert done.stdout.startswith("Jordanie — États arabes\n")
    assert "Exemples dans le pays Jordanie (1)" in out
    assert flat(translated("examples", JORDAN, "fr")["title"]) in out
    assert english(JORDAN).title not in out  # the English title is gone
    for stat in ("jordan-garment-export-workers-2022", "jordan-garment-migrant-worker-share-2022"):
        assert flat(translated("statistics", stat, "fr")["label"]) in out
        assert english(stat).label not in out
    assert "région : Afrique, États arabes" in out
    assert out.count(NOTICE["fr"]) == 1
    assert _said("fr", "Footnotes and quotations are in English, as the brief gives them.") in out
    assert "Jordan's" not in out.split("Notes de bas de page citées")[0]  # no English record text above the footnotes
    assert flat(dataset.load().source(44).citation) in out  # footnotes as the brief gives them


def test_show_jordan_garment_agreement_in_spanish() -> None:
    done = run("show", JORDAN, "--lang", "es")
    assert done.returncode == 0, done.stderr
    out = flat(done.stdout)
    es = translated("examples", JORDAN, "es")
    assert done.stdout.startswith(es["title"].split()[0])
    for text in [es["title"], es["summary"], *es["points"], *es["notes"], *es["form_notes"].values()]:
        assert flat(text) in out, text
    wide = run("show", JORDAN, "--lang", "es", env={"COLUMNS": "1000"}).stdout  # the table of challenges unwrapped
    assert all(text in wide for text in es["challenge_notes"].values())
    assert "Países Jordania" in out and "Sectores textil y confección" in out
    assert "Discriminación" in out and "Libertad sindical" in out  # the challenges by their Spanish names
    rec = english(JORDAN)
    for text in (rec.title, rec.summary, *rec.points):
        assert flat(text) not in out
    assert out.count(NOTICE["es"]) == 1
    for number in rec.sources:
        assert flat(dataset.load().source(number).citation) in out
    assert all(actor in out for actor in rec.actors)  # organisations keep their names


def test_brief_trabajo_domestico_in_spanish() -> None:
    done = run("brief", "trabajo doméstico", "--lang", "es")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("# Nota informativa: trabajo doméstico (sector)\n")
    out = flat(done.stdout)
    ds = dataset.load()
    ids = [e.id for e in ds.examples if "domestic work" in e.sectors]
    assert ids
    for ident in ids:
        assert flat(translated("examples", ident, "es")["title"]) in out
        assert english(ident).title not in out
    assert "en el sector trabajo doméstico" in out
    assert out.count(NOTICE["es"]) == 1
    assert "Los títulos, resúmenes y fuentes de los ejemplos se citan" not in out  # the old line is gone
    assert "Discriminación" in out
    # the brief's title stays English, never as an official translation; footnotes verbatim
    assert "«Social dialogue for the governance of labour migration»" in out
    assert flat(ds.source(48).citation.replace('"', "")) in out.replace("\\", "").replace('"', "")


def test_a_quote_and_an_official_title_stay_what_they_are() -> None:
    ds = dataset.load()
    quoted = next(e for e in ds.examples if e.quote is not None)
    out = flat(run("show", quoted.id, "--lang", "fr").stdout)
    assert flat(quoted.quote.text) in out  # the quote as the brief gives it
    c097 = flat(run("show", "c097", "--lang", "fr").stdout)
    official = translated("instruments", "c097", "fr")
    assert c097.startswith(official["title"])
    assert "Titre officiel NORMLEX" in c097
    assert c097.count(NOTICE["fr"]) == 1  # for the summary, the editors' translation


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_every_screen_of_record_text_reads_in_the_language(lang: str) -> None:
    """The titles of a table, of timeline, related and search, and the names of figures, frameworks and
    challenges, in the language (their English not on the screen)."""
    ds = dataset.load()
    checks: list[tuple[list[str], str, str, str]] = [
        (["list", "--region", "africa"], "examples", "africa-arab-states-interregional-meeting-2021", "title"),
        (["search", "domestic work"], "examples", "italy-domestic-work-agreement-2020", "title"),
        (["timeline", "--region", "arab-states"], "examples", JORDAN, "title"),
        (["related", "qatar-joint-committees"], "examples", JORDAN, "title"),
        (["stats"], "statistics", "jordan-garment-export-workers-2022", "label"),
        (["frameworks"], "frameworks", "global-compact-migration", "name"),
        (["challenges"], "challenges", "informality", "name"),
        (["recommendations"], "recommendations", "seat-at-the-table", "title"),
        (["region", "Arab States"], "examples", JORDAN, "title"),
        (["search", "Jordan garment", "--in", "all"], "examples", JORDAN, "title"),
    ]
    for args, collection, key, field in checks:
        out = flat(cli(*args, "--lang", lang, env={"COLUMNS": "300"}).out)
        assert flat(translated(collection, key, lang)[field]) in out, args
        assert flat(getattr(ds.get(key), field)) not in out, args
        assert out.count(NOTICE[lang]) == 1, args
    by_sector = cli("stats", "--by", "sector", "--lang", lang, env={"COLUMNS": "300"}).out
    assert {"fr": "travail domestique", "es": "trabajo doméstico"}[lang] in by_sector


# -- a user's dataset ------------------------------------------------------------------------------

MINE = """\
examples:
  - id: my-case
    title: "A coded case in Jordan (2021)"
    summary: "Something the team coded."
    countries: [Jordan]
    region: [arab-states]
    level: national
    dialogue_type: tripartite
    theme: policy-formulation
    years: [2021]
    sectors: []
    actors: []
    challenges: [gender]
    sources: [44]
  - id: untranslated-case
    title: "Our case with no translation"
    summary: "Written in English only, by the team."
    countries: [Jordan]
    region: [arab-states]
    level: national
    dialogue_type: tripartite
    theme: policy-formulation
    years: [2020]
    sectors: []
    actors: []
    challenges: [gender]
    sources: [44]
translations:
  fr:
    examples:
      my-case:
        title: "Un cas codé en Jordanie (2021)"
        summary: "Quelque chose que l'équipe a codé."
"""


def test_a_users_record_without_translation_is_shown_as_written(tmp_path: Path) -> None:
    data = tmp_path / "mine.yaml"
    data.write_text(MINE, encoding="utf-8")
    assert run("validate", str(data)).returncode == 0
    out = flat(run("country", "Jordanie", "--lang", "fr", "--data", str(data)).stdout)
    assert "Our case with no translation" in out  # its own words
    assert "Un cas codé en Jordanie (2021)" in out and "A coded case in Jordan" not in out  # its own translation
    assert out.count(UNTRANSLATED["fr"]) == 1 and out.count(NOTICE["fr"]) == 1
    shown = flat(run("show", "untranslated-case", "--lang", "es", "--data", str(data)).stdout)
    assert shown.startswith("Our case with no translation")
    assert "Written in English only, by the team." in shown and UNTRANSLATED["es"] in shown
    # the bundled records keep theirs; nothing is said of a translation where every text has one
    bundled = flat(run("show", JORDAN, "--lang", "fr", "--data", str(data)).stdout)
    assert flat(translated("examples", JORDAN, "fr")["title"]) in bundled
    assert UNTRANSLATED["fr"] not in bundled
    # in English nothing is said at all
    assert "fait foi" not in run("country", "Jordan", "--data", str(data)).stdout


def test_a_users_translations_are_checked_like_the_bundled_ones(tmp_path: Path) -> None:
    data = tmp_path / "bad.yaml"
    data.write_text(
        MINE.replace('(2021)"\n        summary', '(2022)"\n        summary').replace(
            "  fr:\n", "  de:\n    examples: {}\n  fr:\n"
        ),
        encoding="utf-8",
    )
    done = run("validate", str(data))
    assert done.returncode == 3
    assert "bad.yaml:29: translations: the language 'de' must be one of fr, es" in done.stdout
    assert "record my-case: field 'title' numbers differ from the English (lost 2021; added 2022)" in done.stdout


# -- machine output: the same in every language, the translations added as data --------------------


def test_export_json_and_yaml_carry_the_translations_the_same_in_every_language() -> None:
    english_run = cli("export", "--format", "json")
    data = json.loads(english_run.out)
    assert list(data)[-1] == "translations" and list(data["translations"]) == ["fr", "es"]
    for lang in ("fr", "es"):
        assert cli("export", "--format", "json", "--lang", lang).out == english_run.out
        for collection, records in data["translations"][lang].items():
            assert list(records) == [r["id"] for r in data[collection]], collection  # every record, in order
    jordan = data["translations"]["es"]["examples"][JORDAN]
    assert jordan["title"] == translated("examples", JORDAN, "es")["title"] and "official" not in jordan
    c097 = data["translations"]["fr"]["instruments"]["c097"]
    assert c097["official"] == ["title"] and c097["reference"].startswith("NORMLEX")
    assert data["translations"]["fr"]["challenges"]["discrimination"]["same_as_english"] == ["name"]
    assert data["examples"][0] == cli("show", data["examples"][0]["id"], "--json").json()["record"]  # English as before
    yaml_out = cli("export", "--format", "yaml").out
    assert "\ntranslations:\n  fr:\n    examples:\n" in yaml_out
    assert cli("export", "--format", "yaml", "--lang", "es").out == yaml_out
    filtered = json.loads(cli("export", "--format", "json", "--region", "africa").out)
    kept = {e["id"] for e in filtered["examples"]}
    assert set(filtered["translations"]["fr"]["examples"]) == kept


def test_an_exported_json_file_read_back_keeps_its_translations(tmp_path: Path) -> None:
    path = tmp_path / "brief.json"
    assert run("export", "--format", "json", "--output", str(path)).returncode == 0
    assert run("validate", str(path), "--data-only").returncode == 0
    again = run("export", "--format", "json", "--data", str(path), "--data-only")
    assert again.stdout == path.read_text(encoding="utf-8")
    alone = run("show", JORDAN, "--lang", "es", "--data", str(path), "--data-only")
    assert flat(translated("examples", JORDAN, "es")["summary"]) in flat(alone.stdout)
    assert UNTRANSLATED["es"] not in flat(alone.stdout)


def test_sqlite_has_a_translations_table_the_same_in_every_language(tmp_path: Path) -> None:
    dumps = []
    for lang in ("en", "fr", "es"):
        db = tmp_path / f"{lang}.db"
        assert run("export", "--format", "sqlite", "--output", str(db), "--lang", lang).returncode == 0
        with sqlite3.connect(db) as con:
            dumps.append(list(con.iterdump()))
    assert dumps[0] == dumps[1] == dumps[2]
    con = sqlite3.connect(tmp_path / "en.db")
    columns = [r[1] for r in con.execute("PRAGMA table_info(translations)")]
    assert columns == ["collection", "key", "lang", "field", "position", "item", "text", "official", "reference"]
    title = con.execute(
        "SELECT text, official, reference FROM translations WHERE key = 'c097' AND lang = 'es' AND field = 'title'"
    ).fetchone()
    assert title[0] == translated("instruments", "c097", "es")["title"] and title[1] == 1 and title[2]
    points = [
        r[0]
        for r in con.execute(
            "SELECT text FROM translations WHERE key = ? AND lang = 'fr' AND field = 'points' ORDER BY position",
            (JORDAN,),
        )
    ]
    assert points == translated("examples", JORDAN, "fr")["points"]
    note = con.execute(
        "SELECT text FROM translations WHERE key = ? AND lang = 'es' AND field = 'challenge_notes' AND item = 'gender'",
        (JORDAN,),
    ).fetchone()
    assert note[0] == translated("examples", JORDAN, "es")["challenge_notes"]["gender"]
    # every text of every record, once
    data = json.loads(cli("export", "--format", "json").out)["translations"]
    expected = sum(
        len(v) if isinstance(v, (list, dict)) else 1
        for by in data.values()
        for records in by.values()
        for entry in records.values()
        for k, v in entry.items()
        if k not in ("official", "reference", "same_as_english")
    )
    assert con.execute("SELECT COUNT(*) FROM translations").fetchone()[0] == expected
    con.close()


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("fr", [
            "bad.yaml:29: translations\u00a0: la langue 'de' doit être l'une des valeurs fr, es",
            "fiche my-case: le champ 'title' n'a pas les mêmes nombres que l'anglais "
            "(perdus\u00a0: 2021\u00a0; ajoutés\u00a0: 2022)",
        ]),
        ("es", [
            "bad.yaml:29: translations: el idioma 'de' debe ser uno de los valores fr, es",
            "ficha my-case: el campo 'title' no tiene los mismos números que el inglés "
            "(perdidos: 2021; añadidos: 2022)",
        ]),
    ],
)  # fmt: skip
def test_a_users_translations_are_checked_in_the_users_language(tmp_path: Path, lang: str, said: list[str]) -> None:
    data = tmp_path / "bad.yaml"
    data.write_text(
        MINE.replace('(2021)"\n        summary', '(2022)"\n        summary').replace(
            "  fr:\n", "  de:\n    examples: {}\n  fr:\n"
        ),
        encoding="utf-8",
    )
    out = cli("validate", str(data), "--lang", lang).out
    assert all(line in out for line in said), out
