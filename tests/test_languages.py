"""The interface language end to end: machine output identical in every language, and what people read
in French and Spanish (golden files at 80 columns: a table, show, brief, --help).

Refresh the golden files after a change to a view or a translation with
``UPDATE_GOLDEN=1 python -m pytest tests/test_languages.py`` and read the diff.
"""

from __future__ import annotations

import functools
import os
import re
import sqlite3
from pathlib import Path

import pytest
import yaml

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
    # a text citation is read by people (its labels are in their language: test_text_citation_...)
    *(["cite", "germany-skilled-immigration-act", "--style", style] for style in ("bibtex", "ris", "csl-json")),
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


@functools.cache
def _english(args: tuple[str, ...]) -> tuple[str, int]:
    """A command's output and exit code in English, run once for every language compared with it."""
    run = cli(*args)
    return run.out, run.code


# a sweep of every command and machine format per way of choosing a language: one (--lang fr) in the
# fast loop, the others with the slow tests
@pytest.mark.parametrize(
    ("flags", "env"),
    [LANGUAGE_CHOICES[0], *(pytest.param(*choice, marks=pytest.mark.slow) for choice in LANGUAGE_CHOICES[1:])],
    ids=IDS,
)
def test_machine_output_is_the_same_in_every_language(flags: list[str], env: dict[str, str | None]) -> None:
    """JSON, JSON Lines, CSV, YAML, citations and exports: the same bytes and exit code as in English."""
    different = []
    for args in _machine_runs():
        other = cli(*args, *flags, env=env)
        if (other.out, other.code) != _english(tuple(args)):
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
    "stats": ["stats", "--country", "Jordan"],
    "explain": ["search", "domestic work", "--explain", "-n", "2"],
    "related": ["related", "jordan-garment-collective-agreement-2022", "-n", "3"],
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


# -- what was still English (issue 21's read-through): each in French and Spanish --------------------

NBSP = "\u00a0"


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_text_citation_speaks_the_language(lang: str) -> None:
    """A text citation is read by people and pasted into their notes: its words are in their language;
    what it cites stays as written (the brief's entry, the record's name, the footnotes). BibTeX, RIS
    and CSL-JSON are the same bytes in every language (test_machine_output_...)."""
    english = cli("cite", "jordan-garment-collective-agreement-2022", "--style", "text").out.splitlines()
    lines = cli("cite", "jordan-garment-collective-agreement-2022", "--style", "text", "--lang", lang).out.splitlines()
    said = {
        "en": ["Cited for: record 'jordan-garment-collective-agreement-2022' (Jordan's 2022 collective agreement "
               "for the garment sector).", "Sources the brief gives for it:"],
        "fr": [f"Cité pour{NBSP}: la fiche 'jordan-garment-collective-agreement-2022' (Jordan's 2022 collective "
               "agreement for the garment sector).",
               f"Sources que donne la note d'orientation pour cette fiche{NBSP}:"],
        "es": ["Se cita para la ficha 'jordan-garment-collective-agreement-2022' (Jordan's 2022 collective agreement "
               "for the garment sector).", "Fuentes que da la nota de orientación para esta ficha:"],
    }[lang]  # fmt: skip
    assert lines[1:3] == said
    assert lines[0] == english[0] and lines[3:] == english[3:]  # the brief's entry and the footnotes
    assert lines[0].startswith("International Labour Organization (ILO). 2025. Social dialogue for the governance")
    none = cli("cite", "netherlands-ser-labour-migration-advice-2014", "--style", "text", "--lang", lang).out
    if "[" not in none:  # a record with no footnote of its own says so in the language
        assert {
            "en": "The brief gives no footnote for it.",
            "fr": "La note d'orientation ne donne aucune note de bas de page pour cette fiche.",
            "es": "La nota de orientación no da ninguna nota al pie para esta ficha.",
        }[lang] in none


