"""The interface language: how it is chosen, and English loading no catalogue."""

from __future__ import annotations

import pytest

from migdialogue import i18n


@pytest.mark.parametrize(
    ("explicit", "env", "expected"),
    [
        ("fr", {}, "fr"),
        ("ES", {"LANG": "fr_FR.UTF-8"}, "es"),
        (None, {"MIGDIALOGUE_LANG": "es", "LANG": "fr_FR.UTF-8"}, "es"),
        (None, {"LANGUAGE": "de:fr", "LANG": "es_ES.UTF-8"}, "fr"),
        (None, {"LC_ALL": "es_MX.UTF-8", "LANG": "fr_FR.UTF-8"}, "es"),
        (None, {"LC_MESSAGES": "fr_CA", "LANG": "es_ES"}, "fr"),
        (None, {"LANG": "de_DE.UTF-8"}, "en"),
        (None, {"LANG": "C.UTF-8"}, "en"),
        (None, {}, "en"),
        ("xx", {"LANG": "fr_BE.UTF-8"}, "fr"),
    ],
)
def test_choose(explicit: str | None, env: dict[str, str], expected: str) -> None:
    assert i18n.choose(explicit, env) == expected


def test_english_loads_no_catalogue() -> None:
    i18n.set_language("en")
    assert i18n._("Examples") == "Examples"
    assert i18n.ngettext("one example", "{n} examples", 2) == "{n} examples"
    assert i18n._state["catalogue"] is None


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_the_names_reader_answers_as_the_gettext_catalogue(lang: str) -> None:
    """i18n.names reads a compiled catalogue for the vocabularies' names without parsing it all (search
    reads them in every language): every message with a context reads as gettext reads it, and one the
    catalogue lacks is itself. English and a language with no catalogue have none."""
    full = i18n.catalogue(lang)
    light = i18n.names(lang)
    assert full is not None and light is not None
    keyed = [key.split("\x04", 1) for key in full._catalog if isinstance(key, str) and "\x04" in key]  # type: ignore[attr-defined]
    assert len(keyed) > 50
    assert [light.pgettext(c, m) for c, m in keyed] == [full.pgettext(c, m) for c, m in keyed]  # type: ignore[attr-defined]
    assert light.pgettext("region", "Africa") != "Africa"
    assert light.pgettext("region", "Atlantis") == "Atlantis"
    assert light.pgettext("no such context", "Africa") == "Africa"
    assert i18n.names("en") is None and i18n.names("de") is None


# -- the interface language on the command line ------------------------------------------------------

from .conftest import cli, proc  # noqa: E402


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        (["--lang", "fr", "country", "--help"], {}, "Utilisation\u00a0: migdialogue country"),
        (["country", "--help", "--lang=es"], {}, "Uso: migdialogue country"),
        (["--lang", "es"], {}, "Uso: migdialogue [OPCIONES] COMANDO"),
        (["country", "--help"], {"LANG": "fr_FR.UTF-8"}, "Un pays\u00a0: ses codes"),
        (["country", "--help"], {"MIGDIALOGUE_LANG": "es", "LANG": "fr_FR.UTF-8"}, "Un país: sus códigos"),
        (["country", "--help", "--lang", "en"], {"LANG": "fr_FR.UTF-8"}, "One country: codes"),
        (["country", "--help"], {}, "Usage: migdialogue country [OPTIONS] {NAME}"),
    ],
)
def test_help_in_the_chosen_language(args: list[str], env: dict[str, str | None], expected: str) -> None:
    run = cli(*args, env=env)
    assert run.code == 0, run.err
    assert expected in run.out


def test_every_command_takes_lang() -> None:
    """--lang is declared once, and every command (and the tool itself) lists it."""
    from migdialogue.cli import app

    names = [c.name or c.callback.__name__ for c in app.registered_commands if c.callback is not None]
    assert len(names) > 15
    for name in [*names, None]:
        run = cli(*([name] if name else []), "--help")
        assert "--lang LANG" in run.out, name


@pytest.mark.parametrize(
    ("args", "lang", "expected"),
    [
        (["country", "Jordan", "--bogus"], "fr", "migdialogue: erreur\u00a0: Option inconnue\u00a0: --bogus\n"),
        (["country"], "es", "migdialogue: error: Falta el argumento 'NAME'.\n"),
        (
            ["countri"],
            "fr",
            "migdialogue: erreur\u00a0: Commande 'countri' inconnue. Vouliez-vous dire 'countries', 'country'\u00a0?\n",
        ),
        (
            ["list", "--since", "abc"],
            "es",
            "migdialogue: error: Valor no válido para '--since': 'abc' no es un número entero.\n",
        ),
        (
            ["country", "Jordan", "extra", "--format", "xml"],
            "fr",
            "Valeur non valide pour '--format' / '-f'\u00a0: 'xml'",
        ),
    ],
)
def test_click_errors_in_the_chosen_language(args: list[str], lang: str, expected: str) -> None:
    run = cli(*args, "--lang", lang)
    assert run.code == 2
    assert expected in run.err
    assert run.err.count("\n") == 1


def test_a_bad_lang_is_one_line_and_exit_2() -> None:
    result = proc("country", "Jordan", "--lang", "de", env={"LANG": "fr_FR.UTF-8"})
    assert result.returncode == 2
    assert result.stderr.decode() == "migdialogue: erreur\u00a0: --lang 'de'\u00a0: choisissez en, fr ou es\n"
    assert result.stdout == b""
    assert cli("--lang").err == "migdialogue: error: --lang needs a value: en, fr or es\n"


def test_a_run_from_python_leaves_the_library_language_as_it_was() -> None:
    """The CLI run in-process (tests, a host program) sets its language for the run only."""
    i18n.set_language("en")
    assert "Uso:" in cli("--lang", "es", "country", "--help").out
    assert i18n.language() == "en" and i18n._("Examples") == "Examples"


@pytest.mark.parametrize(
    ("lang", "folder", "missing"),
    [
        ("fr", "est un dossier\u00a0; indiquez le chemin", "fichier ou dossier introuvable"),
        ("es", "es una carpeta; indique la ruta", "no existe ese archivo ni esa carpeta"),
    ],
)
def test_file_errors_in_the_interface_language(tmp_path: object, lang: str, folder: str, missing: str) -> None:
    """A folder given as --output and a missing --data file are said in the user's language, in one line."""
    run = cli("--lang", lang, "export", "--format", "csv", "--output", str(tmp_path))
    assert run.code != 0 and folder in run.err and len(run.err.strip().splitlines()) == 1
    run = cli("--lang", lang, "list", "--data", str(tmp_path) + "/absent.yaml")
    assert run.code != 0 and missing in run.err and len(run.err.strip().splitlines()) == 1
