"""The editors' translations of record text: checked against the English, stored, and kept with a user's dataset."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from migdialogue import dataset, translations

from .conftest import cli

SPAIN = "spain-shortage-occupations-list-2022"
GOOD_FR = """\
language: fr
records:
  challenges:
    informality:
      name: "Informalité"
      summary: "Le travail informel touche les migrants, les réfugiés et les travailleurs nationaux."
  instruments:
    c097:
      title: "Convention (n° 97) sur les travailleurs migrants (révisée), 1949"
      official: [title]
      reference: "NORMLEX, C097"
      summary: "Une des conventions de l'OIT sur les travailleurs migrants. Avec la convention n° 143 et les \
        recommandations n° 86 et 151, elle reconnaît le rôle des partenaires sociaux."
"""


def check(tmp_path: Path, text: str, name: str = "fr-test.yaml") -> tuple[list[translations.Row], list[str]]:
    folder = tmp_path / "translations"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    ds = dataset.load()
    rows, problems = dataset.check_translations(ds, str(tmp_path), complete=False)
    return rows, [str(p).replace(str(folder) + "/", "") for p in problems]


def test_a_good_translation_is_read(tmp_path: Path) -> None:
    rows, problems = check(tmp_path, GOOD_FR)
    assert problems == []
    by_key = {r.key: r for r in rows}
    assert by_key["informality"].fields["name"] == "Informalité"
    assert by_key["c097"].official == ("title",)
    assert by_key["c097"].reference == "NORMLEX, C097"


def spain(field: str, text: str) -> str:
    return f"language: es\nrecords:\n  examples:\n    {SPAIN}:\n      {field}: {text}\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            spain("title", '"La lista española de ocupaciones de difícil cobertura (2021)"'),
            "es-test.yaml:5: record spain-shortage-occupations-list-2022: field 'title' numbers differ from the "
            "English (lost 2022; added 2021)",
        ),
        (
            spain("title", '"Spain\'s list of hard-to-fill occupations (2022)"'),
            "es-test.yaml:5: record spain-shortage-occupations-list-2022: field 'title' is the English text, "
            "not a translation",
        ),
        (
            spain("points", '["Solo una"]'),
            "es-test.yaml:5: record spain-shortage-occupations-list-2022: field 'points' must be a list of 2 texts, "
            "as in the English",
        ),
        (
            spain("quote", '"x"'),
            "es-test.yaml:5: record spain-shortage-occupations-list-2022: field 'quote' is not translated",
        ),
        (
            "language: es\nrecords:\n  examples:\n    no-such-example:\n      title: x\n",
            "es-test.yaml:4: record no-such-example: no examples record 'no-such-example' in the dataset",
        ),
        (
            "language: de\nrecords: {}\n",
            "es-test.yaml:1: 'language' must be one of fr, es",
        ),
    ],
)
def test_each_problem_is_located(tmp_path: Path, text: str, message: str) -> None:
    _, problems = check(tmp_path, text, "es-test.yaml")
    assert message in problems


def test_a_lost_footnote_and_a_lost_acronym(tmp_path: Path) -> None:
    text = (
        f"language: fr\nrecords:\n  examples:\n    {SPAIN}:\n      challenge_notes:\n"
        '        skills: "Appréciation des éditeurs : la commission recense les métiers en pénurie."\n'
    )
    _, problems = check(tmp_path, text)
    prefix = f"fr-test.yaml:6: record {SPAIN}: field 'challenge_notes' [skills] "
    assert prefix + "numbers differ from the English (lost 37)" in problems
    assert prefix + "footnote references differ from the English (want (note 37))" in problems


def test_official_acronyms_stand_for_the_english_ones() -> None:
    assert translations.compare("The ILO and ASEAN (fn 72)", "L'OIT et l'ASEAN (note 72)", "fr") == []
    assert translations.compare("The ILO and ASEAN (fn 72)", "La OIT y la ASEAN (nota 72)", "es") == []
    assert translations.compare("The ILO and ASEAN", "L'OIT et l'Asie", "fr") == ["acronym ASEAN is missing"]
    assert translations.compare("Migrant workers (fn 49, 50)", "Travailleurs migrants (notes 49, 50)", "fr") == []


def test_an_untranslated_record_is_a_problem_when_complete(tmp_path: Path) -> None:
    check(tmp_path, GOOD_FR)
    _, problems = dataset.check_translations(dataset.load(), str(tmp_path), complete=True)
    messages = {str(p).rsplit(": record ", 1)[1] for p in problems}
    assert f"{SPAIN}: examples record has no fr translation" in messages
    assert f"{SPAIN}: examples record has no es translation" in messages
    assert "informality: challenges record has no es translation" in messages
    assert "informality: challenges record has no fr translation" not in messages


def test_a_folder_with_translations_validates_them(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    shutil.copytree(Path(dataset.compiled_path()).parent, folder)
    (folder / "translations" / "fr-bad.yaml").write_text(spain("title", '"Liste (2023)"'), encoding="utf-8")
    run = cli("validate", str(folder))
    assert run.code == 3
    assert f"fr-bad.yaml:5: record {SPAIN}: field 'title' numbers differ" in run.out


def test_the_store_keeps_what_the_files_say(ds: dataset.Dataset) -> None:
    rows, problems = dataset.check_translations(ds, str(dataset.bundled_dir()), complete=False)
    assert problems == []
    stored = {(r[0], r[1], r[2]): r[3] for r in ds.store.translations_data()}
    assert stored == {(r.collection, r.key, r.lang): r.fields for r in rows}, "run: python -m migdialogue.compile"
    assert ds.translation("challenges", "informality", "en") is None


def test_a_text_the_same_in_both_languages_is_declared(tmp_path: Path) -> None:
    same = "language: fr\nrecords:\n  challenges:\n    discrimination:\n      name: Discrimination\n"
    _, problems = check(tmp_path, same + "      same_as_english: [name]\n")
    assert not [p for p in problems if "'name'" in p]
    _, problems = check(tmp_path, same)
    assert "fr-test.yaml:5: record discrimination: field 'name' is the English text, not a translation" in problems
    declared = same.replace("Discrimination\n", "Discriminations\n") + "      same_as_english: [name]\n"
    _, problems = check(tmp_path, declared)
    differs = "field 'name' is listed in 'same_as_english' but differs from the English"
    assert f"fr-test.yaml:5: record discrimination: {differs}" in problems


def test_the_un_written_out_counts_as_the_acronym() -> None:
    assert translations.compare("The UN Network (fn 81)", "Le Réseau des Nations Unies (note 81)", "fr") == []
    assert translations.compare("The UN Network (fn 81)", "La Red de las Naciones Unidas (nota 81)", "es") == []
    assert translations.compare("NGOs and the UN", "Les ONG et l'ONU", "fr") == []


def test_every_bundled_record_people_read_has_french_and_spanish(ds: dataset.Dataset) -> None:
    rows, problems = dataset.check_translations(ds, str(dataset.bundled_dir()), complete=True)
    assert problems == []
    keys = translations.translatable_keys(
        (name, rec.key, rec.to_dict()) for name in translations.TRANSLATABLE for rec in ds.collection(name)
    )
    assert len(keys) == 155
    assert {(r.lang, r.collection, r.key) for r in rows} == {(lang, c, k) for c, k in keys for lang in ("fr", "es")}


def test_a_users_dataset_keeps_the_translations_of_the_records_it_does_not_replace(tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "challenges:\n  - id: informality\n    name: Informal work\n    summary: My own words.\n    sources: []\n",
        encoding="utf-8",
    )
    ds = dataset.load(str(mine))
    assert ds.translation("challenges", "informality", "fr") is None
    found = ds.translation("challenges", "discrimination", "es")
    assert found is not None and found[0]["name"] == "Discriminación"