SEARCH_NOTICES = {
    # (command) -> what stderr says, in English, French, Spanish
    ("search", "zzzqqq"): (
        "no example mentions 'zzzqqq'",
        "aucun exemple ne mentionne 'zzzqqq'",
        "ningún ejemplo menciona 'zzzqqq'",
    ),
    ("search", "zzzqqq", "--country", "Jordan"): (
        "no example that your filters keep mentions 'zzzqqq'",
        "parmi ce que gardent vos filtres, aucun exemple ne mentionne 'zzzqqq'",
        "entre lo que conservan sus filtros, ningún ejemplo menciona 'zzzqqq'",
    ),
    ("search", "garment zzzqqq"): (
        "no example mentions 'zzzqqq'; the results match your other words",
        f"aucun exemple ne mentionne 'zzzqqq'{NBSP}; les résultats correspondent à vos autres mots",
        "ningún ejemplo menciona 'zzzqqq'; los resultados corresponden a sus otras palabras",
    ),
    ("search", "zzzqqq", "--in", "statistics"): (
        "no figure mentions 'zzzqqq'",
        "aucun chiffre ne mentionne 'zzzqqq'",
        "ninguna cifra menciona 'zzzqqq'",
    ),
    ("search", "convention 143"): (
        "also found instrument c143 (Migrant Workers (Supplementary Provisions) Convention, 1975 (No. 143)); "
        "use --in all",
        # the record's name in the language: here the convention's official title (NORMLEX)
        f"également trouvé{NBSP}: instrument c143 (Convention (n° 143) sur les travailleurs migrants "
        f"(dispositions complémentaires), 1975){NBSP}; utilisez --in all",
        "también se encontró: instrumento c143 (Convenio sobre los trabajadores migrantes (disposiciones "
        "complementarias), 1975 (núm. 143)); use --in all",
    ),
    ("sources", "500"): (
        "no footnote '500'; the footnotes run from 1 to 93",
        f"aucune note de bas de page '500'{NBSP}; les notes de bas de page vont de 1 à 93",
        "ninguna nota al pie '500'; las notas al pie van de la 1 a la 93",
    ),
    ("list", "--since", "2030", "--until", "2020"): (
        "--since 2030 is after --until 2020",
        "--since 2030 est postérieur à --until 2020",
        "--since 2030 es posterior a --until 2020",
    ),
    ("related", "c097"): (
        "'c097' is not an example; 'related' compares examples",
        f"'c097' n'est pas un exemple{NBSP}; 'related' compare des exemples",
        "'c097' no es un ejemplo; 'related' compara ejemplos",
    ),
    ("search", "-garment"): (
        "the search query only excludes words; say what to look for too",
        f"la requête de recherche ne fait qu'exclure des mots{NBSP}; dites aussi ce qu'il faut chercher",
        "la consulta de búsqueda solo excluye palabras; indique también qué buscar",
    ),
}


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
@pytest.mark.parametrize("args", list(SEARCH_NOTICES), ids=[" ".join(a) for a in SEARCH_NOTICES])
def test_search_notices_and_errors_in_each_language(args: tuple[str, ...], lang: str) -> None:
    """The search's notices (what no record mentions, what the filters kept, a record found elsewhere)
    and the errors of a footnote or a query are in the user's language, each one line on stderr."""
    run = cli(*args, "--lang", lang, env={"COLUMNS": "400"})
    expected = SEARCH_NOTICES[args][["en", "fr", "es"].index(lang)]
    lines = run.err.splitlines()
    assert any(line.endswith(expected) for line in lines), (expected, lines)
    if lang != "en":  # and nothing of the English's words is left
        english = SEARCH_NOTICES[args][0]
        assert not any(english in line for line in lines)


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("fr", ["traduction 'domestic work'", "dans titre", "couvre 100 %", "(idf"]),
        ("es", ["traducción 'domestic work'", "en título", "cubre 100 %", "(idf"]),
    ],
)
def test_search_explain_names_how_and_where_in_the_language(lang: str, words: list[str]) -> None:
    # (a screen writes a no-break space as a space: Rich and render/plain.py break lines at it)
    out = cli("search", "travail domestique", "--explain", "--lang", lang, env={"COLUMNS": "400"}).out.replace(
        NBSP, " "
    )
    assert all(w in out for w in words), out
    assert " translation '" not in out and " in title" not in out


