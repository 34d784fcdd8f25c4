"""The interface language end to end: machine output identical in every language, and what people read
in French and Spanish (golden files at 80 columns: a table, show, brief, --help).

Refresh the golden files after a change to a view or a translation with
``UPDATE_GOLDEN=1 python -m pytest tests/test_languages.py`` and read the diff.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from .conftest import cli, proc

GOLDEN = Path(__file__).parent / "golden" / "languages"

# Every way of choosing a language that is not English by default.
LANGUAGE_CHOICES: list[tuple[list[str], dict[str, str | None]]] = [
    (["--lang", "fr"], {}),
    (["--lang", "es"], {}),
    ([], {"LANG": "fr_FR.UTF-8"}),
    ([], {"LANG": "es_ES.UTF-8"}),
    ([], {"MIGDIALOGUE_LANG": "fr"}),
]
IDS = ["lang-fr", "lang-es", "LANG-fr", "LANG-es", "MIGDIALOGUE_LANG-fr"]

# Every command that writes a view, with arguments (run with each machine format).
VIEW_COMMANDS: list[list[str]] = [
    ["list"],
    ["list", "--region", "africa", "--type", "tripartite"],
    ["search", "domestic work"],
    ["search", "migrant", "--in", "all"],
    ["search", "nurses", "--explain"],
    ["country", "Jordan"],
    ["countries"],
    ["region", "Africa"],
    ["regions"],
    ["show", "jordan-garment-collective-agreement-2022"],
    ["show", "gender"],
    ["show", "c097"],
    ["challenges"],
    ["challenges", "gender"],
    ["recommendations"],
    ["recommendations", "social-dialogue-in-blmas"],
    ["instruments"],
    ["frameworks"],
    ["frameworks", "gcm"],
    ["sources"],
    ["sources", "44"],
    ["stats"],
    ["stats", "--by", "type"],
    ["stats", "--by", "challenge"],
    ["stats", "--overview"],
    ["timeline", "--region", "arab-states"],
    ["related", "qatar-joint-committees"],
    ["about"],
    # views with record text in French and Spanish on a screen (issue 22): the machine formats stay English
    ["show", "mf-principle-2"],
    ["show", "advancing-social-justice"],
    ["show", "global-compact-migration"],
    ["show", "jordan-garment-export-workers-2022"],
    ["stats", "--by", "sector"],
    ["stats", "--by", "country"],
    ["search", "Jordan garment", "--in", "all"],
    ["country", "Jordanie"],
]
MACHINE_FORMATS = ["json", "jsonl", "csv", "yaml"]
# What else scripts read: citations, exports to stdout, and the exit codes of mistakes.
OTHER_MACHINE_OUTPUT: list[list[str]] = [
    *(["export", "--format", fmt] for fmt in ("json", "jsonl", "yaml")),
    ["export", "--format", "csv", "--collection", "instruments"],
    ["export", "--format", "json", "--region", "africa"],
    *(["cite", "germany-skilled-immigration-act", "--style", style] for style in ("text", "bibtex", "ris", "csl-json")),
    ["country", "Atlantis", "--json"],
    ["show", "no-such-record", "--json"],
    ["list", "--since", "abc", "--json"],
    ["list", "--format", "xml"],
    ["stats", "--by", "nothing", "--json"],
    ["list", "--since", "2030", "--until", "2020", "--json"],
    ["nosuchcommand"],
]


def _machine_runs() -> list[list[str]]:
    runs = [[*args, "--format", fmt] for args in VIEW_COMMANDS for fmt in MACHINE_FORMATS]
    return runs + OTHER_MACHINE_OUTPUT


@pytest.mark.parametrize(("flags", "env"), LANGUAGE_CHOICES, ids=IDS)
def test_machine_output_is_the_same_in_every_language(flags: list[str], env: dict[str, str | None]) -> None:
    """JSON, JSON Lines, CSV, YAML, citations and exports: the same bytes and exit code as in English."""
    different = []
    for args in _machine_runs():
        english = cli(*args)
        other = cli(*args, *flags, env=env)
        if (other.out, other.code) != (english.out, english.code):
            different.append(" ".join(args))
    assert not different, different


@pytest.mark.parametrize(("flags", "env"), LANGUAGE_CHOICES[:2] + LANGUAGE_CHOICES[2:4], ids=IDS[:4])
def test_sqlite_export_is_the_same_in_every_language(flags: list[str], env: dict[str, str], tmp_path: Path) -> None:
    """The SQLite export holds the same rows whatever the language (a real process: files, environment)."""
    dumps = []
    for name, extra, variables in (("en.db", [], {}), ("other.db", flags, env)):
        result = proc("export", "--format", "sqlite", "--output", str(tmp_path / name), *extra, env=variables)
        assert result.returncode == 0, result.stderr
        with sqlite3.connect(tmp_path / name) as db:
            dumps.append(list(db.iterdump()))
    assert dumps[0] == dumps[1]


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_real_process_json_and_exit_codes_under_lang(lang: str) -> None:
    """The installed CLI under LANG=fr_FR.UTF-8 / es_ES.UTF-8 (no system locale needed: only the
    variables are read): the same JSON bytes and exit codes, the message in the language."""
    env = {"LANG": f"{lang}_{lang.upper()}.UTF-8", "LC_ALL": ""}
    english = proc("country", "Jordan", "--json")
    other = proc("country", "Jordan", "--json", env=env)
    assert other.stdout == english.stdout and other.returncode == english.returncode == 0
    missing_en, missing = proc("country", "Atlantis", "--json"), proc("country", "Atlantis", "--json", env=env)
    assert missing.returncode == missing_en.returncode == 1
    assert missing.stdout == missing_en.stdout == b""
    assert missing.stderr.decode().startswith(
        {
            "fr": "migdialogue: erreur\u00a0: aucun pays 'Atlantis'",
            "es": "migdialogue: error: ningún país 'Atlantis'",
        }[lang]
    )


# -- what people read, in French and Spanish: golden files at 80 columns ----------------------------

GOLDEN_RUNS: dict[str, list[str]] = {
    "list": ["list", "--region", "arab-states"],
    "show": ["show", "jordan-garment-collective-agreement-2022"],
    "brief": ["brief", "Jordan"],
    "help": ["--help"],
    "help-country": ["country", "--help"],
    "stats-by": ["stats", "--by", "region"],
    "country": ["country", "Jordan"],
}


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
@pytest.mark.parametrize("name", list(GOLDEN_RUNS))
def test_golden_in_each_language(name: str, lang: str) -> None:
    run = cli(*GOLDEN_RUNS[name], "--lang", lang, env={"COLUMNS": "80"})
    assert run.code == 0, run.err
    path = GOLDEN / lang / f"{name}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(run.out, encoding="utf-8")
    assert run.out == path.read_text(encoding="utf-8"), f"{path}: UPDATE_GOLDEN=1 python -m pytest {__file__}"


NOTICE = {
    "fr": "Traduction des éditeurs ; le texte anglais fait foi.",
    "es": "Traducción de los editores; el texto en inglés es el que hace fe.",
}


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_french_and_spanish_screens_say_once_the_text_is_the_editors_translation(lang: str) -> None:
    """Every screen that shows record text in French or Spanish says once that it is the editors'
    translation and the English is authoritative; the old line saying it is English is gone."""
    for args in (
        ["country", "Jordan"],
        ["show", "gender"],
        ["region", "Africa"],
        ["list", "--region", "africa"],
        ["recommendations"],
        ["challenges"],
        ["instruments"],
        ["frameworks"],
        ["stats"],
        ["stats", "--by", "challenge"],
        ["related", "qatar-joint-committees"],
        ["search", "domestic work"],
        ["search", "migrant", "--in", "all"],
        ["timeline", "--region", "arab-states"],
        ["show", "c097"],
    ):
        out = " ".join(cli(*args, "--lang", lang, env={"COLUMNS": "200"}).out.split())
        assert out.count(NOTICE[lang]) == 1, args
        assert "English, the brief" not in out and "en anglais, la langue" not in out, args
    english = cli("country", "Jordan", env={"COLUMNS": "200"}).out
    assert all(notice not in english for notice in NOTICE.values())


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("fr", ["Afrique", "Amériques", "États arabes", "Asie et Pacifique", "Europe et Asie centrale"]),
        ("es", ["África", "Américas", "Estados Árabes", "Asia y el Pacífico", "Europa y Asia Central"]),
    ],
)
def test_regions_have_the_ilo_official_names(lang: str, words: list[str]) -> None:
    out = cli("regions", "--lang", lang, env={"COLUMNS": "120"}).out
    assert all(word in out for word in words)
    assert "Arab States" not in out