@pytest.mark.parametrize(("lang", "point"), [("en", "."), ("fr", ","), ("es", ",")])
def test_scores_and_weights_with_the_language_s_decimal_mark(lang: str, point: str) -> None:
    """A search's scores, --explain's weights and related's scores are read by people: 11,7 in French
    and Spanish (the CSV keeps its 11.7)."""
    table = cli("search", "domestic work", "-n", "3", "--lang", lang).out
    scores = re.findall(r"^  (?:Score|Puntuación) +(\d+\W\d)$", table, re.M)
    assert len(scores) == 3 and all(s[-2] == point for s in scores), table
    explain = " ".join(cli("search", "domestic work", "--explain", "-n", "1", "--lang", lang).out.split())
    assert re.search(rf"\(100{re.escape(point)}0\)", explain), explain
    assert re.search(rf"\+\d{re.escape(point)}\d\d \(idf \d{re.escape(point)}\d\d, ", explain), explain
    related = cli("related", "jordan-garment-collective-agreement-2022", "--lang", lang).out
    assert f"5{point}5" in related, related
    csv = cli("search", "domestic work", "-n", "1", "--format", "csv", "--lang", lang).out
    assert csv.splitlines()[1].startswith("100.0,"), csv


@pytest.mark.parametrize(
    ("lang", "value", "unit"),
    [
        ("en", "around 78,600", "workers"),
        ("fr", f"environ 78{NBSP}600", "travailleurs"),
        ("es", f"cerca de 78{NBSP}600", "trabajadores"),
    ],
)
def test_figures_in_the_language(lang: str, value: str, unit: str) -> None:
    """A figure's qualifier, number and unit as the language writes them: in a figure's screen, the
    figures of a country, and the briefing note (a no-break space is never a place to break a line)."""
    on_screen = value.replace(NBSP, " ")  # a screen writes a no-break space as a space
    shown = cli("show", "jordan-garment-export-workers-2022", "--lang", lang, env={"COLUMNS": "80"}).out
    assert on_screen in shown.replace(NBSP, " ") and unit in shown.split()
    stats = cli("stats", "--country", "Jordan", "--lang", lang, env={"COLUMNS": "80"}).out
    assert on_screen in stats.replace(NBSP, " ")
    brief = cli("brief", "Jordan", "--lang", lang, env={"COLUMNS": "80"}).out  # the note keeps it
    assert f"{value} {unit} (2022)" in brief.replace("\n  ", " ")
    share = {"en": "75 per cent", "fr": "75 pour cent", "es": "75 por ciento"}[lang]
    assert share in " ".join(brief.split())


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_lists_and_labels_follow_the_language_typography(lang: str) -> None:
    """French puts a no-break space before ; and : wherever the screen joins words with them (the
    actors and parties of show, related's reasons, the briefing note's challenges); Spanish none."""
    sep = f"{NBSP};" if lang == "fr" else ";"
    shown = " ;" if lang == "fr" else ";"  # a screen writes a no-break space as a space
    show = cli("show", "jordan-garment-collective-agreement-2022", "--lang", lang, env={"COLUMNS": "400"}).out
    assert f"(J-GATE){shown} Association of Owners" in show.replace(NBSP, " ")
    related = cli("related", "jordan-garment-collective-agreement-2022", "--lang", lang, env={"COLUMNS": "400"}).out
    related = related.replace(NBSP, " ")
    assert f"{shown} " in related
    if lang == "fr":
        assert "; " not in related.replace(" ; ", "")
    brief = " ".join(cli("brief", "Jordan", "--lang", lang, env={"COLUMNS": "80"}).out.split(" ")).replace("\n", " ")
    discrimination = {"fr": "Discrimination", "es": "Discriminación"}[lang]
    assert f"{discrimination}{sep} " in brief


def test_numbers_and_shares_as_each_language_writes_them() -> None:
    from migdialogue.i18n import number, percent

    assert [number(n, "en") for n in (5, 1500, 78600, 60.6)] == ["5", "1,500", "78,600", "60.6"]
    assert [number(n, "fr") for n in (5, 1500, 78600, 60.6)] == ["5", f"1{NBSP}500", f"78{NBSP}600", "60,6"]
    assert [number(n, "es") for n in (5, 1500, 78600, 60.6)] == ["5", "1500", f"78{NBSP}600", "60,6"]
    assert (percent(0.746, "en"), percent(0.746, "fr"), percent(1, "es")) == ("75%", f"75{NBSP}%", f"100{NBSP}%")


@pytest.mark.parametrize("columns", ["40", "60", "80"])
def test_french_screens_never_begin_a_line_with_a_sign(columns: str) -> None:
    """French typography's no-break space before : ; % (and inside « ») is never a place to break a
    line, in tables, fields, sections and the briefing note alike: no line starts with the sign."""
    signs = (":", ";", "%", "!", "?", "»")
    for args in (
        ["search", "domestic work", "--explain", "-n", "3"],
        ["related", "jordan-garment-collective-agreement-2022", "-n", "3"],
        ["show", "jordan-garment-collective-agreement-2022"],
        ["country", "Jordanie"],
        ["stats", "--by", "type"],
        ["challenges"],
        ["brief", "Jordanie"],
    ):
        out = cli(*args, "--lang", "fr", env={"COLUMNS": columns}).out
        starts = [line for line in out.splitlines() if line.strip(" │┃|").startswith(signs)]
        assert not starts, (args, starts)
        assert NBSP in out, args  # written as a no-break space (a pipe and a file keep it)


BROKEN = """examples:
  - id: x
    title: 5
    countries: [Espagne, Narnia]
    regoin: africa
    summary: yes
"""


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_validate_speaks_the_language(lang: str, tmp_path: Path) -> None:
    """A user's broken dataset: each problem in the user's language, FILE:LINE: kept as editors and
    tools read it (a French name of a country is accepted: only Narnia is unknown)."""
    path = tmp_path / "mine.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    run = cli("validate", str(path), "--lang", lang)
    assert run.code == 3
    lines = [line.replace(str(path), "mine.yaml") for line in run.out.splitlines()]
    expected = {
        "en": [
            "mine.yaml:5: record x: unknown field 'regoin' (did you mean 'region'?)",
            "mine.yaml:3: record x: field 'title' must be text, not a number",
            "mine.yaml:6: record x: field 'summary': 'yes' is read by YAML as a boolean; put it in quotes if it is"
            " text",
            "mine.yaml:2: record x: missing required field 'region'",
            "mine.yaml:4: record x: field 'countries': unknown country 'Narnia'",
        ],
        "fr": [
            f"mine.yaml:5: fiche x: champ inconnu 'regoin' (vouliez-vous dire 'region'{NBSP}?)",
            "mine.yaml:3: fiche x: le champ 'title' doit être du texte, pas un nombre",
            f"mine.yaml:6: fiche x: champ 'summary'{NBSP}: YAML lit 'yes' comme un booléen{NBSP}; mettez-le entre "
            "guillemets si c'est du texte",
            "mine.yaml:2: fiche x: champ obligatoire 'region' manquant",
            f"mine.yaml:4: fiche x: champ 'countries'{NBSP}: pays inconnu 'Narnia'",
        ],
        "es": [
            "mine.yaml:5: ficha x: campo desconocido 'regoin' (¿quiso decir 'region'?)",
            "mine.yaml:3: ficha x: el campo 'title' debe ser texto, no un número",
            "mine.yaml:6: ficha x: campo 'summary': YAML lee 'yes' como un booleano; póngalo entre comillas si es"
            " texto",
            "mine.yaml:2: ficha x: falta el campo obligatorio 'region'",
            "mine.yaml:4: ficha x: campo 'countries': país desconocido 'Narnia'",
        ],
    }[lang]
    assert all(line in lines for line in expected), lines
    said = {"en": "15 problems found", "fr": "15 problèmes trouvés", "es": "15 problemas encontrados"}[lang]
    assert run.err.strip().endswith(said.split(" ", 1)[1]), run.err
    csv_path = tmp_path / "mine.csv"
    csv_path.write_text("id,title\nx\n", encoding="utf-8")
    row = {
        "en": "row has 1 cell, the header names 2",
        "fr": "la ligne a 1 cellule, l'en-tête en nomme 2",
        "es": "la fila tiene 1 celda, pero el encabezado nombra 2",
    }[lang]
    assert row in cli("validate", str(csv_path), "--lang", lang).out


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_file_errors_in_each_language(lang: str, tmp_path: Path) -> None:
    """An output file that exists and a data folder with no dataset file: one line in the language."""
    exists = tmp_path / "out.json"
    exists.write_text("{}", encoding="utf-8")
    run = cli("export", "--format", "json", "--output", str(exists), "--lang", lang)
    said = {
        "en": f"{exists} exists; use --force to overwrite it",
        "fr": f"{exists} existe{NBSP}; utilisez --force pour le remplacer",
        "es": f"{exists} ya existe; use --force para sobrescribirlo",
    }[lang]
    assert run.code == 2 and run.err.rstrip("\n").endswith(said), run.err
    empty = tmp_path / "empty"
    empty.mkdir()
    run = cli("list", "--data", str(empty), "--lang", lang)
    said = {
        "en": "folder has no .yaml or .yml files (nor .json, .jsonl or .csv)",
        "fr": "le dossier ne contient aucun fichier .yaml ou .yml (ni .json, .jsonl ni .csv)",
        "es": "la carpeta no contiene ningún archivo .yaml o .yml (ni .json, .jsonl ni .csv)",
    }[lang]
    assert run.code == 2 and run.err.rstrip("\n").endswith(said), run.err


@pytest.mark.parametrize("width", [40, 60, 80])
def test_french_briefing_note_on_a_terminal_keeps_its_no_break_spaces(width: int) -> None:
    """On a terminal the note is Markdown laid out by Rich, which breaks lines at any space: a
    no-break space is held through it, so no line begins with : ; » (as piped, above)."""
    from migdialogue.render.table import render_markdown_terminal

    note = cli("brief", "Jordanie", "--lang", "fr", env={"COLUMNS": "200"}).out
    shown = render_markdown_terminal(note, width, color=True)
    plain = re.sub(r"\x1b\[[0-9;]*m", "", shown)
    starts = [line for line in plain.splitlines() if line.lstrip(" •").startswith((":", ";", "%", "»", "?", "!"))]
    assert not starts and NBSP in shown and "\ue000" not in shown


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "bad.json:3: invalid JSON: Expecting value"),
        ("fr", f"bad.json:3: JSON non valide{NBSP}: valeur attendue"),
        ("es", "bad.json:3: JSON no válido: se esperaba un valor"),
    ],
)
def test_python_s_json_reasons_in_the_language(tmp_path: Path, lang: str, said: str) -> None:
    """The JSON decoder's reason (Python's English words) is said in the interface language too."""
    path = tmp_path / "bad.json"
    path.write_text('{"examples": [\n{"id": "x",\n"title": }]}', encoding="utf-8")
    run = cli("validate", str(path), "--lang", lang)
    assert run.code == 3
    assert said in [line.replace(str(path), "bad.json") for line in run.out.splitlines()], run.out


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "bad.yaml:3: invalid YAML: did not find expected '-' indicator"),
        ("fr", f"bad.yaml:3: YAML non valide{NBSP}: indicateur '-' attendu"),
        ("es", "bad.yaml:3: YAML no válido: se esperaba el indicador '-'"),
    ],
)
def test_the_yaml_loader_s_reasons_in_the_language(tmp_path: Path, lang: str, said: str) -> None:
    """LibYAML's reason, as the JSON decoder's, is said in the interface language (the pure-Python
    loader, without LibYAML, words this one otherwise: then only the problem is checked)."""
    path = tmp_path / "bad.yaml"
    path.write_text("examples:\n  - id: a\n  title: b\n", encoding="utf-8")
    run = cli("validate", str(path), "--lang", lang)
    assert run.code == 3
    lines = [line.replace(str(path), "bad.yaml") for line in run.out.splitlines()]
    if hasattr(yaml, "CSafeLoader"):
        assert said in lines, run.out
    else:
        assert any(line.startswith("bad.yaml:") and "YAML" in line for line in lines), run.out


def test_a_duplicate_id_in_french_and_spanish(tmp_path: Path) -> None:
    """Read as a stream (ingest.py), a user's two records with one id: said in the language."""
    record = "  - {id: same, title: t, summary: s, countries: [Jordan], region: [arab-states], level: national,\n"
    record += "     dialogue_type: tripartite, theme: policy-formulation, years: [2020], sectors: [], actors: [],\n"
    record += "     challenges: [gender], sources: [44]}\n"
    path = tmp_path / "twice.yaml"
    path.write_text("examples:\n" + record + record, encoding="utf-8")
    said = {
        "en": "duplicate id (also at",
        "fr": "identifiant en double (aussi dans",
        "es": "identificador repetido (también en",
    }
    for lang, words in said.items():
        out = cli("validate", str(path), "--lang", lang).out
        assert f"twice.yaml:5: {dict(en='record', fr='fiche', es='ficha')[lang]} same: {words} twice.yaml:2)" in out, (
            out
        )


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("en", "- **Value:** around 78,600"),
        ("fr", f"- **Valeur{NBSP}:** environ 78{NBSP}600"),
        ("es", f"- **Valor:** cerca de 78{NBSP}600"),
    ],
)
def test_markdown_for_people_in_the_language(lang: str, line: str) -> None:
    """--format markdown is read by people: its field labels follow the language's typography."""
    out = cli("show", "jordan-garment-export-workers-2022", "--format", "markdown", "--lang", lang).out
    assert line in out.splitlines(), out


def test_a_lexicon_problem_in_french_and_spanish(tmp_path: Path) -> None:
    """A folder holding a copy of the lexicon validates as the bundled data does, in the language."""
    import shutil

    data = Path(__file__).parent.parent / "src" / "migdialogue" / "data"
    for name in data.glob("*.yaml"):
        shutil.copy(name, tmp_path / name.name)
    lexicon = tmp_path / "lexicon.yaml"
    lexicon.write_text(
        lexicon.read_text(encoding="utf-8").replace("\nconcepts:\n", "\nconcepts:\n  - id: Bad_Id\n    en: [zz]\n", 1),
        encoding="utf-8",
    )
    said = {
        "en": "record Bad_Id: id must be lower-case kebab-case",
        "fr": "fiche Bad_Id: l'identifiant doit être écrit en minuscules, mots reliés par des tirets",
        "es": "ficha Bad_Id: el identificador debe escribirse en minúsculas, con palabras unidas por guiones",
    }
    for lang, line in said.items():
        run = cli("validate", str(tmp_path), "--lang", lang)
        assert run.code == 3 and line in run.out, run.out
